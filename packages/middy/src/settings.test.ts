import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import middy from '@middy/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { captureStdout, lambdaContext } from '../test/emf.js'
import { utilizationMetrics } from './index.js'
import { metricsDisabled } from './settings.js'

type Outcome = 'publishes' | 'silent' | 'throws'

/**
 * Records written to stdout, or (with POWERTOOLS_DEV, where Powertools prints through the global console)
 * to `console.log`, while `run` runs.
 */
const recordsDuring = async (run: () => unknown): Promise<Record<string, unknown>[]> => {
  const stdout = captureStdout()
  const log = vi.spyOn(console, 'log').mockImplementation(() => {})
  try {
    await run()
    const logged = log.mock.calls.map(([line]) => String(line)).filter((line) => line.startsWith('{'))
    return [...stdout.records(), ...logged.map((line) => JSON.parse(line) as Record<string, unknown>)]
  } finally {
    log.mockRestore()
    stdout.restore()
  }
}

/** What Powertools itself does with the environment as it is: a record of its own, nothing, or a throw. */
const powertoolsOutcome = async (): Promise<Outcome> => {
  try {
    const records = await recordsDuring(() => {
      const metrics = new Metrics({ namespace: 'agreement', serviceName: 'env' })
      metrics.addMetric('Probe', MetricUnit.Count, 1)
      metrics.publishStoredMetrics()
    })
    return records.length > 0 ? 'publishes' : 'silent'
  } catch {
    return 'throws'
  }
}

/** What the middleware does with the same environment. */
const middlewareOutcome = async (): Promise<Outcome> => {
  try {
    const records = await recordsDuring(async () => {
      const handler = middy(async () => 'ok').use(utilizationMetrics({}, { namespace: 'agreement' }))
      await handler({}, lambdaContext())
    })
    return records.some((record) => 'utilization_window_ms' in record) ? 'publishes' : 'silent'
  } catch {
    return 'throws'
  }
}

describe('our reading of POWERTOOLS_METRICS_DISABLED and POWERTOOLS_DEV agrees with Powertools', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it.each([
    [' true', undefined],
    ['true ', undefined],
    ['TRUE', undefined],
    ['1', undefined],
    ['yes', undefined],
    ['on', undefined],
    ['false', 'true'],
    [' 0', undefined],
    ['off', 'true'],
    ['no', undefined],
    ['maybe', undefined],
    ['', undefined],
    [undefined, 'true'],
    [undefined, ' yes'],
    [undefined, 'false'],
    [undefined, 'nonsense'],
    [undefined, undefined],
  ])('POWERTOOLS_METRICS_DISABLED=%j, POWERTOOLS_DEV=%j', async (disabled, dev) => {
    // Prepare
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', disabled)
    vi.stubEnv('POWERTOOLS_DEV', dev)

    // Act
    const theirs = await powertoolsOutcome()
    const ours = await middlewareOutcome()

    // Assess
    expect(ours).toBe(theirs)
    if (theirs !== 'throws') expect(metricsDisabled()).toBe(theirs === 'silent')
  })
})
