import type { Metrics } from '@aws-lambda-powertools/metrics'
import { invalidInput } from './errors.js'
import type { UtilizationMetricsOptions } from './types.js'

export interface PublisherSettings {
  readonly namespace: string | undefined
  readonly serviceName: string | undefined
  readonly defaultDimensions: Readonly<Record<string, string>>
}

// Powertools' boolean words (its commons `getBooleanFromEnv` with `extendedParsing`), trimmed and in any case.
const TRUE_WORDS = new Set(['1', 'y', 'yes', 't', 'true', 'on'])
const FALSE_WORDS = new Set(['0', 'n', 'no', 'f', 'false', 'off'])

/**
 * Powertools' reading of a boolean variable: true, false, or undefined for a value it refuses. Written here
 * rather than imported from `@aws-lambda-powertools/commons/utils/env`: resolving that second Powertools
 * package from ours cost about 0.3 ms of every cold start (pnpm bench, section 3), for ten lines.
 * settings.test.ts holds both readings to Powertools' own helpers over arbitrary values (fast-check).
 */
const powertoolsBoolean = (value: string): boolean | undefined => {
  const word = value.trim().toLowerCase()
  if (TRUE_WORDS.has(word)) return true
  return FALSE_WORDS.has(word) ? false : undefined
}

/** POWERTOOLS_DEV as Powertools' `isDevMode()` reads it: a refused value is not dev mode. */
export const isDevMode = (): boolean => {
  const value = process.env.POWERTOOLS_DEV
  return value === undefined ? false : (powertoolsBoolean(value) ?? false)
}

/**
 * Powertools' own rule: POWERTOOLS_METRICS_DISABLED when set (its boolean words, trimmed), else
 * POWERTOOLS_DEV. The `Metrics` instance applies the same rule to its output; knowing it here lets us skip
 * sampling too. A value Powertools refuses throws here as it does in the `Metrics` constructor.
 */
export const metricsDisabled = (): boolean => {
  const value = process.env.POWERTOOLS_METRICS_DISABLED
  if (value === undefined) return isDevMode()
  const disabled = powertoolsBoolean(value)
  if (disabled === undefined)
    throw new Error('Environment variable POWERTOOLS_METRICS_DISABLED must be a boolean')
  return disabled
}

/**
 * Reads namespace, service and default dimensions from the user's Metrics instance through its public
 * `serializeMetrics()`, which reports them without publishing or clearing anything.
 */
const fromMetricsInstance = (metrics: Metrics): PublisherSettings => {
  const emf = metrics.serializeMetrics() as unknown as Record<string, unknown> & {
    _aws: { CloudWatchMetrics?: { Namespace: string; Dimensions: string[][] }[] } | string
  }
  // Powertools writes default dimensions at the top level after the directive: one named `_aws` replaces it.
  if (typeof emf._aws !== 'object' || !Array.isArray(emf._aws.CloudWatchMetrics)) {
    throw invalidInput(
      "default dimension (of options.metrics) name '_aws' is reserved: it is the key of the EMF directive",
    )
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
