import { RECORD_FIELDS } from '@utilization-metrics/collector'

/** Metadata keys of every record, named in the collector's RECORD_FIELDS, which the CLI reads too. */

/** The field name Powertools Logger uses for the request id, so log lines and records join on it. */
export const REQUEST_ID_KEY = RECORD_FIELDS.requestId

/** Milliseconds between the two samples the record's figures come from. */
export const WINDOW_KEY = RECORD_FIELDS.windowMs

/** The trailing windows of the CPU figures, where a tick counter made them cover more than the record's. */
export const CPU_WINDOW_KEYS = {
  CPUPercent: RECORD_FIELDS.cpuPercentWindowMs,
  CPUThrottledPercent: RECORD_FIELDS.cpuThrottledWindowMs,
} as const

/** The most invocations of this middleware instance in flight at once during the window (1 when alone). */
export const IN_FLIGHT_KEY = RECORD_FIELDS.inFlight

/**
 * What `utilization-metrics advise` needs in every per-invocation record, whatever the groups (metadata:
 * no custom metric, a few dozen log bytes).
 */
export const ADVICE_KEYS = {
  functionName: RECORD_FIELDS.functionName,
  memoryMb: RECORD_FIELDS.memoryMb,
  cpuTimeMs: RECORD_FIELDS.cpuTimeMs,
  maxRssBytes: RECORD_FIELDS.maxRssBytes,
  coldStart: RECORD_FIELDS.coldStart,
  initMs: RECORD_FIELDS.initMs,
} as const

/**
 * Every metadata key a record may carry: validation refuses dimensions of these names, since a dimension
 * and a metadata field of one name would overwrite each other in the record.
 */
export const METADATA_KEYS: readonly string[] = Object.values(RECORD_FIELDS)
