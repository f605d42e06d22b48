import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { type AdviceReport, advise, type FunctionAdvice } from '@utilization-metrics/cli'
import { describe, expect, it } from 'vitest'
import { cpuQuotaProblem, createCpuQuotaGroup } from './cpu-quota.ts'

const HANDLER_RUN = fileURLToPath(new URL('./handler-run.mjs', import.meta.url))
const INVOCATIONS = 21

/**
 * One execution environment at `memoryMb`: the handler's process under Lambda's CPU quota for that size,
 * with AWS_LAMBDA_FUNCTION_MEMORY_SIZE to match, and `advise` over the records it printed.
 */
const runAt = (memoryMb: number, work: { cpuMs: number; waitMs: number }) => {
  const group = createCpuQuotaGroup('utilization-metrics-advise', memoryMb)
  try {
    const command = `${group.shellPrefix} "${process.execPath}" "${HANDLER_RUN}" ${work.cpuMs} ${work.waitMs} ${INVOCATIONS}`
    const result = spawnSync('sh', ['-c', command], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        AWS_LAMBDA_FUNCTION_NAME: `accuracy-${work.cpuMs}-${work.waitMs}`,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
        POWERTOOLS_METRICS_NAMESPACE: 'advise-accuracy',
        POWERTOOLS_SERVICE_NAME: 'accuracy',
        POWERTOOLS_METRICS_DISABLED: 'false',
      },
    })
    if (result.status !== 0) throw new Error(`handler run at ${memoryMb} MB failed:\n${result.stderr}`)
    const lines = result.stdout.split('\n')
    const report: AdviceReport = advise(lines)
    return { lines, advice: report.functions[0] as FunctionAdvice, throttledNs: group.throttledNs() }
  } finally {
    group.remove()
  }
}

const candidate = (advice: FunctionAdvice, memoryMb: number) =>
  advice.candidates.find((entry) => entry.memoryMb === memoryMb)

const within = (actual: number, expected: number, fraction: number) =>
  Math.abs(actual - expected) <= expected * fraction

// Lambda's CPU model reproduced with a cgroup quota of memory/1,769 of a CPU per 20 ms period: the
// predictions made from one size are checked against the same handler measured at the other.
describe('advise against a real CPU quota', () => {
  const problem = cpuQuotaProblem()
  // Never skipped in CI: there the quota must be available.
  const skip = problem !== undefined && !process.env.CI

  it('predicts a CPU-bound handler at 256 MB to run at 1,024 MB within 25 %, and advises more memory', (context) => {
    if (skip) {
      context.skip(`${problem}: the advice accuracy under a CPU quota is not checked`)
      return
    }
    // Act: 35 ms of CPU and no waiting, as in the measurement
    const at256 = runAt(256, { cpuMs: 35, waitMs: 0 })
    const at1024 = runAt(1024, { cpuMs: 35, waitMs: 0 })

    // Assess
    const predicted = candidate(at256.advice, 1024)?.predictedDurationMs.p50 ?? Number.NaN
    const measured = at1024.advice.durationMs.p50
    expect(at256.throttledNs).toBeGreaterThan(0)
    expect(at256.advice).toMatchObject({ memoryMb: 256, invocations: INVOCATIONS })
    expect(
      within(predicted, measured, 0.25),
      `predicted ${predicted} ms at 1,024 MB, measured ${measured} ms (256 MB: ${at256.advice.durationMs.p50} ms)`,
    ).toBe(true)
    expect(at256.advice.recommendation.memoryMb).toBeGreaterThan(256)
  })

  it('predicts an I/O-bound handler at 1,024 MB to run at 128 MB within 25 %, and advises less memory', (context) => {
    if (skip) {
      context.skip(`${problem}: the advice accuracy under a CPU quota is not checked`)
      return
    }
    // Act: mostly waiting, a little CPU
    const at1024 = runAt(1024, { cpuMs: 2, waitMs: 100 })
    const at128 = runAt(128, { cpuMs: 2, waitMs: 100 })

    // Assess
    const predicted = candidate(at1024.advice, 128)?.predictedDurationMs.p50 ?? Number.NaN
    const measured = at128.advice.durationMs.p50
    expect(
      within(predicted, measured, 0.25),
      `predicted ${predicted} ms at 128 MB, measured ${measured} ms (1,024 MB: ${at1024.advice.durationMs.p50} ms)`,
    ).toBe(true)
    expect(at1024.advice.recommendation.memoryMb).toBeLessThan(1024)
    expect(candidate(at1024.advice, 128)?.costPerMillionUsd).toBeLessThan(
      candidate(at1024.advice, 1024)?.costPerMillionUsd ?? 0,
    )
  })
})
