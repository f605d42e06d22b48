import { Logger } from '@aws-lambda-powertools/logger'
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware'
import { Tracer } from '@aws-lambda-powertools/tracer'
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware'
import middy from '@middy/core'
import { DEFAULT_GROUPS, METRIC_GROUPS, METRICS } from '@utilization-metrics/collector'
import { describe, expect, it, vi } from 'vitest'
import {
  captureRecordsPerTest,
  type EmfRecord,
  expectValidEmf,
  isHostRecord,
  lambdaContext,
  metricNames,
  withoutWindowed,
} from '../test/emf.js'
import { utilizationMetrics } from './index.js'

const DEFAULT_METRIC_NAMES = METRICS.filter((metric) => DEFAULT_GROUPS.includes(metric.group)).map(
  (m) => m.name,
)
const quietLogger = () => ({ warn: vi.fn(), debug: vi.fn() })

describe('utilizationMetrics with real Middy and Powertools', () => {
  const { stdout, hostRecords } = captureRecordsPerTest({
    POWERTOOLS_METRICS_NAMESPACE: 'env-namespace',
    POWERTOOLS_SERVICE_NAME: 'env-service',
    POWERTOOLS_METRICS_DISABLED: 'false',
    POWERTOOLS_DEV: 'false',
  })
  const userRecords = () => stdout.records().filter((record) => !isHostRecord(record))

  it('writes one valid EMF record per invocation with the default metrics and both dimension sets', async () => {
    // Prepare
    const handler = middy(async () => 'ok').use(utilizationMetrics({ BuildId: '1.4.2' }))

    // Act
    await handler({}, lambdaContext('request-1'))
    await handler({}, lambdaContext('request-2'))

    // Assess
    const records = hostRecords()
    expect(records).toHaveLength(2)
    for (const record of records) {
      expectValidEmf(record)
      expect(record._aws.CloudWatchMetrics[0]?.Namespace).toBe('env-namespace')
      expect(record._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service'], ['service', 'BuildId']])
      expect(record.service).toBe('env-service')
      expect(record.BuildId).toBe('1.4.2')
      expect(withoutWindowed(metricNames(record))).toEqual(withoutWindowed(DEFAULT_METRIC_NAMES))
      for (const metric of METRICS.filter((m) => metricNames(record).includes(m.name))) {
        expect(record._aws.CloudWatchMetrics[0]?.Metrics).toContainEqual({
          Name: metric.name,
          Unit: metric.unit,
        })
      }
      if ('CPUPercent' in record) {
        expect(record.CPUPercent as number).toBeGreaterThanOrEqual(0)
        expect(record.CPUPercent as number).toBeLessThanOrEqual(100)
      }
      expect(record.Uptime as number).toBeGreaterThan(1000)
    }
    expect(records.map((record) => record.function_request_id)).toEqual(['request-1', 'request-2'])
  })

  it('works with no arguments: only the service dimension, no aggregate duplicate', async () => {
    const handler = middy(async () => 'ok').use(utilizationMetrics())

    await handler({}, lambdaContext())

    const [record] = hostRecords()
    expect(record?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']])
    expect(withoutWindowed(metricNames(record as EmfRecord))).toEqual(withoutWindowed(DEFAULT_METRIC_NAMES))
  })

  it('leaves out the aggregate set when aggregate is false', async () => {
    const handler = middy(async () => 'ok').use(utilizationMetrics({ BuildId: '7' }, { aggregate: false }))

    await handler({}, lambdaContext())

    expect(hostRecords()[0]?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'BuildId']])
  })

  it.each([
    ['logMetrics first', 'first'],
    ['logMetrics last', 'last'],
  ] as const)('leaves the user record untouched with %s', async (_, order) => {
    // Prepare: the same handler with and without our middleware
    const makeHandler = (withUs: boolean) => {
      const metrics = new Metrics({
        namespace: 'shop',
        serviceName: 'orders',
        defaultDimensions: { Stage: 'prod' },
      })
      const handler = middy(async () => {
        metrics.addMetric('OrdersPlaced', MetricUnit.Count, 3)
        metrics.addDimension('Channel', 'web')
        return { statusCode: 201 }
      })
      const ours = utilizationMetrics({ BuildId: '1.4.2' }, { metrics })
      if (!withUs) return handler.use(logMetrics(metrics))
      return order === 'first'
        ? handler.use(logMetrics(metrics)).use(ours)
        : handler.use(ours).use(logMetrics(metrics))
    }
    const withoutTimestamp = (record: EmfRecord) => ({ ...record, _aws: { ...record._aws, Timestamp: 0 } })

    // Act
    const expected = await makeHandler(false)({}, lambdaContext())
    const [reference] = userRecords()
    const result = await makeHandler(true)({}, lambdaContext())

    // Assess
    expect(result).toEqual(expected)
    const users = userRecords()
    expect(users).toHaveLength(2)
    expect(withoutTimestamp(users[1] as EmfRecord)).toEqual(withoutTimestamp(reference as EmfRecord))
    expect(users[1]).not.toHaveProperty('BuildId')
    expect(users[1]).not.toHaveProperty('CPUPercent')
    const [host] = hostRecords()
    expectValidEmf(host as EmfRecord)
    expect(host?._aws.CloudWatchMetrics[0]?.Namespace).toBe('shop')
    expect(host?.service).toBe('orders')
    expect(host?.Stage).toBe('prod')
    expect(host?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([
      ['service', 'Stage'],
      ['service', 'Stage', 'BuildId'],
    ])
    expect(host).not.toHaveProperty('OrdersPlaced')
    expect(host).not.toHaveProperty('Channel')
  })

  it('prefers namespace and serviceName options over the Metrics instance and the environment', async () => {
    const metrics = new Metrics({ namespace: 'from-instance', serviceName: 'instance-service' })
    const handler = middy(async () => 'ok').use(
      utilizationMetrics({}, { metrics, namespace: 'from-options', serviceName: 'options-service' }),
    )

    await handler({}, lambdaContext())

    const [record] = hostRecords()
    expect(record?._aws.CloudWatchMetrics[0]?.Namespace).toBe('from-options')
    expect(record?.service).toBe('options-service')
  })

  it('works beside Powertools Logger and Tracer middlewares', async () => {
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false')
    const logger = new Logger({ serviceName: 'orders' })
    const tracer = new Tracer({ serviceName: 'orders' })
    const metrics = new Metrics({ namespace: 'shop', serviceName: 'orders' })
    const handler = middy(async () => {
      logger.info('handling')
      metrics.addMetric('Handled', MetricUnit.Count, 1)
      return 'done'
    })
      .use(captureLambdaHandler(tracer))
      .use(injectLambdaContext(logger))
      .use(logMetrics(metrics))
      .use(utilizationMetrics({ BuildId: '1.4.2' }, { metrics }))

    const result = await handler({}, lambdaContext('with-logger'))

    expect(result).toBe('done')
    const logLine = stdout
      .lines()
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.message === 'handling')
    expect(logLine?.function_request_id).toBe('with-logger')
    expect(hostRecords()).toHaveLength(1)
    expect(userRecords().filter((record) => 'Handled' in record)).toHaveLength(1)
  })

  it('passes a thrown error through unchanged and still publishes', async () => {
    const failure = new Error('boom')
    const handler = middy(async () => {
      throw failure
    }).use(utilizationMetrics({ BuildId: '1.4.2' }))

    await expect(handler({}, lambdaContext())).rejects.toBe(failure)

    expect(hostRecords()).toHaveLength(1)
    expectValidEmf(hostRecords()[0] as EmfRecord)
  })

  it('publishes once when logMetrics throws on empty metrics and Middy runs onError', async () => {
    const metrics = new Metrics({ namespace: 'shop', serviceName: 'orders' })
    const handler = middy(async () => 'no user metric')
      .use(logMetrics(metrics, { throwOnEmptyMetrics: true }))
      .use(utilizationMetrics({ BuildId: '1.4.2' }))

    await expect(handler({}, lambdaContext())).rejects.toThrow(RangeError)

    expect(hostRecords()).toHaveLength(1)
  })

  it("passes Powertools' own warnings to the logger once per kind", async () => {
    // Prepare: no namespace anywhere, so Powertools warns on every record it writes.
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', undefined)
    const logger = quietLogger()
    const handler = middy(async () => 'ok').use(utilizationMetrics({}, { logger }))

    // Act
    for (let i = 0; i < 3; i++) await handler({}, lambdaContext())

    // Assess: ours at construction, Powertools' at the first record, neither again.
    const messages = logger.warn.mock.calls.map(([message]) => String(message))
    expect(messages).toHaveLength(2)
    expect(messages[0]).toContain('no CloudWatch namespace')
    expect(messages[1]).toMatch(/^utilizationMetrics: .*[Nn]amespace/)
    expect(hostRecords()).toHaveLength(3)
  })

  it('stores every metric at 1-second resolution with highResolution', async () => {
    const handler = middy(async () => 'ok').use(utilizationMetrics({}, { highResolution: true }))

    await handler({}, lambdaContext())

    const definitions = hostRecords()[0]?._aws.CloudWatchMetrics[0]?.Metrics ?? []
    expect(withoutWindowed(definitions.map((definition) => definition.Name))).toEqual(
      withoutWindowed(DEFAULT_METRIC_NAMES),
    )
    for (const definition of definitions) expect(definition.StorageResolution).toBe(1)
  })

  it('publishes every group when asked, each metric with its unit from the table', async () => {
    const handler = middy(async () => 'ok').use(utilizationMetrics({}, { groups: METRIC_GROUPS }))

    await handler({}, lambdaContext())

    const [record] = hostRecords()
    expectValidEmf(record as EmfRecord)
    expect(new Set(withoutWindowed(metricNames(record as EmfRecord)))).toEqual(
      new Set(withoutWindowed(METRICS.map((metric) => metric.name))),
    )
  })

  it.each(['true', '1', 'yes'])('publishes nothing when POWERTOOLS_METRICS_DISABLED=%s', async (value) => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', value)
    const handler = middy(async () => 'still runs').use(utilizationMetrics({ BuildId: '1.4.2' }))

    await expect(handler({}, lambdaContext())).resolves.toBe('still runs')

    expect(stdout.records()).toEqual([])
  })

  it('with interval, publishes once per window and covers the whole window', async () => {
    const handler = middy(async () => 'ok').use(utilizationMetrics({}, { interval: 150 }))

    for (let i = 0; i < 5; i++) await handler({}, lambdaContext(`early-${i}`))
    const afterBurst = hostRecords().length
    await new Promise((resolve) => setTimeout(resolve, 200))
    await handler({}, lambdaContext('closes-window'))
    await handler({}, lambdaContext('next-window'))

    expect(afterBurst).toBe(0)
    const records = hostRecords()
    expect(records).toHaveLength(1)
    expect(records[0]?.function_request_id).toBe('closes-window')
    expect(Number(records[0]?.utilization_window_ms)).toBeGreaterThanOrEqual(150)
  })

  it('keeps 50 concurrent interleaved invocations apart on one instance', async () => {
    // Prepare: invocation i waits a different time, so a shared start sample would shorten some windows.
    const delays = Array.from({ length: 50 }, (_, i) => 5 + ((i * 37) % 50))
    const handler = middy(async (event: { delay: number }) => {
      await new Promise((resolve) => setTimeout(resolve, event.delay))
      return event.delay
    }).use(utilizationMetrics({ BuildId: 'concurrent' }))

    // Act
    const results = await Promise.all(delays.map((delay, i) => handler({ delay }, lambdaContext(`req-${i}`))))

    // Assess
    expect(results).toEqual(delays)
    const records = hostRecords()
    expect(records).toHaveLength(50)
    const byRequest = new Map(records.map((record) => [record.function_request_id, record]))
    expect(byRequest.size).toBe(50)
    delays.forEach((delay, i) => {
      const record = byRequest.get(`req-${i}`)
      expectValidEmf(record as EmfRecord)
      expect(Number(record?.utilization_window_ms)).toBeGreaterThanOrEqual(delay - 1)
    })
  })

  it('drops a metric it cannot read, reports it once through the logger, and keeps the rest', async () => {
    const logger = quietLogger()
    const handler = middy(async () => 'ok').use(
      utilizationMetrics({}, { diskPath: '/nonexistent/utilization-metrics', logger }),
    )

    const results = [await handler({}, lambdaContext()), await handler({}, lambdaContext())]

    expect(results).toEqual(['ok', 'ok'])
    const records = hostRecords()
    expect(records).toHaveLength(2)
    for (const record of records) {
      expect(record).not.toHaveProperty('DiskUsedPercent')
      expect(record).toHaveProperty('Uptime')
    }
    const diskWarnings = logger.warn.mock.calls.filter(([message]) =>
      String(message).includes('could not read disk'),
    )
    expect(diskWarnings).toHaveLength(1)
    expect(String(diskWarnings[0]?.[0])).toContain('ENOENT')
  })
})
