import { formatSummary, parseLogLine, type Summary, summarize } from '@utilization-metrics/cli'
import { DEFAULT_GROUPS, METRICS } from '@utilization-metrics/collector'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEMO_ENV, type Invocation, runDemo } from '../examples/demo.js'

const INVOCATIONS = 8
const DEFAULT_METRICS = METRICS.filter((metric) => DEFAULT_GROUPS.includes(metric.group))
/**
 * In every record: the figures over a trailing window (`windowed`) are absent from a fresh instance's first
 * records where the machine's CPU counters are tick counters.
 */
const EVERY_RECORD = DEFAULT_METRICS.filter((metric) => !('windowed' in metric))
const {
  POWERTOOLS_METRICS_NAMESPACE: namespace,
  POWERTOOLS_SERVICE_NAME: service,
  BUILD_ID: build,
} = DEMO_ENV

// Real output: the example handler, real Powertools Logger and Metrics writing to stdout, the middleware.
describe('summarize over real demo output', () => {
  let runs: Invocation[]
  let lines: string[]
  let summary: Summary

  beforeAll(async () => {
    for (const [name, value] of Object.entries(DEMO_ENV)) vi.stubEnv(name, value)
    vi.stubEnv('SCRATCH_DIR', '')
    runs = await runDemo(INVOCATIONS)
    lines = runs.flatMap((run) => run.lines)
    summary = summarize(lines)
  })

  afterAll(() => {
    vi.unstubAllEnvs()
  })

  it('ran every workload, one of which threw', () => {
    expect(new Set(runs.map((run) => run.event.work))).toEqual(
      new Set(['cpu', 'file', 'http', 'idle', 'fail']),
    )
    expect(runs.filter((run) => !run.ok).map((run) => run.error)).toEqual(['Error: simulated failure'])
  })

  it('wrote one utilization record per invocation, the failed one included', () => {
    const perInvocation = runs.map(
      (run) =>
        run.lines.filter((line) => {
          const parsed = parseLogLine(line)
          return (
            parsed.kind === 'emf' && parsed.record.directives[0]?.metrics.some((m) => m.name === 'CPUPercent')
          )
        }).length,
    )

    expect(perInvocation).toEqual(Array(INVOCATIONS).fill(1))
  })

  it.each([
    [
      'the targeted series',
      [
        ['service', service],
        ['BuildId', build],
      ],
    ],
    ['the aggregate series', [['service', service]]],
  ])('summarizes every default metric with its unit for %s', (_series, dimensions) => {
    // Act
    const series = summary.series.find(
      (entry) =>
        entry.namespace === namespace && JSON.stringify(entry.dimensions) === JSON.stringify(dimensions),
    )
    const utilization = series?.metrics.filter((metric) =>
      METRICS.some((known) => known.name === metric.name),
    )

    // Assess
    expect(
      utilization
        ?.filter((metric) => EVERY_RECORD.some((known) => known.name === metric.name))
        .map((metric) => [metric.name, metric.unit, metric.count]),
    ).toEqual(EVERY_RECORD.map((metric) => [metric.name, metric.unit, INVOCATIONS]))
    for (const metric of utilization ?? []) {
      expect(DEFAULT_METRICS.map((known) => known.name)).toContain(metric.name)
      expect(metric.count).toBeLessThanOrEqual(INVOCATIONS)
    }
    for (const metric of utilization ?? []) {
      expect(metric.min).toBeLessThanOrEqual(metric.median)
      expect(metric.median).toBeLessThanOrEqual(metric.max)
    }
  })

  it('prints a table row for every default metric, and counts the Logger lines as ignored', () => {
    // Act
    const table = formatSummary(summary)

    // Assess
    expect(table).toContain(`${namespace}  service=${service} BuildId=${build}  (${INVOCATIONS} records)`)
    for (const metric of EVERY_RECORD) {
      expect(table).toMatch(new RegExp(`^ {2}${metric.name} +${metric.unit} +${INVOCATIONS} `, 'm'))
    }
    const loggerLines = lines.filter((line) => line.includes('"level":"INFO"')).length
    expect(loggerLines).toBe(INVOCATIONS - 1)
    expect(summary).toMatchObject({ ignoredLines: loggerLines, malformedLines: 0 })
  })
})
