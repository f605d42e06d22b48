import { type MetricName, RECORD_FIELDS } from '@utilization-metrics/collector'

// The trailing CPU windows describe CPUPercent and CPUThrottledPercent, which advise does not need.
const {
  cpuPercentWindowMs: _cpuWindow,
  cpuThrottledWindowMs: _throttledWindow,
  ...perInvocation
} = RECORD_FIELDS

/**
 * The record fields `advise` reads: the metadata the middleware writes into every per-invocation record
 * with its default options (named once, in the collector's RECORD_FIELDS), and Powertools' `service`
 * dimension.
 */
export const ADVICE_FIELDS = { ...perInvocation, service: 'service' } as const

/** Metrics read where the records carry them (non-default groups, or a newer collector). */
export const ADVICE_METRICS = {
  maxRssBytes: 'ProcessMaxRSS',
  throttledPercent: 'CPUThrottledPercent',
} as const satisfies Record<string, MetricName>
