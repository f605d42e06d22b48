import { createCollector, DEFAULT_GROUPS, measure, type Sample } from '@utilization-metrics/collector'
import { createRecordWriter } from './publish.js'
import { createReporter } from './report-once.js'
import { metricsDisabled, resolvePublisherSettings } from './settings.js'
import type {
  UtilizationDimensions,
  UtilizationMetricsMiddleware,
  UtilizationMetricsOptions,
} from './types.js'
import { checkDimensionCount, validateDimensions, validateOptions } from './validate.js'

const defaults = {
  groups: DEFAULT_GROUPS,
  interval: 0,
  highResolution: false,
  aggregate: true,
  logger: console,
} satisfies UtilizationMetricsOptions

/**
 * Publishes per-invocation host and process utilization as one CloudWatch EMF record through Powertools
 * Metrics: `before` takes a sample, `after`/`onError` take another and write the record before the
 * response returns (a frozen sandbox runs nothing later).
 *
 * @param dimensions added to every host metric, e.g. `{ BuildId: '1.4.2' }`
 * @throws TypeError at construction when a dimension or option breaks a rule; never at invoke time
 */
export const utilizationMetrics = (
  dimensions: UtilizationDimensions = {},
  opts: UtilizationMetricsOptions = {},
): UtilizationMetricsMiddleware => {
  const callerDimensions = validateDimensions(dimensions)
  const options = { ...defaults, ...withoutUndefined(validateOptions(opts)) }
  const settings = resolvePublisherSettings(options)
  checkDimensionCount(Object.keys(settings.defaultDimensions), callerDimensions)
  const disabled = metricsDisabled()
  const report = createReporter(options.logger)
  if (!disabled && settings.namespace === undefined && !process.env.POWERTOOLS_METRICS_NAMESPACE) {
    report.warn('namespace', NO_NAMESPACE)
  }

  const collector = createCollector({
    groups: options.groups,
    ...(options.diskPath === undefined ? {} : { diskPath: options.diskPath }),
    onReadProblem: ({ reader, error }) =>
      report.warn(reader, `could not read ${reader}; its metrics are dropped`, error),
  })
  const writeRecord = createRecordWriter({
    settings,
    dimensions: callerDimensions,
    groups: options.groups,
    highResolution: options.highResolution,
    aggregate: options.aggregate,
    report,
  })

  // Per-invocation state, keyed by the Middy request: concurrent invocations never share an entry.
  const startSamples = new WeakMap<object, Sample>()
  const flushed = new WeakSet<object>()
  // Interval mode's state is per execution environment by design: one record covers the whole window.
  let windowStart: Sample | undefined
  let windowClosing = false

  const utilizationMetricsBefore = async (request: object): Promise<void> => {
    if (disabled) return
    try {
      if (options.interval > 0) {
        windowStart ??= await collector.sample('counters')
        return
      }
      startSamples.set(request, await collector.sample('counters'))
    } catch (error) {
      report.warn('before', 'could not take the starting sample', error)
    }
  }

  const startOfInterval = (request: object): Sample | undefined => {
    if (options.interval === 0) {
      const start = startSamples.get(request)
      startSamples.delete(request)
      return start
    }
    if (windowClosing || !windowStart) return undefined
    if (performance.now() - windowStart.takenAtMs < options.interval) return undefined
    windowClosing = true
    return windowStart
  }

  const utilizationMetricsFlush = async (request: object): Promise<void> => {
    // Once per request: a throwing `after` of another middleware sends Middy on to the onError hooks.
    if (disabled || flushed.has(request)) return
    flushed.add(request)
    const start = startOfInterval(request)
    if (!start) return
    try {
      const end = await collector.sample('full')
      if (options.interval > 0) windowStart = end
      writeRecord(measure(start, end), {
        requestId: requestIdOf(request),
        windowMs: end.takenAtMs - start.takenAtMs,
      })
    } catch (error) {
      report.warn('publish', 'could not publish the utilization record', error)
    } finally {
      if (options.interval > 0) windowClosing = false
    }
  }

  return {
    before: utilizationMetricsBefore,
    after: utilizationMetricsFlush,
    onError: utilizationMetricsFlush,
  }
}

// Powertools would otherwise write every record to `default_namespace`, apart from the user's own metrics.
const NO_NAMESPACE =
  'no CloudWatch namespace: the records would go to default_namespace. Pass your Powertools Metrics as ' +
  'the second argument, utilizationMetrics(dimensions, { metrics }), or set { namespace } there or ' +
  'POWERTOOLS_METRICS_NAMESPACE'

/** Middy puts the Lambda context on the request; tests and other hosts may not. */
const requestIdOf = (request: object): string | undefined => {
  const id = (request as { context?: { awsRequestId?: unknown } }).context?.awsRequestId
  return typeof id === 'string' && id !== '' ? id : undefined
}

const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T
