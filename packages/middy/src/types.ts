import type { Metrics } from '@aws-lambda-powertools/metrics'
import type { MetricGroup } from '@utilization-metrics/collector'

/** CloudWatch dimensions added to every host metric, e.g. `{ BuildId: '1.4.2' }`. */
export type UtilizationDimensions = Readonly<Record<string, string>>

/** Where problems are reported: Powertools Logger, `console`, or anything with these two methods. */
export interface UtilizationLogger {
  warn(...args: unknown[]): void
  debug(...args: unknown[]): void
}

export interface UtilizationMetricsOptions {
  /** CloudWatch namespace. Default: from `metrics`, else `POWERTOOLS_METRICS_NAMESPACE`. */
  readonly namespace?: string
  /** The `service` dimension. Default: from `metrics`, else `POWERTOOLS_SERVICE_NAME`. */
  readonly serviceName?: string
  /** A Powertools `Metrics` instance to take namespace, service and default dimensions from. */
  readonly metrics?: Metrics
  /** Metric groups to publish. Default {@link DEFAULT_GROUPS}: Sparta's set plus memory. */
  readonly groups?: readonly MetricGroup[]
  /** File system reported by the disk groups. Default `/tmp`. */
  readonly diskPath?: string
  /**
   * Publish at most once per this many milliseconds per execution environment; the record then covers
   * the whole window since the previous one. Default 0: every invocation.
   */
  readonly interval?: number
  /** Store at 1-second resolution (CloudWatch high-resolution metrics). Default false. */
  readonly highResolution?: boolean
  /**
   * Also publish each metric without the caller's dimensions (only `service` and default dimensions),
   * as Sparta did, so one alarm can watch every build. Default true. Ignored when there are no
   * caller dimensions.
   */
  readonly aggregate?: boolean
  /** Default `console`. Each kind of problem is reported once per middleware instance (at most 64 kinds). */
  readonly logger?: UtilizationLogger
}

/**
 * The middleware object. The hooks use the Middy request only as a key for per-invocation state, so the
 * type fits `middy().use()` for any event, result and context type without depending on `@middy/core`.
 * A hook returns a promise only when it has work to wait for (a sample, a record): Middy awaits only what
 * it is given, so an interval-mode invocation that publishes nothing costs no turn of the microtask queue.
 */
export interface UtilizationMetricsMiddleware {
  before: (request: object) => Promise<void> | undefined
  after: (request: object) => Promise<void> | undefined
  onError: (request: object) => Promise<void> | undefined
}
