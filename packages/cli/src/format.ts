import type { DimensionValues, EmfRecord } from './emf.js'
import type { Summary } from './summarize.js'

const KIB = 1024
const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const
const DURATIONS = [
  { ms: 86_400_000, suffix: 'd' },
  { ms: 3_600_000, suffix: 'h' },
  { ms: 60_000, suffix: 'min' },
  { ms: 1000, suffix: 's' },
] as const

/** Integers exactly (with thousands separators), other numbers to three significant digits. */
export const formatNumber = (value: number): string => {
  if (Number.isInteger(value) || Math.abs(value) >= 1000) {
    return Math.round(value).toLocaleString('en-US')
  }
  return String(Number(value.toPrecision(3)))
}

const formatBytes = (value: number): string => {
  let scaled = value
  let unit = 0
  while (Math.abs(scaled) >= KIB && unit < BYTE_UNITS.length - 1) {
    scaled /= KIB
    unit++
  }
  return `${unit === 0 ? formatNumber(scaled) : String(Number(scaled.toPrecision(3)))} ${BYTE_UNITS[unit]}`
}

const formatMilliseconds = (value: number): string => {
  for (const { ms, suffix } of DURATIONS) {
    if (Math.abs(value) >= ms) return `${String(Number((value / ms).toPrecision(3)))} ${suffix}`
  }
  return `${formatNumber(value)} ms`
}

/** A value as a person reads it, in the metric's CloudWatch unit: `12.3%`, `4.5 MiB`, `2.1 h`, `3`. */
export const formatValue = (value: number, unit: string): string => {
  switch (unit) {
    case 'Percent':
      return `${formatNumber(value)}%`
    case 'Bytes':
      return formatBytes(value)
    case 'Milliseconds':
      return formatMilliseconds(value)
    case 'Count':
    case 'None':
      return formatNumber(value)
    default:
      return `${formatNumber(value)} ${unit}`
  }
}

const formatDimensions = (dimensions: DimensionValues): string =>
  dimensions.length === 0
    ? '(no dimensions)'
    : dimensions.map(([name, value]) => `${name}=${value}`).join(' ')

/** Columns padded to their widest cell; the last `rightAligned` columns are numbers. */
export const formatTable = (rows: readonly (readonly string[])[], rightAligned: number): string[] => {
  const widths: number[] = []
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length)
    })
  }
  return rows.map((row) =>
    row
      .map((cell, column) => {
        const width = widths[column] ?? 0
        return column >= row.length - rightAligned ? cell.padStart(width) : cell.padEnd(width)
      })
      .join('  ')
      .trimEnd(),
  )
}

export const plural = (count: number, word: string): string =>
  `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`

/** The per-series tables and a closing line counting what was ignored or malformed. */
export const formatSummary = (summary: Summary): string => {
  const blocks: string[] = []
  for (const series of summary.series) {
    const heading = `${series.namespace}  ${formatDimensions(series.dimensions)}  (${plural(series.records, 'record')})`
    const rows = [
      ['metric', 'unit', 'n', 'min', 'median', 'max'],
      ...series.metrics.map((metric) => [
        metric.name,
        metric.unit,
        metric.count.toLocaleString('en-US'),
        formatValue(metric.min, metric.unit),
        formatValue(metric.median, metric.unit),
        formatValue(metric.max, metric.unit),
      ]),
    ]
    blocks.push([heading, ...formatTable(rows, 4).map((line) => `  ${line}`)].join('\n'))
  }
  if (summary.series.length === 0) blocks.push('No EMF records found.')

  const examples = summary.malformedExamples.map((example) => `line ${example.line}: ${example.reason}`)
  const malformed =
    summary.malformedLines === 0
      ? '0 malformed EMF lines'
      : `${plural(summary.malformedLines, 'malformed EMF line')} (${examples.join('; ')}${summary.malformedLines > examples.length ? '; ...' : ''})`
  blocks.push(
    `${plural(summary.emfRecords, 'EMF record')}, ${plural(summary.ignoredLines, 'other line')} ignored, ${malformed}.`,
  )
  return `${blocks.join('\n\n')}\n`
}

/**
 * One record on one line: namespace, each dimension set's names, size, then `name value` pairs. Used by the
 * demo to show every record without the JSON noise.
 */
export const formatRecord = (record: EmfRecord): string =>
  record.directives
    .map((directive) => {
      const sets = directive.dimensionSets.map((set) => `[${set.map(([name]) => name).join(',')}]`).join('')
      const metrics = directive.metrics.map(
        (metric) =>
          `${metric.name} ${metric.values.map((value) => formatValue(value, metric.unit)).join('|')}`,
      )
      return [`${directive.namespace} ${sets || '[]'} ${formatBytes(record.bytes)}`, ...metrics].join('  ')
    })
    .join(' ; ')
