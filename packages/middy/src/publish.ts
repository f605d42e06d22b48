import { Console } from 'node:console'
import { MetricResolution, Metrics } from '@aws-lambda-powertools/metrics'
import { METRICS, type MetricGroup, type Utilization } from '@utilization-metrics/collector'
import { CPU_WINDOW_KEYS, IN_FLIGHT_KEY, REQUEST_ID_KEY, WINDOW_KEY } from './constants.js'
import { messageKind, type Reporter } from './report-once.js'
import { isDevMode, type PublisherSettings } from './settings.js'
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

/**
 * What Powertools writes for one set of metrics, cut where the values go: `afterTimestamp` is the rest of
 * the `_aws` object after the timestamp, `dimensions` holds the dimension members.
 */
interface Envelope {
  readonly afterTimestamp: string
  readonly dimensions: string
}

const DIRECTIVE_START = '{"_aws":{"Timestamp":'

// Envelopes are cached per set of present metrics; more sets than this (readings failing in ever new
// combinations) start the cache afresh rather than let it grow.
const MAX_ENVELOPES = 32

/** Metadata values are strings: milliseconds to the microsecond. */
const milliseconds = (ms: number): string => String(Math.round(ms * 1000) / 1000)

/** One member of the line after the first, as JSON.stringify writes it. */
const member = (key: string, value: unknown): string => `,${JSON.stringify(key)}:${JSON.stringify(value)}`

// The fixed metadata members' names, quoted once: they are written into every record.
const REQUEST_ID_MEMBER = `,${JSON.stringify(REQUEST_ID_KEY)}:`
const WINDOW_MEMBER = `,${JSON.stringify(WINDOW_KEY)}:"`
const IN_FLIGHT_MEMBER = `,${JSON.stringify(IN_FLIGHT_KEY)}:"`

// Powertools' debug and info lines (it writes none for a record of ours today) are of no use to the user.
const ignore = (): void => {}

/**
 * Writes one EMF record of host figures. Powertools Metrics, an instance of our own so the user's buffer
 * never sees our metrics or dimensions, makes every record's envelope: namespace, dimension sets and
 * values, metric names, units and resolutions are what its `serializeMetrics()` gives for the metrics
 * present, asked once per set of present metrics (one or two per instance: a trailing-window figure is
 * absent until its window fills, a failed reading drops its metrics). A record then fills in the
 * timestamp, the values and the metadata, and prints the line as Powertools does (its own `Console` on
 * stdout, the global console under POWERTOOLS_DEV). Going through `addMetric` for every record cost
 * about 20 µs for the 13 default metrics, mostly Powertools looking up an environment variable several
 * times per call; the filled envelope costs a few µs. publish.test.ts checks that each record equals the
 * one Powertools writes for the same figures and metadata.
 */
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
  // Powertools' choice of console (Metrics.setConsole): the global one in dev mode, else its own on stdout.
  const output = isDevMode() ? console : new Console({ stdout: process.stdout, stderr: process.stderr })
  const selected = METRICS.filter((metric) => config.groups.includes(metric.group))
  const resolution = config.highResolution ? MetricResolution.High : MetricResolution.Standard
  const hasCallerDimensions = Object.keys(config.dimensions).length > 0
  // Powertools 2.24+: addDimensions({}) opens a set of only the default dimensions (the aggregate series);
  // a second addDimensions call adds the caller's map as a separate set, both in the same record.
  const aggregate = config.aggregate && hasCallerDimensions
  const envelopes = new Map<number, Envelope>()
  // The member name of each selected metric, with its comma: the same in every envelope.
  const metricKeys = selected.map((metric) => `,${JSON.stringify(metric.name)}:`)

  /** Powertools' record for the metrics of `present` (a bit per selected metric), cut into an envelope. */
  const envelopeFor = (present: number): Envelope => {
    const cached = envelopes.get(present)
    if (cached) return cached
    const names = new Set<string>()
    selected.forEach((metric, index) => {
      if ((present & (1 << index)) === 0) return
      names.add(metric.name)
      metrics.addMetric(metric.name, metric.unit, 0, resolution)
    })
    if (aggregate) metrics.addDimensions({})
    if (hasCallerDimensions) metrics.addDimensions(config.dimensions)
    let emf: Record<string, unknown>
    try {
      emf = metrics.serializeMetrics() as unknown as Record<string, unknown>
    } finally {
      metrics.clearMetrics()
      metrics.clearDimensions()
      metrics.clearMetadata()
    }
    const { _aws, ...rest } = emf
    const { Timestamp: _timestamp, ...directive } = _aws as Record<string, unknown>
    let dimensions = ''
    for (const [key, value] of Object.entries(rest)) if (!names.has(key)) dimensions += member(key, value)
    const envelope: Envelope = {
      // The directive's members after the timestamp, in Powertools' order.
      afterTimestamp: `,${JSON.stringify(directive).slice(1)}`,
      dimensions,
    }
    if (envelopes.size >= MAX_ENVELOPES) envelopes.clear()
    envelopes.set(present, envelope)
    return envelope
  }

  return (figures: Utilization, context: RecordContext): void => {
    let present = 0
    for (let index = 0; index < selected.length; index++) {
      const metric = selected[index] as (typeof selected)[number]
      if (figures[metric.name] !== undefined) {
        present |= 1 << index
        continue
      }
      // A figure over a trailing window is absent until the window fills: expected, not worth a line.
      if ('windowed' in metric) continue
      config.report.debug(
        `missing:${metric.name}`,
        `no figure for ${metric.name} in this interval; not published`,
      )
    }
    // A record without metrics is no EMF record (Powertools would warn "No application metrics to publish").
    if (present === 0) return
    const envelope = envelopeFor(present)
    // Members in Powertools' order: directive, metadata (in the order added), dimensions, metric values.
    let line = DIRECTIVE_START + Date.now() + envelope.afterTimestamp
    // Metadata, not dimensions: free to store, and lets Logs Insights tie a record to its invocation.
    if (context.requestId !== undefined) line += REQUEST_ID_MEMBER + JSON.stringify(context.requestId)
    // Numbers written as strings need no escaping.
    line += `${WINDOW_MEMBER}${milliseconds(context.windowMs)}"${IN_FLIGHT_MEMBER}${context.inFlight}"`
    if (context.advice) for (const key in context.advice) line += member(key, context.advice[key] as string)
    for (const name of ['CPUPercent', 'CPUThrottledPercent'] as const) {
      const windowMs = context.cpuWindowsMs?.[name]
      if (windowMs !== undefined && figures[name] !== undefined) {
        line += member(CPU_WINDOW_KEYS[name], milliseconds(windowMs))
      }
    }
    line += envelope.dimensions
    for (let index = 0; index < selected.length; index++) {
      if ((present & (1 << index)) === 0) continue
      // Figures are finite numbers (measure drops the rest): String() writes them as JSON.stringify does.
      line +=
        (metricKeys[index] as string) + String(figures[(selected[index] as (typeof selected)[number]).name])
    }
    output.log(`${line}}`)
  }
}
