// The package's library entry: the log-line reader and the summarize toolkit (the repository's demo prints
// with it). The command itself is dist/main.js, run by bin/utilization-metrics.mjs.

export { type AdvisorOptions, advise, createAdvisor } from './advise/advisor.js'
export { ADVICE_FIELDS, ADVICE_METRICS } from './advise/fields.js'
export { formatAdvice } from './advise/format.js'
export { type Architecture, LIST_PRICES } from './advise/prices.js'
export { DEFAULT_MEMORY_SIZES, HEADROOM_SHARE } from './advise/recommend.js'
export type {
  AdviceReport,
  Candidate,
  Confidence,
  ConfidenceLevel,
  DurationPercentiles,
  FunctionAdvice,
  Recommendation,
} from './advise/types.js'
export type { DimensionValues, EmfDirective, EmfMetric, EmfRecord, ParsedLine } from './emf.js'
export { parseLogLine } from './emf.js'
export { formatRecord, formatSummary, formatValue } from './format.js'
export { renderHtmlReport } from './report/html.js'
export type { MalformedLine, MetricStats, SeriesSummary, Summary } from './summarize.js'
export { median, summarize } from './summarize.js'
