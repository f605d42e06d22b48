import { MetricResolution, Metrics } from '@aws-lambda-powertools/metrics'
import {
  DEFAULT_GROUPS,
  METRIC_GROUPS,
  METRICS,
  type MetricGroup,
  type Utilization,
} from '@utilization-metrics/collector'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { captureStdout } from '../test/emf.js'
import { CPU_WINDOW_KEYS, IN_FLIGHT_KEY, REQUEST_ID_KEY, WINDOW_KEY } from './constants.js'
import { createRecordWriter, type RecordContext, type RecordWriterConfig } from './publish.js'
import { createReporter } from './report-once.js'
import type { PublisherSettings } from './settings.js'

const NOW_MS = Date.UTC(2026, 11, 1, 12)

/**
 * The record as Powertools itself writes it for the same figures and metadata: every metric through
 * `addMetric`, the metadata through `addMetadata` in the writer's order, then `publishStoredMetrics()`.
 */
const writeThroughPowertools = (config: RecordWriterConfig, figures: Utilization, context: RecordContext) => {
  const metrics = new Metrics({
    ...(config.settings.namespace === undefined ? {} : { namespace: config.settings.namespace }),
    ...(config.settings.serviceName === undefined ? {} : { serviceName: config.settings.serviceName }),
    defaultDimensions: { ...config.settings.defaultDimensions },
    logger: { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() },
  })
  const resolution = config.highResolution ? MetricResolution.High : MetricResolution.Standard
  for (const metric of METRICS) {
    const value = figures[metric.name]
    if (config.groups.includes(metric.group) && value !== undefined) {
      metrics.addMetric(metric.name, metric.unit, value, resolution)
    }
  }
  if (context.requestId !== undefined) metrics.addMetadata(REQUEST_ID_KEY, context.requestId)
  metrics.addMetadata(WINDOW_KEY, String(context.windowMs))
  metrics.addMetadata(IN_FLIGHT_KEY, String(context.inFlight))
  for (const [key, value] of Object.entries(context.advice ?? {})) metrics.addMetadata(key, value)
  for (const name of ['CPUPercent', 'CPUThrottledPercent'] as const) {
    const windowMs = context.cpuWindowsMs?.[name]
    if (windowMs !== undefined && figures[name] !== undefined) {
      metrics.addMetadata(CPU_WINDOW_KEYS[name], String(windowMs))
    }
  }
  const hasDimensions = Object.keys(config.dimensions).length > 0
  if (config.aggregate && hasDimensions) metrics.addDimensions({})
  if (hasDimensions) metrics.addDimensions(config.dimensions)
  metrics.publishStoredMetrics()
}

/** Figures for every metric of `groups`, each a distinct value (a fraction, a large count or zero). */
const figuresFor = (groups: readonly MetricGroup[]): Utilization => {
  const figures: Record<string, number> = {}
  METRICS.filter((metric) => groups.includes(metric.group)).forEach((metric, index) => {
    figures[metric.name] = index === 0 ? 0 : index % 2 === 0 ? 1e12 + index : index + 0.125
  })
  return figures
}

const settings = (overrides: Partial<PublisherSettings> = {}): PublisherSettings => ({
  namespace: 'shop',
  serviceName: 'orders',
  defaultDimensions: {},
  ...overrides,
})

const config = (overrides: Partial<RecordWriterConfig> = {}): RecordWriterConfig => ({
  settings: settings(),
  dimensions: {},
  groups: DEFAULT_GROUPS,
  highResolution: false,
  aggregate: true,
  report: createReporter({ warn: vi.fn(), debug: vi.fn() }),
  ...overrides,
})

const CONTEXT: RecordContext = {
  requestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  windowMs: 2.5,
  inFlight: 1,
  advice: { function_name: 'orders', function_memory_size: '1024', cold_start: 'true' },
  cpuWindowsMs: { CPUPercent: 1200.25 },
}

const { CPUPercent: _cpu, ...withoutCpuPercent } = figuresFor(DEFAULT_GROUPS)

describe('every record equals the one Powertools writes for the same figures and metadata', () => {
  let stdout: ReturnType<typeof captureStdout>

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW_MS, toFake: ['Date'] })
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', undefined)
    vi.stubEnv('POWERTOOLS_DEV', undefined)
    stdout = captureStdout()
  })

  afterEach(() => {
    stdout.restore()
    vi.useRealTimers()
    vi.unstubAllEnvs()
  })

  it.each<{ what: string; config: RecordWriterConfig; figures: Utilization; context: RecordContext }>([
    {
      what: 'default groups, no dimensions',
      config: config(),
      figures: figuresFor(DEFAULT_GROUPS),
      context: CONTEXT,
    },
    {
      what: "caller dimensions with the aggregate set, default dimensions of the user's Metrics",
      config: config({
        dimensions: { BuildId: '1.4.2', Stage: 'prod' },
        settings: settings({ defaultDimensions: { Team: 'payments' } }),
      }),
      figures: figuresFor(DEFAULT_GROUPS),
      context: CONTEXT,
    },
    {
      what: 'caller dimensions without the aggregate set, high resolution, every group',
      config: config({
        dimensions: { BuildId: '1.4.2' },
        aggregate: false,
        highResolution: true,
        groups: METRIC_GROUPS,
      }),
      figures: figuresFor(METRIC_GROUPS),
      context: CONTEXT,
    },
    {
      what: 'no namespace or service (Powertools defaults), no request id, no advice',
      config: config({ settings: settings({ namespace: undefined, serviceName: undefined }) }),
      figures: figuresFor(DEFAULT_GROUPS),
      context: { requestId: undefined, windowMs: 60_000, inFlight: 3 },
    },
    {
      what: 'a figure missing, metadata that JSON must escape, a dimension name that sorts first in JS objects',
      config: config({ dimensions: { '7': 'seven', Quote: 'say "hi"' } }),
      figures: withoutCpuPercent,
      context: { ...CONTEXT, requestId: 'id with "quotes" and \\ and \u2028' },
    },
  ])('$what', ({ config, figures, context }) => {
    const write = createRecordWriter(config)

    write(figures, context)
    writeThroughPowertools(config, figures, context)
    const [ours, powertools] = stdout.lines()

    expect(stdout.lines()).toHaveLength(2)
    expect(JSON.parse(ours as string)).toEqual(JSON.parse(powertools as string))
    // The same member order too, except where JavaScript itself puts integer-like keys first.
    if (!('7' in config.dimensions)) expect(ours).toBe(powertools)
  })

  it('asks Powertools for an envelope once per set of present metrics, and follows the set as it changes', () => {
    const serialize = vi.spyOn(Metrics.prototype, 'serializeMetrics')
    const write = createRecordWriter(config())
    const all = figuresFor(DEFAULT_GROUPS)

    for (const figures of [all, all, withoutCpuPercent, all, withoutCpuPercent]) write(figures, CONTEXT)

    expect(serialize).toHaveBeenCalledTimes(2)
    const records = stdout.records()
    expect(records.map((record) => record._aws.CloudWatchMetrics[0]?.Metrics.length)).toEqual([
      13, 13, 12, 13, 12,
    ])
    expect(records.map((record) => 'CPUPercent' in record)).toEqual([true, true, false, true, false])
  })

  it('keeps at most 32 envelopes: a 33rd set of present metrics starts the cache afresh', () => {
    const serialize = vi.spyOn(Metrics.prototype, 'serializeMetrics')
    const write = createRecordWriter(config())
    const all = Object.entries(figuresFor(DEFAULT_GROUPS))
    // 33 sets: every metric alone (13), then the first metric with each later one and the first three.
    const sets = [
      ...all.map((entry) => [entry]),
      ...all.slice(1).map((entry) => [all[0], entry]),
      ...[2, 3, 4, 5, 6, 7, 8, 9].map((count) => all.slice(0, count + 1)),
    ].slice(0, 33)

    for (const set of sets) write(Object.fromEntries(set as [string, number][]), CONTEXT)
    write(Object.fromEntries([all[0]] as [string, number][]), CONTEXT)

    expect(serialize).toHaveBeenCalledTimes(34)
    expect(stdout.records().map((record) => record._aws.CloudWatchMetrics[0]?.Metrics.length)).toEqual([
      ...sets.map((set) => set.length),
      1,
    ])
  })

  it('writes nothing for figures without any metric of its groups', () => {
    const write = createRecordWriter(config())

    write({}, CONTEXT)

    expect(stdout.lines()).toEqual([])
  })

  it('writes through the global console under POWERTOOLS_DEV, as Powertools does', () => {
    vi.stubEnv('POWERTOOLS_DEV', 'true')
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const write = createRecordWriter(config())

    write(figuresFor(DEFAULT_GROUPS), CONTEXT)

    expect(log).toHaveBeenCalledTimes(1)
    expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toMatchObject({ service: 'orders', CPUPercent: 0 })
  })
})
