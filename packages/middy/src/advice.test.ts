import middy from '@middy/core'
import { ADVICE_FIELDS, advise } from '@utilization-metrics/cli'
import { describe, expect, it, vi } from 'vitest'
import { captureRecordsPerTest, isHostRecord, lambdaContext } from '../test/emf.js'
import { ADVICE_KEYS, CPU_WINDOW_KEYS, METADATA_KEYS } from './constants.js'
import { utilizationMetrics } from './index.js'

const quietLogger = () => ({ warn: vi.fn(), debug: vi.fn() })

/** Uses `ms` of CPU time (not wall time, which a loaded machine stretches), so the record has some to report. */
const burn = (ms: number) => {
  const start = process.cpuUsage()
  for (;;) {
    const used = process.cpuUsage(start)
    if ((used.user + used.system) / 1000 >= ms) return
  }
}

describe('the advice fields of every record', () => {
  const { stdout } = captureRecordsPerTest({
    POWERTOOLS_METRICS_NAMESPACE: 'shop',
    POWERTOOLS_SERVICE_NAME: 'orders',
    POWERTOOLS_METRICS_DISABLED: 'false',
    POWERTOOLS_DEV: 'false',
    AWS_LAMBDA_FUNCTION_NAME: 'orders-handler',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  })

  it('carries what advise needs with the default options; the first record says it is the cold start', async () => {
    // Prepare
    const handler = middy(async () => burn(20)).use(utilizationMetrics({}, { logger: quietLogger() }))

    // Act
    await handler({}, lambdaContext('first'))
    await handler({}, lambdaContext('second'))
    stdout.restore()

    // Assess
    const [cold, warm] = stdout.records().filter(isHostRecord)
    for (const record of [cold, warm]) {
      expect(record).toMatchObject({ function_name: 'orders-handler', function_memory_size: '512' })
      expect(Number(record?.[ADVICE_KEYS.cpuTimeMs])).toBeGreaterThanOrEqual(15)
      expect(Number(record?.[ADVICE_KEYS.maxRssBytes])).toBeGreaterThanOrEqual(process.memoryUsage().rss / 2)
    }
    expect(cold).toMatchObject({ cold_start: 'true' })
    expect(Number(cold?.[ADVICE_KEYS.initMs])).toBeGreaterThan(0)
    expect(warm).not.toHaveProperty(ADVICE_KEYS.coldStart)
    expect(warm).not.toHaveProperty(ADVICE_KEYS.initMs)
  })

  it.each([
    { groups: ['cpu'] as const, source: "the end sample's getrusage reading, where a CPU counter took one" },
    { groups: ['disk'] as const, source: 'a getrusage call of their own, with no CPU counter read' },
  ])('CPU time and peak resident set come from $source', async ({ groups }) => {
    // Prepare
    const handler = middy(async () => burn(20)).use(
      utilizationMetrics({}, { groups: [...groups], logger: quietLogger() }),
    )

    // Act
    await handler({}, lambdaContext('first'))
    const after = process.resourceUsage()
    stdout.restore()

    // Assess: the ground truth is getrusage itself, read after the invocation.
    const [record] = stdout.records().filter(isHostRecord)
    expect(Number(record?.[ADVICE_KEYS.cpuTimeMs])).toBeGreaterThanOrEqual(15)
    expect(Number(record?.[ADVICE_KEYS.maxRssBytes])).toBeGreaterThan(0)
    expect(Number(record?.[ADVICE_KEYS.maxRssBytes])).toBeLessThanOrEqual(after.maxRSS * 1024)
  })

  it('are what utilization-metrics advise reads: its field names, and a record it can use', async () => {
    // Prepare
    const handler = middy(async () => burn(5)).use(utilizationMetrics({}, { logger: quietLogger() }))

    // Act
    await handler({}, lambdaContext())
    stdout.restore()
    const report = advise(stdout.lines())

    // Assess
    const cpuWindowKeys: readonly string[] = Object.values(CPU_WINDOW_KEYS)
    expect(Object.values(ADVICE_FIELDS).sort()).toEqual(
      [...METADATA_KEYS.filter((key) => !cpuWindowKeys.includes(key)), 'service'].sort(),
    )
    expect(report.input).toMatchObject({ utilizationRecords: 1, unusable: 0 })
    expect(report.functions[0]).toMatchObject({ functionName: 'orders-handler', memoryMb: 512 })
  })

  it('are left out of interval records, which cover many invocations', async () => {
    const handler = middy(async () => 'ok').use(
      utilizationMetrics({}, { interval: 1, logger: quietLogger() }),
    )

    await handler({}, lambdaContext())
    await new Promise((resolve) => setTimeout(resolve, 5))
    await handler({}, lambdaContext())
    stdout.restore()

    const [record] = stdout.records().filter(isHostRecord)
    expect(record).toBeDefined()
    for (const key of Object.values(ADVICE_KEYS)) expect(record).not.toHaveProperty(key)
  })

  it.each(Object.values(ADVICE_KEYS))(
    'refuses a dimension named %s, which a field would overwrite',
    (key) => {
      expect(() => utilizationMetrics({ [key]: 'x' })).toThrow(TypeError)
    },
  )
})
