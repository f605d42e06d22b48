import { MetricResolution, Metrics } from '@aws-lambda-powertools/metrics'
import { METRICS, type MetricGroup, type Utilization } from '@utilization-metrics/collector'
import { CPU_WINDOW_KEYS, IN_FLIGHT_KEY, REQUEST_ID_KEY, WINDOW_KEY } from './constants.js'
import { messageKind, type Reporter } from './report-once.js'
import type { PublisherSettings } from './settings.js'
import type { UtilizationDimensions } from './types.js'

export interface RecordContext {
  readonly requestId: string | undefined
  readonly windowMs: number
  /** The most invocations of the middleware instance in flight at once during the window. */
  readonly inFlight: number
  /** The advice fields (advice.ts), per-invocation records only. */
  readonly advice?: Readonly<Record<string, string>>
  /** `cpuWindowsMs(start, end)`: the trailing windows of CPU figures that cover more than `windowMs`. */
  readonly cpuWindowsMs?: { readonly CPUPercent?: number; readonly CPUThrottledPercent?: number }
}

export interface RecordWriterConfig {
  readonly settings: PublisherSettings
  readonly dimensions: UtilizationDimensions
  readonly groups: readonly MetricGroup[]
  readonly highResolution: boolean
  readonly aggregate: boolean
  readonly report: Reporter
}

/** Metadata values are strings: milliseconds to the microsecond. */
const milliseconds = (ms: number): string => String(Math.round(ms * 1000) / 1000)

/**
 * Writes one EMF record of host figures through a Powertools Metrics instance of our own, so the user's
 * Metrics buffer never sees our metrics or dimensions. The instance is shared by concurrent invocations,
 * which is safe because a record is built and flushed synchronously, with no await in between.
 */
// Powertools' debug and info lines (it writes none for a record of ours today) are of no use to the user.
const ignore = (): void => {}

export const createRecordWriter = (config: RecordWriterConfig) => {
  const powertoolsWarning = (message: unknown) => {
    const text = String(message)
    config.report.warn(`powertools:${messageKind(text)}`, text)
  }
  const metrics = new Metrics({
    ...(config.settings.namespace === undefined ? {} : { namespace: config.settings.namespace }),
    ...(config.settings.serviceName === undefined ? {} : { serviceName: config.settings.serviceName }),
    defaultDimensions: { ...config.settings.defaultDimensions },
    // Powertools wants four levels; its warnings (say, no namespace) would repeat on every record, so they
    // go through the reporter, once per kind of message.
    logger: { debug: ignore, info: ignore, warn: powertoolsWarning, error: powertoolsWarning },
  })
  const selected = METRICS.filter((metric) => config.groups.includes(metric.group))
  const resolution = config.highResolution ? MetricResolution.High : MetricResolution.Standard
  const hasCallerDimensions = Object.keys(config.dimensions).length > 0
  // Powertools 2.24+: addDimensions({}) opens a set of only the default dimensions (the aggregate series);
  // a second addDimensions call adds the caller's map as a separate set, both in the same record.
  const aggregate = config.aggregate && hasCallerDimensions

  return (figures: Utilization, context: RecordContext): void => {
    for (const metric of selected) {
      const value = figures[metric.name]
      if (value === undefined) {
        // A figure over a trailing window is absent until the window fills: expected, not worth a line.
        if ('windowed' in metric) continue
        config.report.debug(
          `missing:${metric.name}`,
          `no figure for ${metric.name} in this interval; not published`,
        )
        continue
      }
      metrics.addMetric(metric.name, metric.unit, value, resolution)
    }
    // Publishing nothing would make Powertools warn "No application metrics to publish".
    if (!metrics.hasStoredMetrics()) return
    // Metadata, not dimensions: free to store, and lets Logs Insights tie a record to its invocation.
    if (context.requestId !== undefined) metrics.addMetadata(REQUEST_ID_KEY, context.requestId)
    metrics.addMetadata(WINDOW_KEY, milliseconds(context.windowMs))
    metrics.addMetadata(IN_FLIGHT_KEY, String(context.inFlight))
    for (const [key, value] of Object.entries(context.advice ?? {})) metrics.addMetadata(key, value)
    for (const name of ['CPUPercent', 'CPUThrottledPercent'] as const) {
      const windowMs = context.cpuWindowsMs?.[name]
      if (windowMs !== undefined && figures[name] !== undefined) {
        metrics.addMetadata(CPU_WINDOW_KEYS[name], milliseconds(windowMs))
      }
    }
    if (aggregate) metrics.addDimensions({})
    if (hasCallerDimensions) metrics.addDimensions(config.dimensions)
    metrics.publishStoredMetrics()
  }
}
