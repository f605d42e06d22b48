/**
 * The record fields `advise` reads. The middleware writes the metadata fields into every utilization
 * record with its default options (packages/middy: constants.ts, checked against this list by a test);
 * `function_*` and `cold_start` are the names Powertools Logger gives the same facts, so records and log
 * lines join in Logs Insights.
 */
export const ADVICE_FIELDS = {
  /** Present in every utilization record: what tells them apart from other EMF records. */
  windowMs: 'utilization_window_ms',
  requestId: 'function_request_id',
  functionName: 'function_name',
  memoryMb: 'function_memory_size',
  cpuTimeMs: 'utilization_cpu_time_ms',
  maxRssBytes: 'utilization_max_rss_bytes',
  coldStart: 'cold_start',
  initMs: 'utilization_init_ms',
  inFlight: 'utilization_in_flight',
  service: 'service',
} as const

/** Metrics read where the records carry them (non-default groups, or a newer collector). */
export const ADVICE_METRICS = {
  maxRssBytes: 'ProcessMaxRSS',
  throttledPercent: 'CPUThrottledPercent',
} as const
