import { METRICS } from '@utilization-metrics/collector'
import { type EmfRecord, emfProblems, metricNames } from '@utilization-metrics/emf-spec'
import { captureStdout, type OutputCapture } from '@utilization-metrics/test-support'
import { afterEach, beforeEach, expect, vi } from 'vitest'

const WINDOWED = new Set<string>(
  METRICS.filter((metric) => 'windowed' in metric).map((metric) => metric.name),
)

/**
 * `names` without the figures over a trailing window (`windowed` in METRICS), which a fresh instance's
 * first records lack where the machine's CPU counters are tick counters: what every record must carry.
 */
export const withoutWindowed = (names: readonly string[]): string[] =>
  names.filter((name) => !WINDOWED.has(name))

export type { EmfRecord } from '@utilization-metrics/emf-spec'
export { captureStdout, lambdaContext } from '@utilization-metrics/test-support'
export { metricNames }

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

/**
 * For each test of the calling `describe` block: the environment variables of `env` stubbed and stdout
 * captured before it, both put back after it. Returns the running test's capture, and its host records.
 */
export const captureRecordsPerTest = (env: Readonly<Record<string, string>>) => {
  let current: OutputCapture | undefined
  beforeEach(() => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
    current = captureStdout()
  })
  afterEach(() => {
    current?.restore()
    vi.unstubAllEnvs()
  })
  const capture = (): OutputCapture => {
    if (!current) throw new Error('captureRecordsPerTest: stdout is captured only while a test runs')
    return current
  }
  const stdout: OutputCapture = {
    lines: () => capture().lines(),
    records: () => capture().records(),
    restore: () => capture().restore(),
  }
  return { stdout, hostRecords: () => stdout.records().filter(isHostRecord) }
}
