import { describe, expect, it } from 'vitest'
import type { Observation } from './model.js'
import { listPrices } from './prices.js'
import {
  candidateAt,
  confidenceOf,
  DEFAULT_MEMORY_SIZES,
  type FunctionFacts,
  memoryFloorMb,
  recommend,
} from './recommend.js'

const prices = listPrices('x86_64')
const repeat = (observation: Observation, count: number): Observation[] => Array(count).fill(observation)

const factsOf = (overrides: Partial<FunctionFacts>): FunctionFacts => ({
  memoryMb: 256,
  invocations: 2000,
  observations: repeat({ durationMs: 260, cpuMs: 35 }, 20),
  parallelism: 1,
  peakMemoryMb: 70,
  inFlightMax: 1,
  initMsTotal: 0,
  durationMsTotal: 520_000,
  medianCpuRatio: 35 / 260,
  ...overrides,
})

const adviceFor = (facts: FunctionFacts) => {
  const floor = memoryFloorMb(facts.peakMemoryMb)
  const candidates = DEFAULT_MEMORY_SIZES.map((memoryMb) => candidateAt(facts, memoryMb, prices, floor))
  return { candidates, recommendation: recommend(facts, candidates, floor) }
}

describe('recommend', () => {
  it('gives a CPU-bound function at 256 MB more memory: about one vCPU, faster at a similar cost', () => {
    const { recommendation, candidates } = adviceFor(factsOf({}))

    expect(recommendation.memoryMb).toBe(1769)
    expect(recommendation.reasons[0]).toMatch(/^4\.9x faster for \d+ % more/)
    expect(recommendation.reasons).toContain(
      'more memory stops buying speed above about 1,769 MB: the function used at most 1.0 vCPU',
    )
    expect(candidates.find((c) => c.memoryMb === 256)?.predictedDurationMs).toEqual({ p50: 260, p95: 260 })
  })

  it('gives an I/O-bound function at 1,024 MB less memory: cheaper, a little slower', () => {
    const facts = factsOf({
      memoryMb: 1024,
      observations: repeat({ durationMs: 102, cpuMs: 2 }, 20),
      medianCpuRatio: 2 / 102,
    })

    const { recommendation, candidates } = adviceFor(facts)

    expect(recommendation.memoryMb).toBe(128)
    expect(recommendation.reasons[0]).toMatch(/^\d+ % cheaper for 24 % longer/)
    const at128 = candidates.find((c) => c.memoryMb === 128)
    expect(at128?.predictedDurationMs.p50).toBeCloseTo(126.19, 2)
    expect(at128?.costPerMillionUsd).toBeCloseTo(0.4646, 4)
  })

  it('never goes below peak memory plus 25 % headroom, and says when more is needed', () => {
    const facts = factsOf({
      memoryMb: 128,
      peakMemoryMb: 120,
      observations: repeat({ durationMs: 102, cpuMs: 2 }, 20),
    })

    const { recommendation, candidates } = adviceFor(facts)

    expect(memoryFloorMb(120)).toBe(150)
    expect(candidates.filter((c) => !c.fitsMemory).map((c) => c.memoryMb)).toEqual([128])
    expect(recommendation.memoryMb).toBe(256)
    expect(recommendation.reasons[0]).toMatch(/^more headroom needed: peak memory 120 MB/)
  })
})

describe('confidenceOf', () => {
  it.each([
    [10, 'low'],
    [50, 'medium'],
    [999, 'medium'],
    [1000, 'high'],
  ] as const)('rests on the count: %i invocations give %s', (invocations, level) => {
    expect(confidenceOf(factsOf({ invocations }))).toEqual({ level, invocations, caveats: [] })
  })

  it.each([
    [{ parallelism: 2 }, /^multi-threaded work/],
    [{ inFlightMax: 4 }, /^up to 4 invocations in flight/],
    [{ initMsTotal: 200_000 }, /^init-dominated/],
    [{ medianCpuRatio: 0.5 }, /^CPU time above the quota of 256 MB \(0\.50 vCPU against 0\.14\)/],
  ])('lowers the level where the model does not apply: %j', (overrides, caveat) => {
    const confidence = confidenceOf(factsOf(overrides))

    expect(confidence.level).toBe('medium')
    expect(confidence.caveats).toEqual([expect.stringMatching(caveat)])
  })
})
