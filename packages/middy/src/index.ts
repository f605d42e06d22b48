export type { MetricGroup, MetricName } from '@utilization-metrics/collector'
export { DEFAULT_GROUPS, METRIC_GROUPS, METRICS } from '@utilization-metrics/collector'
export { utilizationMetrics } from './middleware.js'
export type {
  UtilizationDimensions,
  UtilizationLogger,
  UtilizationMetricsMiddleware,
  UtilizationMetricsOptions,
} from './types.js'
