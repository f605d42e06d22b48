import { type EmfRecord, emfProblems, metricNames } from '@utilization-metrics/emf-spec'
import { expect, vi } from 'vitest'

export type { EmfRecord } from '@utilization-metrics/emf-spec'
export { metricNames }

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

// Records written by this test file carry a timestamp from this run, whatever the date is.
const loadedAt = Date.now()

/** Checks a record against the EMF specification only: for a record pasted into the docs, of any date. */
export const expectEmfShape = (record: EmfRecord): void => {
  expect(emfProblems(record)).toEqual([])
}

/** Checks a record written during this test run: the EMF specification, and a timestamp from this run. */
export const expectValidEmf = (record: EmfRecord): void => {
  expectEmfShape(record)
  expect(record._aws.Timestamp).toBeGreaterThanOrEqual(loadedAt)
  expect(record._aws.Timestamp).toBeLessThanOrEqual(Date.now())
}

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
