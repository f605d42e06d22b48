/**
 * The metadata fields of a utilization record (EMF members that are neither metrics nor dimensions), named
 * once for the record's writer (@utilization-metrics/middy) and its readers (`utilization-metrics advise`).
 * They live here, in the package both depend on, because the command line depends on neither the
 * middleware nor Powertools. The `function_*` and `cold_start` names are Powertools Logger's for the same
 * facts, so records and log lines join in Logs Insights.
 */
export const RECORD_FIELDS = {
  /** The invocation's request id; Powertools Logger's name for it. */
  requestId: 'function_request_id',
  /** Milliseconds between the two samples the figures come from: in every utilization record. */
  windowMs: 'utilization_window_ms',
  /** The most invocations of the middleware instance in flight at once during the window (1 when alone). */
  inFlight: 'utilization_in_flight',
  /** The advice fields, in every per-invocation record: the function, its configured memory in MB, ... */
  functionName: 'function_name',
  memoryMb: 'function_memory_size',
  /** ... the process CPU time over the window and the peak resident set, ... */
  cpuTimeMs: 'utilization_cpu_time_ms',
  maxRssBytes: 'utilization_max_rss_bytes',
  /** ... and, on the first record of an execution environment only, the cold start and its init time. */
  coldStart: 'cold_start',
  initMs: 'utilization_init_ms',
  /**
   * Milliseconds of the trailing window CPUPercent and CPUThrottledPercent cover, present only where a
   * tick counter made them cover more than the record's own window.
   */
  cpuPercentWindowMs: 'cpu_percent_window_ms',
  cpuThrottledWindowMs: 'cpu_throttled_window_ms',
} as const

/** The name of a record's metadata field, say `'utilization_window_ms'`. */
export type RecordField = (typeof RECORD_FIELDS)[keyof typeof RECORD_FIELDS]
