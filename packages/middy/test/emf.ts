import { expect, vi } from 'vitest'

/** Every unit CloudWatch accepts in EMF (the StandardUnit list). */
export const CLOUDWATCH_UNITS = new Set([
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
])

export interface EmfMetricDefinition {
  Name: string
  Unit?: string
  StorageResolution?: number
}

export interface EmfRecord {
  _aws: {
    Timestamp: number
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: EmfMetricDefinition[] }[]
  }
  [key: string]: unknown
}

/** Captures what is written to stdout (where Powertools prints EMF) while the test runs. */
export const captureStdout = () => {
  const chunks: string[] = []
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  })
  return {
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    records: (): EmfRecord[] =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as EmfRecord)
        .filter((record) => typeof record._aws === 'object'),
    restore: () => spy.mockRestore(),
  }
}

/** Checks a record against the EMF specification's structural rules. */
export const expectValidEmf = (record: EmfRecord): void => {
  expect(Number.isInteger(record._aws.Timestamp)).toBe(true)
  expect(Math.abs(Date.now() - record._aws.Timestamp)).toBeLessThan(60 * 60 * 1000)
  expect(record._aws.CloudWatchMetrics.length).toBeGreaterThan(0)
  for (const directive of record._aws.CloudWatchMetrics) {
    expect(typeof directive.Namespace).toBe('string')
    expect(directive.Namespace.length).toBeGreaterThan(0)
    expect(directive.Metrics.length).toBeGreaterThan(0)
    expect(directive.Metrics.length).toBeLessThanOrEqual(100)
    for (const dimensionSet of directive.Dimensions) {
      expect(dimensionSet.length).toBeLessThanOrEqual(30)
      for (const name of dimensionSet) expect(typeof record[name], `dimension ${name}`).toBe('string')
    }
    for (const metric of directive.Metrics) {
      const value = record[metric.Name]
      const values = Array.isArray(value) ? value : [value]
      for (const entry of values) {
        expect(typeof entry, `metric ${metric.Name}`).toBe('number')
        expect(Number.isFinite(entry), `metric ${metric.Name}`).toBe(true)
      }
      if (metric.Unit !== undefined) expect(CLOUDWATCH_UNITS.has(metric.Unit), metric.Unit).toBe(true)
      if (metric.StorageResolution !== undefined) expect([1, 60]).toContain(metric.StorageResolution)
    }
  }
}

export const metricNames = (record: EmfRecord): string[] =>
  record._aws.CloudWatchMetrics.flatMap((directive) => directive.Metrics.map((metric) => metric.Name))

/** Our host records carry the CPUPercent metric (or any host metric); the user's do not. */
export const isHostRecord = (record: EmfRecord): boolean => 'utilization_window_ms' in record

/** A Lambda-like context, enough for Middy and Powertools Logger. */
export const lambdaContext = (awsRequestId = 'c6af9ac6-7b61-11e6-9a41-93e812345678') => ({
  awsRequestId,
  functionName: 'orders-handler',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-handler',
  memoryLimitInMB: '1769',
  logGroupName: '/aws/lambda/orders-handler',
  logStreamName: '2026/11/26/[$LATEST]abcdef',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
})
