import { Metrics } from '@aws-lambda-powertools/metrics'
import middy from '@middy/core'
import { METRIC_GROUPS, METRICS } from '@utilization-metrics/collector'
import { emfProblems } from '@utilization-metrics/emf-spec'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { captureStdout, isHostRecord, lambdaContext } from '../test/emf.js'
import { METADATA_KEYS } from './constants.js'
import { utilizationMetrics } from './index.js'
import { OPTION_KEYS } from './validate.js'

// Names a user might write, or write by mistake, mixed with arbitrary text: the reserved ones must be
// refused, everything accepted must make a valid record.
const trickyName = fc.constantFrom(
  '_aws',
  'service',
  'Timestamp',
  '__proto__',
  'toString',
  'hasOwnProperty',
  ':x',
  ' ',
  '',
  'Stage',
  'BuildId',
  ...METRICS.map((metric) => metric.name),
  ...METADATA_KEYS,
  ...OPTION_KEYS,
)
const plausible = fc.stringMatching(/^[A-Za-z][\w.:-]{0,15}$/)
const name = fc.oneof(
  { weight: 6, arbitrary: plausible },
  { weight: 2, arbitrary: trickyName },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
)
const value = fc.oneof(
  { weight: 6, arbitrary: plausible },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', ':v', 'v'.repeat(1025)) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
)
const dimensionMap = fc.dictionary(name, value, { maxKeys: 4 })
const options = fc.record(
  {
    namespace: fc.oneof({ weight: 4, arbitrary: plausible }, fc.string({ maxLength: 20 })),
    serviceName: fc.oneof({ weight: 4, arbitrary: plausible }, fc.string({ maxLength: 20 })),
    groups: fc.subarray([...METRIC_GROUPS], { minLength: 1 }),
    highResolution: fc.boolean(),
    aggregate: fc.boolean(),
    defaultDimensions: fc.dictionary(name, value, { maxKeys: 2 }),
  },
  { requiredKeys: [] },
)
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

let accepted = 0

describe('whatever validation accepts makes Powertools write a valid record', () => {
  let stdout: ReturnType<typeof captureStdout>

  beforeAll(() => {
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'fuzz')
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false')
    stdout = captureStdout([process.stdout, process.stderr])
  })

  afterAll(() => {
    stdout.restore()
    vi.unstubAllEnvs()
  })

  it('dimension maps and options: refused with a TypeError, or one valid record and no problem', async () => {
    await fc.assert(
      fc.asyncProperty(dimensionMap, options, async (dimensions, { defaultDimensions, ...rest }) => {
        // Prepare
        const warn = vi.fn()
        let middleware: ReturnType<typeof utilizationMetrics>
        try {
          const metrics = defaultDimensions
            ? new Metrics({ namespace: 'fuzz', defaultDimensions, logger: quiet })
            : undefined
          middleware = utilizationMetrics(dimensions, {
            ...rest,
            ...(metrics ? { metrics } : {}),
            logger: { warn, debug: () => {} },
          })
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError)
          expect(String((error as Error).message)).toMatch(/^utilizationMetrics: /)
          return
        }
        accepted++
        const before = stdout.records().filter(isHostRecord).length

        // Act
        const result = await middy(async () => 'ok').use(middleware)({}, lambdaContext())

        // Assess
        expect(result).toBe('ok')
        const records = stdout.records().filter(isHostRecord).slice(before)
        expect(records).toHaveLength(1)
        expect(emfProblems(records[0])).toEqual([])
        for (const [key, text] of Object.entries(dimensions)) expect(records[0]?.[key]).toBe(text)
        expect(warn).not.toHaveBeenCalled()
      }),
      { numRuns: 300 },
    )
    // The arbitraries must reach the accepting side often enough for the property to mean something.
    expect(accepted).toBeGreaterThan(30)
  })
})
