import { loadavg, tmpdir, totalmem } from 'node:os'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { createCollector } from '../collector.js'
import { measure } from '../measure.js'
import { METRICS } from '../metrics.js'
import { namesOfGroups } from '../test-support/proc-trees.js'
import type { ReadProblem } from '../types.js'

const LINUX_ONLY = namesOfGroups(['fileDescriptors', 'threads'])
/**
 * os.cpus() counts 10 ms ticks, so the CPU figures of two back-to-back samples wait for the trailing window
 * (absent until it fills), and there is no held-back counter off /proc at all.
 */
const WINDOWED: readonly string[] = METRICS.filter((metric) => 'windowed' in metric).map(
  (metric) => metric.name,
)

/** Two samples of the portable source in this process, as the middleware takes them. */
const samplePortable = async (memoryLimitMb?: number) => {
  const problems: ReadProblem[] = []
  const collector = createCollector({
    source: 'systeminformation',
    diskPath: tmpdir(),
    ...(memoryLimitMb === undefined ? {} : { memoryLimitMb }),
    onReadProblem: (problem) => problems.push(problem),
  })
  onTestFinished(() => collector.close())
  const before = await collector.sample('counters')
  const after = await collector.sample('full')
  return { collector, before, after, problems }
}

describe("source 'systeminformation' (Node's os APIs, systeminformation for the network)", () => {
  it('gives every figure but the Linux-only ones, with no read problem', async () => {
    // Prepare
    vi.stubEnv('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', undefined)

    // Act
    const { collector, before, after, problems } = await samplePortable()

    // Assess
    expect(collector.source).toBe('systeminformation')
    expect(problems).toEqual([])
    expect(Object.keys(measure(before, after)).sort()).toEqual(
      METRICS.map((metric) => metric.name)
        .filter((name) => !LINUX_ONLY.includes(name) && !WINDOWED.includes(name))
        .sort(),
    )
  })

  it("reads the machine as Node's os APIs report it", async () => {
    // Prepare
    vi.stubEnv('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', undefined)
    const load = loadavg()

    // Act
    const { after } = await samplePortable()

    // Assess: load averages move in 5 s steps; total memory is fixed.
    expect(after.load?.load15).toBeCloseTo(load[2] ?? Number.NaN, 1)
    expect(after.memory?.limitBytes).toBe(totalmem())
    expect(after.memory?.usedBytes).toBeGreaterThan(0)
    expect(after.memory?.usedBytes).toBeLessThanOrEqual(totalmem())
    expect(after.cpu?.totalMs).toBeGreaterThan(after.cpu?.busyMs ?? Number.POSITIVE_INFINITY)
    expect(after.network?.bytesSent).toBeGreaterThanOrEqual(0)
  })

  it('puts used memory against the configured function memory when there is one', async () => {
    // Act
    const { after } = await samplePortable(1024)

    // Assess
    expect(after.memory?.limitBytes).toBe(1024 * 1024 * 1024)
  })
})
