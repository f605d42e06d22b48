import { readFileSync, writeFileSync } from 'node:fs'
import middy from '@middy/core'
import { DEFAULT_GROUPS, METRIC_GROUPS, METRICS, type MetricDefinition } from '@utilization-metrics/collector'
import { captureOutput, lambdaContext } from '@utilization-metrics/test-support'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEMO_ENV } from '../examples/demo.js'
import { utilizationMetrics } from '../src/index.js'
import { OPTION_KEYS } from '../src/validate.js'

const docs = new URL('../../../docs/', import.meta.url)
const read = (name: string) => readFileSync(new URL(name, docs), 'utf8')

const START =
  '<!-- metrics-table:start (generated from METRICS by packages/middy/test/docs-reference.test.ts) -->'
const END = '<!-- metrics-table:end -->'

const cell = (text: string | undefined) => (text === undefined ? '' : text.replaceAll('|', '\\|'))

/** Cells padded to their column's width, as Biome formats markdown tables, so `pnpm lint` agrees. */
const markdownTable = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = header.map((title, column) =>
    Math.max(3, title.length, ...rows.map((row) => (row[column] ?? '').length)),
  )
  const line = (cells: readonly string[]) =>
    `| ${cells.map((text, column) => text.padEnd(widths[column] ?? 0)).join(' | ')} |`
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n')
}

/** The reference table, one row per entry of the collector's METRICS, in its order. */
const renderMetricsTable = (): string =>
  markdownTable(
    [
      'metric',
      'unit',
      'group',
      'default',
      'source',
      'meaning',
      'Sparta metric it replaces',
      'Lambda Insights',
    ],
    METRICS.map((metric: MetricDefinition) => [
      `\`${metric.name}\``,
      metric.unit,
      `\`${metric.group}\``,
      DEFAULT_GROUPS.includes(metric.group) ? 'yes' : '',
      cell(metric.source),
      cell(metric.description),
      cell(metric.sparta),
      metric.lambdaInsights === undefined ? '' : `\`${metric.lambdaInsights}\``,
    ]),
  )

describe('docs/metrics.md', () => {
  it('holds the table generated from METRICS (UPDATE_DOCS=1 rewrites it)', () => {
    // Prepare
    const text = read('metrics.md')
    const start = text.indexOf(START)
    const end = text.indexOf(END)
    expect(start, `metrics.md needs the markers ${START} and ${END}`).toBeGreaterThanOrEqual(0)
    expect(end).toBeGreaterThan(start)
    const expected = `${START}\n\n${renderMetricsTable()}\n\n${END}`

    // Act
    const actual = text.slice(start, end + END.length)
    if (process.env.UPDATE_DOCS === '1' && actual !== expected) {
      writeFileSync(new URL('metrics.md', docs), text.replace(actual, expected))
      return
    }

    // Assess
    expect(
      actual,
      'run `UPDATE_DOCS=1 pnpm vitest run --project middy docs-reference` after editing METRICS',
    ).toBe(expected)
  })

  it('states the measured accuracy of every metric', () => {
    const metricsDoc = read('metrics.md')
    const section = metricsDoc.slice(metricsDoc.indexOf('## Measured accuracy'))
    const rows = section.split('\n').filter((line) => line.startsWith('| `'))
    const named = new Set(
      rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`(\w+)`/g)].map((m) => m[1])),
    )

    for (const metric of METRICS) expect(named, metric.name).toContain(metric.name)
  })

  it('names the default groups and every group', () => {
    const text = read('metrics.md')

    for (const group of METRIC_GROUPS) expect(text).toContain(`\`${group}\``)
    expect(text).toContain(DEFAULT_GROUPS.map((group) => `\`${group}\``).join(', '))
  })
})

describe('docs/options.md', () => {
  it('documents every option the middleware accepts, in the order the code lists them, and no other', () => {
    const text = read('options.md')
    const table = text.slice(text.indexOf('| option'), text.indexOf('\n\n', text.indexOf('| option')))
    const documented = [...table.matchAll(/^\| `(\w+)` +\|/gm)].map((match) => match[1])

    expect(documented).toEqual([...OPTION_KEYS])
  })
})

describe('docs/cost.md', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it("gives the size of a real record with the demo's names, within 5 %", async () => {
    // Prepare
    const documented = Number(
      /Utilization record: about ([\d,]+) bytes/.exec(read('cost.md'))?.[1]?.replace(',', ''),
    )
    for (const [name, value] of Object.entries(DEMO_ENV)) vi.stubEnv(name, value)
    const handler = middy(async () => 'ok').use(utilizationMetrics({ BuildId: DEMO_ENV.BUILD_ID }))

    // Act
    const { lines } = await captureOutput(() =>
      handler({}, lambdaContext({ functionName: 'orders-demo', memoryLimitInMB: '1024' })),
    )

    // Assess
    const [record] = lines.filter((line) => line.includes('"_aws"'))
    expect(Math.abs(Buffer.byteLength(record ?? '') - documented) / documented).toBeLessThan(0.05)
  })

  it('counts the custom metrics of the default groups', () => {
    const defaults = METRICS.filter((metric) => DEFAULT_GROUPS.includes(metric.group)).length
    const text = read('cost.md')

    expect(text).toContain(`${defaults} metrics x 2 dimension sets = ${defaults * 2} custom metrics`)
    expect(text).toContain(`${METRICS.length} metrics`)
  })
})
