import { fileURLToPath } from 'node:url'
import { type EmfRecord, emfRecords, metricNames } from '@utilization-metrics/emf-spec'
import { METRICS } from '@utilization-metrics/middy'
import { expect } from 'vitest'
import { type AcceptanceEvent, USER_METRIC, work } from '../example-handler.mjs'
import { runtimeClientProblem } from '../runtime.ts'
import type { Answer, InvocationOutcome } from '../runtime-api.ts'

/** The example function's configuration, as a Lambda function's environment would carry it. */
/**
 * Suites that start the runtime client are skipped, with a warning, on a developer machine that could not
 * build it; in CI (CI=true) they run and fail with the reason instead.
 */
export const SKIP_WITHOUT_RUNTIME_CLIENT = (() => {
  const problem = runtimeClientProblem()
  if (problem === undefined || process.env.CI === 'true') return false
  console.warn(`acceptance: skipping the runtime client suites: ${problem}`)
  return true
})()

export const FUNCTION_ENV = {
  POWERTOOLS_METRICS_NAMESPACE: 'acceptance',
  POWERTOOLS_SERVICE_NAME: 'example',
} as const

export const HANDLER_FILE = fileURLToPath(new URL('../example-handler.mjs', import.meta.url))

/** The dimensions the example handler passes to `utilizationMetrics`. */
export const CALLER_DIMENSIONS = { BuildId: 'acceptance' } as const

/** The user's metadata key and the middleware's (Powertools Logger's name) for the request id. */
const USER_REQUEST_ID_KEY = 'requestId'
const HOST_REQUEST_ID_KEY = 'function_request_id'

/** What the runtime must answer: the un-wrapped business logic's result, or its error as Lambda reports it. */
export const expectedOutcome = async (event: AcceptanceEvent): Promise<Answer> => {
  try {
    return { result: await work(event) }
  } catch (error) {
    const { name, message } = error as Error
    return { error: { errorType: name, errorMessage: message } }
  }
}

export const answerOf = (outcome: InvocationOutcome): Answer =>
  outcome.error
    ? { error: { errorType: outcome.error.errorType, errorMessage: outcome.error.errorMessage } }
    : { result: outcome.result }

export interface SortedRecords {
  /** Records the user's own `Metrics` instance wrote: those with the user's metric. */
  readonly user: EmfRecord[]
  /** Every other record: the middleware's. */
  readonly host: EmfRecord[]
}

export const sortRecords = (lines: readonly string[]): SortedRecords => {
  const records = emfRecords(lines)
  return {
    user: records.filter((record) => metricNames(record).includes(USER_METRIC)),
    host: records.filter((record) => !metricNames(record).includes(USER_METRIC)),
  }
}

const DOCUMENTED_UNITS = new Map<string, string>(METRICS.map((metric) => [metric.name, metric.unit]))

/** One host record as the product promises it: host metrics only, in the function's namespace, tagged. */
export const expectHostRecord = (record: EmfRecord, requestId: string): void => {
  expect(record[HOST_REQUEST_ID_KEY]).toBe(requestId)
  expect(record).toMatchObject(CALLER_DIMENSIONS)
  expect(record.service).toBe(FUNCTION_ENV.POWERTOOLS_SERVICE_NAME)
  for (const directive of record._aws.CloudWatchMetrics) {
    expect(directive.Namespace).toBe(FUNCTION_ENV.POWERTOOLS_METRICS_NAMESPACE)
    expect(directive.Dimensions).toContainEqual(expect.arrayContaining(Object.keys(CALLER_DIMENSIONS)))
    for (const metric of directive.Metrics) {
      expect(DOCUMENTED_UNITS.get(metric.Name), `${metric.Name} is a documented metric`).toBeDefined()
      expect(metric.Unit ?? 'None').toBe(DOCUMENTED_UNITS.get(metric.Name))
    }
  }
}

/** The user's record exactly as Powertools writes it without the middleware: own metric, no host dimensions. */
export const expectUserRecord = (record: EmfRecord, requestId: string): void => {
  expect(record._aws.CloudWatchMetrics).toEqual([
    {
      Namespace: FUNCTION_ENV.POWERTOOLS_METRICS_NAMESPACE,
      Dimensions: [['service']],
      Metrics: [{ Name: USER_METRIC, Unit: 'Count' }],
    },
  ])
  const { _aws, ...fields } = record
  expect(fields).toEqual({
    service: FUNCTION_ENV.POWERTOOLS_SERVICE_NAME,
    [USER_METRIC]: 1,
    [USER_REQUEST_ID_KEY]: requestId,
  })
}

/** Records keyed by request id; fails when one request id has two records. */
export const byRequestId = (records: readonly EmfRecord[], key: 'user' | 'host'): Map<string, EmfRecord> => {
  const field = key === 'user' ? USER_REQUEST_ID_KEY : HOST_REQUEST_ID_KEY
  const map = new Map<string, EmfRecord>()
  for (const record of records) {
    const id = String(record[field])
    expect(map.has(id), `a second ${key} record for ${id}`).toBe(false)
    map.set(id, record)
  }
  return map
}
