// The package's library entry: the log-line reader and the summarize toolkit (the repository's demo prints
// with it). The command itself is dist/main.js, run by bin/utilization-metrics.mjs.
export type { DimensionValues, EmfDirective, EmfMetric, EmfRecord, ParsedLine } from './emf.js'
export { parseLogLine } from './emf.js'
export { formatRecord, formatSummary, formatValue } from './format.js'
export type { MalformedLine, MetricStats, SeriesSummary, Summary } from './summarize.js'
export { median, summarize } from './summarize.js'
