import {
  cpuWindowsMs,
  createCollector,
  DEFAULT_GROUPS,
  measure,
  type Sample,
} from '@utilization-metrics/collector'
import { type AdviceStart, createAdviceReader } from './advice.js'
import { registerCleanup } from './cleanup.js'
import { createInFlightCounter, type InFlightWindow } from './in-flight.js'
import { createRecordWriter } from './publish.js'
import { createReporter } from './report-once.js'
import { createRequestEndWatch, type Watched } from './request-end.js'
import { metricsDisabled, resolvePublisherSettings } from './settings.js'
import type {
  UtilizationDimensions,
  UtilizationMetricsMiddleware,
  UtilizationMetricsOptions,
} from './types.js'
import { validateDimensionSet, validateDimensions, validateOptions } from './validate.js'

const defaults = {
  groups: DEFAULT_GROUPS,
  interval: 0,
  highResolution: false,
  aggregate: true,
  logger: console,
} satisfies UtilizationMetricsOptions

/** One invocation's state: its starting sample, its in-flight window and advice, what the watch keeps. */
interface Started extends Watched {
  sample: Sample | undefined
  /** Absent in interval mode, where the interval has one window. */
  readonly inFlight: InFlightWindow | undefined
  /** Absent in interval mode: a record of many invocations carries no advice fields. */
  readonly advice: AdviceStart | undefined
  /** Whether our `before` counted it in flight (false for a request whose `before` we never saw). */
  readonly counted: boolean
}

/**
 * Publishes per-invocation host and process utilization as one CloudWatch EMF record through Powertools
 * Metrics: `before` takes a sample, `after`/`onError` take another and write the record before the
 * response returns (a frozen sandbox runs nothing later). docs/powertools.md says which record each
 * `.use()` order gets when other middlewares return early or throw.
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
  validateDimensionSet(settings.defaultDimensions, callerDimensions)
  const disabled = metricsDisabled()
  const report = createReporter(options.logger)
  if (!disabled && settings.namespace === undefined && !process.env.POWERTOOLS_METRICS_NAMESPACE) {
    report.warn('namespace', NO_NAMESPACE)
  }

  const collector = createCollector({
    groups: options.groups,
    ...(options.diskPath === undefined ? {} : { diskPath: options.diskPath }),
    onReadProblem: ({ reader, error }) =>
      report.warn(`read:${reader}`, `could not read ${reader}; its metrics are dropped`, error),
  })
  const writeRecord = createRecordWriter({
    settings,
    dimensions: callerDimensions,
    groups: options.groups,
    highResolution: options.highResolution,
    aggregate: options.aggregate,
    report,
  })
  const inFlight = createInFlightCounter()
  const advice = createAdviceReader()
  const requests = createRequestEndWatch<Started>((request) => void utilizationMetricsFlush(request))

  // Interval mode's state is per execution environment by design: one record covers the whole window.
  let windowStart: Sample | undefined
  let windowInFlight: InFlightWindow | undefined
  let windowClosing = false
  const perInvocation = options.interval === 0

  /** Takes the starting sample and hands it to `keep`; a failure is reported, the invocation goes on. */
  const takeStart = async (keep: (sample: Sample) => void): Promise<void> => {
    try {
      keep(await collector.sample('counters'))
    } catch (error) {
      report.warn('before', 'could not take the starting sample', error)
    }
  }

  // Returns a promise only when it samples: Middy awaits a hook only when it returns one, and interval
  // mode samples once a window, so its other invocations pass no await here.
  const utilizationMetricsBefore = (request: object): Promise<void> | undefined => {
    if (disabled) return undefined
    inFlight.start()
    const state = requestState({
      counted: true,
      inFlight: perInvocation ? inFlight.open() : undefined,
      advice: perInvocation ? advice.start() : undefined,
    })
    // Kept and watched before sampling, so the record is kept however the request ends.
    requests.watch(request, state)
    registerCleanup(request, utilizationMetricsFlush)
    if (perInvocation) {
      return takeStart((sample) => {
        state.sample = sample
        if (state.advice) advice.startCpu(state.advice, sample)
      })
    }
    windowInFlight ??= inFlight.open()
    if (windowStart) return undefined
    return takeStart((sample) => {
      windowStart ??= sample
    })
  }

  /** The sample the record starts from; undefined when this invocation closes no window. */
  const windowToClose = (): Sample | undefined => {
    if (windowClosing || !windowStart) return undefined
    if (performance.now() - windowStart.takenAtMs < options.interval) return undefined
    windowClosing = true
    return windowStart
  }

  const publishInterval = async (request: object, start: Sample): Promise<void> => {
    try {
      const end = await collector.sample('full')
      windowStart = end
      const peak = windowInFlight ? inFlight.close(windowInFlight) : 1
      windowInFlight = inFlight.open()
      writeRecord(measure(start, end), {
        requestId: requestIdOf(request),
        windowMs: end.takenAtMs - start.takenAtMs,
        inFlight: peak,
        cpuWindowsMs: cpuWindowsMs(start, end),
      })
    } finally {
      windowClosing = false
    }
  }

  const publishInvocation = async (request: object, start: Started): Promise<void> => {
    // Closed before sampling, so a sample that fails cannot leave the window open for good. An invocation
    // whose `before` we never saw is in flight too, uncounted.
    const peak = start.inFlight ? inFlight.close(start.inFlight) : inFlight.current() + 1
    const end = await collector.sample('full')
    // Without a starting sample (an earlier middleware's `before` threw, or ours failed) only the
    // gauges are known: counters and the trailing CPU window would describe some other interval.
    const figures = start.sample ? measure(start.sample, end) : measureGauges(end)
    writeRecord(figures, {
      requestId: requestIdOf(request),
      windowMs: start.sample ? end.takenAtMs - start.sample.takenAtMs : 0,
      inFlight: peak,
      // CPU time only over the window the figures cover.
      advice: advice.fields(start.sample ? start.advice : undefined, end),
      ...(start.sample ? { cpuWindowsMs: cpuWindowsMs(start.sample, end) } : {}),
    })
  }

  // Once per request: after, onError, Powertools' cleanup and the end-of-request watch may all call it.
  // Synchronous, with no promise for Middy to await, when it writes nothing (interval mode, window not due).
  function utilizationMetricsFlush(request: object): Promise<void> | undefined {
    if (disabled) return undefined
    // Without a state, a request whose `before` we never saw (an earlier middleware's threw): never counted.
    const state =
      requests.stateOf(request) ?? requestState({ counted: false, inFlight: undefined, advice: undefined })
    if (state.ended) return undefined
    requests.end(request, state)
    const closing = perInvocation ? undefined : windowToClose()
    if (!perInvocation && !closing) {
      if (state.counted) inFlight.end()
      return undefined
    }
    return publish(request, state, closing)
  }

  const publish = async (request: object, state: Started, closing: Sample | undefined): Promise<void> => {
    try {
      if (closing) await publishInterval(request, closing)
      else await publishInvocation(request, state)
    } catch (error) {
      report.warn('publish', 'could not publish the utilization record', error)
    } finally {
      if (state.counted) inFlight.end()
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

/** The gauges of one sample: against an empty start, and without the trailing CPU window, no counter is known. */
const measureGauges = (end: Sample) => {
  // The CPU readings carry their trailing window's start, which would give a figure over some other interval.
  const { cpu: _busy, cpuThrottle: _held, ...gauges } = end
  return measure({ takenAtMs: end.takenAtMs }, gauges)
}

/** Middy puts the Lambda context on the request; tests and other hosts may not. */
const requestIdOf = (request: object): string | undefined => {
  const id = (request as { context?: { awsRequestId?: unknown } }).context?.awsRequestId
  return typeof id === 'string' && id !== '' ? id : undefined
}

/** A request's state before its starting sample, with the watch's fields still empty. */
const requestState = ({
  counted,
  inFlight,
  advice,
}: Pick<Started, 'counted' | 'inFlight' | 'advice'>): Started => ({
  sample: undefined,
  inFlight,
  advice,
  counted,
  ended: false,
  response: undefined,
  error: undefined,
  errorWrites: 0,
})

const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T
