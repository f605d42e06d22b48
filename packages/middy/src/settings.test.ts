import { getBooleanFromEnv, isDevMode as powertoolsDevMode } from '@aws-lambda-powertools/commons/utils/env'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import middy from '@middy/core'
import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { captureStdout, lambdaContext } from '../test/emf.js'
import { utilizationMetrics } from './index.js'
import { isDevMode, metricsDisabled } from './settings.js'

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

/** Powertools' own rule, from its commons helpers, as its `Metrics` constructor applies it. */
const powertoolsDisabled = (): boolean =>
  process.env.POWERTOOLS_METRICS_DISABLED === undefined
    ? powertoolsDevMode()
    : getBooleanFromEnv({ key: 'POWERTOOLS_METRICS_DISABLED', defaultValue: false, extendedParsing: true })

const outcomeOf = (read: () => boolean): boolean | 'throws' => {
  try {
    return read()
  } catch {
    return 'throws'
  }
}

/** Powertools' boolean words and a few others, in any case, with blanks around them; or anything at all. */
const envValue = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('1', 'y', 'yes', 't', 'true', 'on', '0', 'n', 'no', 'f', 'false', 'off', 'maybe', ''),
      fc.boolean(),
      fc.constantFrom('', ' ', '\t', '\n '),
      fc.constantFrom('', ' ', '\r\n'),
    )
    .map(([word, upper, before, after]) => `${before}${upper ? word.toUpperCase() : word}${after}`),
  fc.string(),
  fc.constant(undefined),
)

describe("our reading of the variables is Powertools' commons helpers' reading", () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('for any POWERTOOLS_METRICS_DISABLED and POWERTOOLS_DEV', () => {
    fc.assert(
      fc.property(envValue, envValue, (disabled, dev) => {
        vi.stubEnv('POWERTOOLS_METRICS_DISABLED', disabled)
        vi.stubEnv('POWERTOOLS_DEV', dev)
        expect(outcomeOf(metricsDisabled)).toBe(outcomeOf(powertoolsDisabled))
        expect(isDevMode()).toBe(powertoolsDevMode())
      }),
      { numRuns: 2000 },
    )
  })
})
