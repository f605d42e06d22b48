/** Pure formatting for the tables `pnpm bench` prints and writes to docs/benchmarks.md. */

export type Align = 'left' | 'right'

export interface Table {
  readonly columns: readonly string[]
  /** Per column; default left. Figures read best right-aligned. */
  readonly align?: readonly Align[]
  readonly rows: readonly (readonly string[])[]
}

// Decimal units, as the budgets are stated ("under 1 MB").
const BYTES_PER_KB = 1000
const BYTES_PER_MB = 1000 * 1000
const BYTES_PER_GB = 1000 * 1000 * 1000

/** A duration given in microseconds: µs below 1 ms, ms above; three significant figures or so. */
export const formatMicros = (micros: number): string => {
  if (!Number.isFinite(micros)) return 'n/a'
  const magnitude = Math.abs(micros)
  if (magnitude >= 1000) return `${(micros / 1000).toFixed(2)} ms`
  if (magnitude >= 100) return `${micros.toFixed(0)} µs`
  if (magnitude >= 10) return `${micros.toFixed(1)} µs`
  return `${micros.toFixed(2)} µs`
}

/** A difference in microseconds, always signed, so "added time" reads as such. */
export const formatAddedMicros = (micros: number): string =>
  Number.isFinite(micros) && micros >= 0 ? `+${formatMicros(micros)}` : formatMicros(micros)

/** Bytes in decimal units (kB, MB, GB); `signed` prints a leading + for growth. */
export const formatBytes = (bytes: number, signed = false): string => {
  if (!Number.isFinite(bytes)) return 'n/a'
  const sign = signed && bytes >= 0 ? '+' : ''
  const magnitude = Math.abs(bytes)
  if (magnitude >= BYTES_PER_GB) return `${sign}${(bytes / BYTES_PER_GB).toFixed(1)} GB`
  if (magnitude >= BYTES_PER_MB) return `${sign}${(bytes / BYTES_PER_MB).toFixed(2)} MB`
  if (magnitude >= BYTES_PER_KB) return `${sign}${(bytes / BYTES_PER_KB).toFixed(1)} kB`
  return `${sign}${bytes.toFixed(0)} B`
}

/** How many times `value` is `reference`: 1.00x, 12.3x, 456x. */
export const formatRatio = (value: number, reference: number): string => {
  if (!Number.isFinite(value) || !Number.isFinite(reference) || reference <= 0) return 'n/a'
  const ratio = value / reference
  if (ratio >= 100) return `${ratio.toFixed(0)}x`
  if (ratio >= 10) return `${ratio.toFixed(1)}x`
  return `${ratio.toFixed(2)}x`
}

/** The median of a list of numbers (mean of the two middle ones for an even count). */
export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const upper = sorted[middle] ?? Number.NaN
  if (sorted.length % 2 === 1) return upper
  return ((sorted[middle - 1] ?? Number.NaN) + upper) / 2
}

const pad = (text: string, width: number, align: Align): string =>
  align === 'right' ? text.padStart(width) : text.padEnd(width)

/**
 * A Markdown table whose columns are padded to equal width, so the same text reads well in a terminal
 * and renders as a table in the docs. Pipes inside cells are escaped.
 */
export const renderTable = (table: Table): string => {
  const escapePipes = (cell: string) => cell.replaceAll('|', '\\|')
  const header = table.columns.map(escapePipes)
  const body = table.rows.map((row) => table.columns.map((_, index) => escapePipes(row[index] ?? '')))
  const widths = header.map((title, index) =>
    Math.max(3, title.length, ...body.map((row) => (row[index] ?? '').length)),
  )
  const alignOf = (index: number): Align => table.align?.[index] ?? 'left'
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, index) => pad(cell, widths[index] ?? 0, alignOf(index))).join(' | ')} |`
  const rule = `| ${widths
    .map((width, index) => (alignOf(index) === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width)))
    .join(' | ')} |`
  return [line(header), rule, ...body.map(line)].join('\n')
}
