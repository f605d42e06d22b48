import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware'
import middy from '@middy/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { utilizationMetrics } from '../src/index.js'
import { lambdaContext } from './emf.js'

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

const heapAfterGc = () => {
  for (let i = 0; i < 3; i++) collectGarbage()
  return process.memoryUsage().heapUsed
}

describe('soak', () => {
  let restoreStdout = () => {}

  afterEach(() => {
    restoreStdout()
    vi.unstubAllEnvs()
  })

  it('keeps the heap flat over 100,000 invocations (within 1 MB of the heap after the first 1,000)', async () => {
    // Prepare: real Powertools writing real records, counted and dropped so the capture itself holds nothing.
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'soak')
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false')
    // Not a vi.spyOn: a spy remembers every call, which is itself a leak of 200,000 strings.
    let records = 0
    const write = process.stdout.write
    restoreStdout = () => {
      process.stdout.write = write
    }
    process.stdout.write = ((chunk: string | Uint8Array) => {
      if (String(chunk).includes('CPUPercent')) records++
      return true
    }) as typeof process.stdout.write
    const metrics = new Metrics({ namespace: 'soak', serviceName: 'soak' })
    const handler = middy(async (event: { i: number }) => {
      metrics.addMetric('Work', MetricUnit.Count, 1)
      return event.i
    })
      .use(logMetrics(metrics))
      .use(utilizationMetrics({ BuildId: 'soak' }))
    const context = lambdaContext()
    const run = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        if ((await handler({ i }, context)) !== i)
          throw new Error(`invocation ${i} returned the wrong result`)
      }
    }

    // Act
    await run(0, 1_000)
    const heapAfterWarmUp = heapAfterGc()
    await run(1_000, 100_000)
    const heapAtEnd = heapAfterGc()

    // Assess
    expect(records).toBe(100_000)
    expect(heapAtEnd - heapAfterWarmUp).toBeLessThan(1024 * 1024)
  }, 120_000)
})
