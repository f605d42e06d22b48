import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { gauge } from '../src/figures.js'
import { DEFAULT_GROUPS, METRICS, type MetricDefinition } from '../src/metrics.js'

/**
 * The parts of the docs that are generated from METRICS, so adding a metric is adding its definition:
 * each region sits between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`, and
 * `UPDATE_DOCS=1 pnpm vitest run --project collector docs` rewrites every region that differs.
 */
const REPOSITORY = new URL('../../../', import.meta.url)
const UPDATE_COMMAND = 'UPDATE_DOCS=1 pnpm vitest run --config vitest.workspace.ts --project collector docs'

const cell = (text: string | undefined) => (text === undefined ? '' : text.replaceAll('|', '\\|'))
const code = (text: string | undefined) => (text === undefined ? '' : `\`${text}\``)
const isDefault = (metric: MetricDefinition) => DEFAULT_GROUPS.includes(metric.group)

/** Cells padded to their column's width, as Biome formats markdown tables, so `pnpm lint` agrees. */
export const markdownTable = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = header.map((title, column) =>
    Math.max(3, title.length, ...rows.map((row) => (row[column] ?? '').length)),
  )
  const line = (cells: readonly string[]) =>
    `| ${cells.map((text, column) => text.padEnd(widths[column] ?? 0)).join(' | ')} |`
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n')
}

const block = (text: string) => `\n\n${text}\n\n`

/** docs/metrics.md: the reference, one row per definition, in METRICS order. */
const referenceTable = (metrics: readonly MetricDefinition[]) =>
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
    metrics.map((metric) => [
      code(metric.name),
      metric.unit,
      code(metric.group),
      isDefault(metric) ? 'yes' : '',
      cell(metric.source),
      cell(metric.description),
      cell(metric.sparta),
      code(metric.lambdaInsights),
    ]),
  )

/** docs/metrics.md: one row per accuracy check; definitions checked together share a row. */
const accuracyTable = (metrics: readonly MetricDefinition[]) => {
  const checks = [...new Set(metrics.map((metric) => metric.accuracy))]
  return markdownTable(
    ['metric', 'ground truth the test creates', 'bound the test asserts', 'measured'],
    checks.map((accuracy) => [
      metrics
        .filter((metric) => metric.accuracy === accuracy)
        .map((metric) => code(metric.name))
        .join(', '),
      cell(accuracy.truth),
      cell(accuracy.bound),
      cell(accuracy.measured),
    ]),
  )
}

/** packages/collector/README.md: the figures a user of the collector gets. */
const figuresTable = (metrics: readonly MetricDefinition[]) =>
  markdownTable(
    ['Figure', 'Unit', 'Group', 'Source (Linux)', 'Meaning'],
    metrics.map((metric) => [
      code(metric.name),
      metric.unit,
      code(metric.group),
      cell(metric.source),
      cell(metric.description),
    ]),
  )

/** docs/cost.md: what publishing every group costs in custom metrics. */
const everyGroupCount = (metrics: readonly MetricDefinition[]) =>
  `${metrics.length} metrics, so ${metrics.length * 2} with the aggregate set`

interface Region {
  readonly file: string
  readonly name: string
  readonly render: (metrics: readonly MetricDefinition[]) => string
}

const REGIONS: readonly Region[] = [
  { file: 'docs/metrics.md', name: 'metrics-table', render: (metrics) => block(referenceTable(metrics)) },
  { file: 'docs/metrics.md', name: 'accuracy-table', render: (metrics) => block(accuracyTable(metrics)) },
  {
    file: 'packages/collector/README.md',
    name: 'figures-table',
    render: (metrics) => block(figuresTable(metrics)),
  },
  { file: 'docs/cost.md', name: 'every-group-count', render: everyGroupCount },
]

describe.each(REGIONS)('$file, region $name', ({ file, name, render }) => {
  it(`is generated from METRICS (${UPDATE_COMMAND} rewrites it)`, () => {
    // Prepare
    const url = new URL(file, REPOSITORY)
    const text = readFileSync(url, 'utf8')
    const start = `<!-- generated:${name} -->`
    const end = `<!-- /generated:${name} -->`
    const from = text.indexOf(start)
    const to = text.indexOf(end)
    expect(from, `${file} needs the markers ${start} and ${end}`).toBeGreaterThanOrEqual(0)
    expect(to).toBeGreaterThan(from)

    // Act
    const actual = text.slice(from + start.length, to)
    const expected = render(METRICS)
    if (process.env.UPDATE_DOCS === '1' && actual !== expected) {
      writeFileSync(url, text.slice(0, from + start.length) + expected + text.slice(to))
      return
    }

    // Assess
    expect(actual, `${file} is out of date with METRICS: run \`${UPDATE_COMMAND}\``).toBe(expected)
  })
})

describe('docs/cost.md', () => {
  it('counts the custom metrics of the default groups', () => {
    const defaults = METRICS.filter(isDefault).length

    expect(readFileSync(new URL('docs/cost.md', REPOSITORY), 'utf8')).toContain(
      `${defaults} metrics x 2 dimension sets = ${defaults * 2} custom metrics`,
    )
  })
})

describe('adding a metric (CONTRIBUTING.md, "Adding a metric")', () => {
  /** A definition as a contributor would add it to METRICS: nothing else is written by hand for the docs. */
  const added: MetricDefinition = {
    name: 'ProcessExternalMemory',
    unit: 'Bytes',
    group: 'process',
    ...gauge('processMemory', (memory) => memory.rssBytes - memory.heapUsedBytes),
    description: 'Memory of this process outside the V8 heap at the end of the interval.',
    source: 'process.memoryUsage()',
    accuracy: { truth: 'a 64 MiB Buffer', bound: 'within 10%', measured: '64.1 MiB' },
  }

  it.each(REGIONS)(
    'changes $file, region $name, which the docs test then asks to regenerate',
    ({ render }) => {
      // Act
      const before = render(METRICS)
      const after = render([...METRICS, added])

      // Assess
      expect(after).not.toBe(before)
      expect(after).toContain(
        render === everyGroupCount ? `${METRICS.length + 1} metrics` : `\`${added.name}\``,
      )
    },
  )

  it.each(METRICS.map((metric) => [metric.name, metric] as const))(
    '%s has everything the generated docs show',
    (_name, metric: MetricDefinition) => {
      expect(metric.description).toMatch(/^[A-Z`].*\.$/)
      expect(metric.source.trim()).not.toBe('')
      for (const text of Object.values(metric.accuracy)) expect(text.trim()).not.toBe('')
      expect(metric.sparta?.trim() ?? 'absent').not.toBe('')
      expect(metric.lambdaInsights?.trim() ?? 'absent').not.toBe('')
    },
  )
})
