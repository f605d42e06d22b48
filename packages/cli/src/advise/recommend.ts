import { cpuShare, MB_PER_VCPU, type Observation, percentile, predictDurationMs } from './model.js'
import { invocationCostUsd, type Prices } from './prices.js'
import type { Candidate, Confidence, ConfidenceLevel, Recommendation } from './types.js'

/** Memory kept free above the peak resident set: garbage collection and bursts need room. */
export const HEADROOM_SHARE = 0.25

/** Lambda's smallest and largest memory sizes. */
export const MIN_MEMORY_MB = 128
export const MAX_MEMORY_MB = 10_240

/** Default candidate sizes: the usual steps, 1,769 MB (one vCPU) and Compute Optimizer's 3,008 MB. */
export const DEFAULT_MEMORY_SIZES: readonly number[] = [
  128, 256, 512, 1024, 1536, 1769, 2048, 3008, 4096, 6144, 8192, 10240,
]

/** Confidence by invocation count: Compute Optimizer asks for 50, and a p95 wants about a thousand. */
const LEVEL_BY_COUNT: readonly [minimum: number, level: ConfidenceLevel][] = [
  [1000, 'high'],
  [50, 'medium'],
  [0, 'low'],
]

const SLOWER_THAN_SAME_SPEED = 1.05
const LEVELS: readonly ConfidenceLevel[] = ['low', 'medium', 'high']

export interface FunctionFacts {
  readonly memoryMb: number
  readonly invocations: number
  readonly observations: readonly Observation[]
  readonly parallelism: number
  readonly peakMemoryMb: number | null
  readonly inFlightMax: number
  readonly initMsTotal: number
  readonly durationMsTotal: number
  /** Median CPU time over duration; above the measured size's quota, no Lambda CPU limit held. */
  readonly medianCpuRatio: number
}

const mean = (values: readonly number[]): number =>
  values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length)

/** The row of one memory size: predicted percentiles and cost per million over the kept invocations. */
export const candidateAt = (
  facts: FunctionFacts,
  memoryMb: number,
  prices: Prices,
  memoryFloorMb: number,
): Candidate => {
  const durations = facts.observations.map((observation) =>
    memoryMb === facts.memoryMb
      ? observation.durationMs
      : predictDurationMs(observation, facts.memoryMb, memoryMb, facts.parallelism),
  )
  return {
    memoryMb,
    predictedDurationMs: { p50: percentile(durations, 50), p95: percentile(durations, 95) },
    costPerMillionUsd: mean(durations.map((ms) => invocationCostUsd(memoryMb, ms, prices))) * 1_000_000,
    fitsMemory: memoryMb >= memoryFloorMb,
  }
}

/** Peak memory plus the headroom share; without a known peak, Lambda's smallest size. */
export const memoryFloorMb = (peakMemoryMb: number | null): number =>
  peakMemoryMb === null ? MIN_MEMORY_MB : Math.ceil(peakMemoryMb * (1 + HEADROOM_SHARE))

const percentChange = (from: number, to: number): string => `${Math.round(Math.abs(to / from - 1) * 100)} %`
const ms = (value: number): string => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`
const usd = (value: number): string => `$${value < 10 ? value.toFixed(2) : value.toFixed(0)}`

/** The verdict in words, comparing the recommended size with the measured one. */
const verdict = (current: Candidate, best: Candidate): string => {
  const faster = best.predictedDurationMs.p50 < current.predictedDurationMs.p50 / SLOWER_THAN_SAME_SPEED
  const slower = best.predictedDurationMs.p50 > current.predictedDurationMs.p50 * SLOWER_THAN_SAME_SPEED
  const cheaper = best.costPerMillionUsd < current.costPerMillionUsd
  const speed = `p50 ${ms(current.predictedDurationMs.p50)} -> ${ms(best.predictedDurationMs.p50)}`
  const cost = `${usd(current.costPerMillionUsd)} -> ${usd(best.costPerMillionUsd)} per million`
  if (faster && cheaper) return `faster and cheaper: ${speed}, ${cost}`
  if (cheaper && !slower) return `cheaper at the same speed: ${cost}, ${speed}`
  if (cheaper) {
    return `${percentChange(current.costPerMillionUsd, best.costPerMillionUsd)} cheaper for ${percentChange(current.predictedDurationMs.p50, best.predictedDurationMs.p50)} longer: ${cost}, ${speed}`
  }
  return `${(current.predictedDurationMs.p50 / best.predictedDurationMs.p50).toFixed(1)}x faster for ${percentChange(current.costPerMillionUsd, best.costPerMillionUsd)} more: ${speed}, ${cost}`
}

/** Where the model does not hold, each caveat lowering the level by one. */
const caveatsOf = (facts: FunctionFacts): string[] => {
  const caveats: string[] = []
  if (facts.parallelism > 1.1) {
    caveats.push(
      `multi-threaded work (up to ${facts.parallelism.toFixed(1)} vCPUs used at once): the quota is shared by threads the model treats as one`,
    )
  }
  if (facts.inFlightMax > 1) {
    caveats.push(
      `up to ${facts.inFlightMax} invocations in flight at once: each record's CPU time covers all of them`,
    )
  }
  const quota = cpuShare(facts.memoryMb, 1)
  if (facts.medianCpuRatio > 1.1 * quota) {
    caveats.push(
      `CPU time above the quota of ${facts.memoryMb} MB (${facts.medianCpuRatio.toFixed(2)} vCPU against ${quota.toFixed(2)}): not measured under Lambda's CPU limit, so the wait time and the predictions are off`,
    )
  }
  if (facts.initMsTotal > 0.2 * facts.durationMsTotal) {
    caveats.push(
      'init-dominated: cold-start init time is over a fifth of the invocation time, and the model predicts only invocations',
    )
  }
  return caveats
}

export const confidenceOf = (facts: FunctionFacts): Confidence => {
  const caveats = caveatsOf(facts)
  const byCount = LEVEL_BY_COUNT.find(([minimum]) => facts.invocations >= minimum)?.[1] ?? 'low'
  const level = LEVELS[Math.max(0, LEVELS.indexOf(byCount) - caveats.length)] ?? 'low'
  return { level, invocations: facts.invocations, caveats }
}

/**
 * The size to run at: among those at or above the memory floor, the one with the lowest cost x duration
 * (the balance Lambda Power Tuning calls "balanced", without its weight), the smaller size on a tie.
 */
export const recommend = (
  facts: FunctionFacts,
  candidates: readonly Candidate[],
  floorMb: number,
): Recommendation => {
  const current = candidates.find((candidate) => candidate.memoryMb === facts.memoryMb)
  const fitting = candidates.filter((candidate) => candidate.fitsMemory)
  const pool = fitting.length > 0 ? fitting : candidates.slice(-1)
  const score = (candidate: Candidate) => candidate.costPerMillionUsd * candidate.predictedDurationMs.p50
  const best = pool.reduce((winner, candidate) => (score(candidate) < score(winner) ? candidate : winner))
  const reasons: string[] = []
  if (facts.memoryMb < floorMb) {
    reasons.push(
      `more headroom needed: peak memory ${Math.round(facts.peakMemoryMb ?? 0)} MB leaves less than ${HEADROOM_SHARE * 100} % of ${facts.memoryMb} MB free`,
    )
  }
  if (!current || current.memoryMb === best.memoryMb) {
    reasons.push('already the best balance of speed and cost among the candidates')
  } else reasons.push(verdict(current, best))
  const saturationMb = Math.round(facts.parallelism * MB_PER_VCPU)
  if (cpuShare(best.memoryMb, facts.parallelism) >= facts.parallelism && saturationMb <= MAX_MEMORY_MB) {
    reasons.push(
      `more memory stops buying speed above about ${saturationMb.toLocaleString('en-US')} MB: the function used at most ${facts.parallelism.toFixed(1)} vCPU`,
    )
  }
  if (floorMb > MIN_MEMORY_MB && fitting.length < candidates.length) {
    reasons.push(
      `nothing below ${floorMb} MB: peak memory ${Math.round(facts.peakMemoryMb ?? 0)} MB plus ${HEADROOM_SHARE * 100} % headroom`,
    )
  }
  return { memoryMb: best.memoryMb, reasons, confidence: confidenceOf(facts) }
}
