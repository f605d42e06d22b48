export { createCollector } from './collector.js'
export { cpuBusyPercent, MIN_CPU_WINDOW_MS, measure } from './measure.js'
export type { CloudWatchUnit, MetricDefinition, MetricGroup, MetricName } from './metrics.js'
export { DEFAULT_GROUPS, isMetricGroup, METRIC_GROUPS, METRICS } from './metrics.js'
export { MB_PER_LAMBDA_VCPU, vcpuEntitlement } from './readers/process.js'
export type {
  Collector,
  CollectorOptions,
  CpuTimes,
  DiskUsage,
  FileDescriptorReading,
  LoadAverage,
  MemoryReading,
  NetworkCounters,
  ProcessCpuReading,
  ProcessMemoryReading,
  ReaderName,
  ReadProblem,
  Sample,
  SampleMode,
  SampleSource,
  Utilization,
} from './types.js'
