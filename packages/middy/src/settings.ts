import type { Metrics } from '@aws-lambda-powertools/metrics'
import type { UtilizationMetricsOptions } from './types.js'

export interface PublisherSettings {
  readonly namespace: string | undefined
  readonly serviceName: string | undefined
  readonly defaultDimensions: Readonly<Record<string, string>>
}

const TRUTHY = new Set(['1', 'y', 'yes', 't', 'true', 'on'])

/**
 * Powertools' own rule, read once: POWERTOOLS_METRICS_DISABLED when set, else POWERTOOLS_DEV. The
 * `Metrics` instance applies the same rule to its output; knowing it here lets us skip sampling too.
 */
export const metricsDisabled = (env: NodeJS.ProcessEnv = process.env): boolean => {
  const disabled = env.POWERTOOLS_METRICS_DISABLED
  if (disabled !== undefined) return TRUTHY.has(disabled.toLowerCase())
  return TRUTHY.has((env.POWERTOOLS_DEV ?? '').toLowerCase())
}

/**
 * Reads namespace, service and default dimensions from the user's Metrics instance through its public
 * `serializeMetrics()`, which reports them without publishing or clearing anything.
 */
const fromMetricsInstance = (metrics: Metrics): PublisherSettings => {
  const emf = metrics.serializeMetrics() as unknown as Record<string, unknown> & {
    _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] }
  }
  const [directive] = emf._aws.CloudWatchMetrics
  const defaultDimensions: Record<string, string> = {}
  let serviceName: string | undefined
  for (const name of directive?.Dimensions[0] ?? []) {
    const value = emf[name]
    if (typeof value !== 'string') continue
    if (name === 'service') serviceName = value
    else defaultDimensions[name] = value
  }
  return { namespace: directive?.Namespace, serviceName, defaultDimensions }
}

/** Options first, then the user's Metrics instance; Powertools itself falls back to its environment variables. */
export const resolvePublisherSettings = (options: UtilizationMetricsOptions): PublisherSettings => {
  const inherited = options.metrics ? fromMetricsInstance(options.metrics) : undefined
  return {
    namespace: options.namespace ?? inherited?.namespace,
    serviceName: options.serviceName ?? inherited?.serviceName,
    defaultDimensions: inherited?.defaultDimensions ?? {},
  }
}
