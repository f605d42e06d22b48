/** Metadata keys of every record (EMF fields that are neither metrics nor dimensions). */

/** The field name Powertools Logger uses for the request id, so log lines and records join on it. */
export const REQUEST_ID_KEY = 'function_request_id'

/** Milliseconds between the two samples the record's figures come from. */
export const WINDOW_KEY = 'utilization_window_ms'

/**
 * Milliseconds of the trailing window CPUPercent (and CPUThrottledPercent) cover, present only where a tick
 * counter made them cover more than the record's own window.
 */
export const CPU_WINDOW_KEYS = {
  CPUPercent: 'cpu_percent_window_ms',
  CPUThrottledPercent: 'cpu_throttled_window_ms',
} as const

/** The most invocations of this middleware instance in flight at once during the window (1 when alone). */
export const IN_FLIGHT_KEY = 'utilization_in_flight'

/**
 * What `utilization-metrics advise` needs in every per-invocation record, whatever the groups (metadata:
 * no custom metric, a few dozen log bytes). The `function_*` and `cold_start` names are Powertools
 * Logger's for the same facts, so records and log lines join.
 */
export const ADVICE_KEYS = {
  functionName: 'function_name',
  memoryMb: 'function_memory_size',
  cpuTimeMs: 'utilization_cpu_time_ms',
  maxRssBytes: 'utilization_max_rss_bytes',
  coldStart: 'cold_start',
  initMs: 'utilization_init_ms',
} as const

/**
 * Every metadata key a record may carry: validation refuses dimensions of these names, since a dimension
 * and a metadata field of one name would overwrite each other in the record. A new key goes here.
 */
export const METADATA_KEYS: readonly string[] = [
  REQUEST_ID_KEY,
  WINDOW_KEY,
  IN_FLIGHT_KEY,
  ...Object.values(ADVICE_KEYS),
  ...Object.values(CPU_WINDOW_KEYS),
]
