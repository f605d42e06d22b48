export { createCollector } from './collector.js'
export { cpuWindowsMs } from './figures.js'
export { measure } from './measure.js'
export type { CloudWatchUnit, MetricDefinition, MetricGroup, MetricName } from './metrics.js'
export { DEFAULT_GROUPS, isMetricGroup, METRIC_GROUPS, METRICS } from './metrics.js'
export type { RecordField } from './record-fields.js'
export { RECORD_FIELDS } from './record-fields.js'
export type {
  Collector,
  CollectorOptions,
  CpuBusySource,
  CpuSources,
  CpuThrottleSource,
  ReaderName,
  Reading,
  ReadProblem,
  Sample,
  SampleMode,
  SampleSource,
  Utilization,
} from './types.js'
