import { type DimensionValues, type EmfRecord, parseLogLine } from './emf.js'

export interface MetricStats {
  readonly name: string
  readonly unit: string
  /** Values seen: one per record, more when a record holds an array. */
  readonly count: number
  readonly min: number
  readonly median: number
  readonly max: number
}

/** One CloudWatch series family: a namespace and one dimension set with its values. */
export interface SeriesSummary {
  readonly namespace: string
  readonly dimensions: DimensionValues
  /** Records that published to this series. */
  readonly records: number
  /** In the order the metrics first appeared. */
  readonly metrics: readonly MetricStats[]
}

export interface MalformedLine {
  /** 1-based line number in the input. */
  readonly line: number
  readonly reason: string
}

export interface Summary {
  readonly emfRecords: number
  /** Non-blank lines that hold no EMF record (application logs, platform lines). */
  readonly ignoredLines: number
  readonly malformedLines: number
  /** The first few malformed lines, to say what went wrong without flooding the output. */
  readonly malformedExamples: readonly MalformedLine[]
  /** In the order the series first appeared. */
  readonly series: readonly SeriesSummary[]
}

const MAX_MALFORMED_EXAMPLES = 3

/** The middle value; the mean of the two middle values for an even count. */
export const median = (values: readonly number[]): number => {
  if (values.length === 0) throw new RangeError('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const upper = sorted[middle] as number
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2
}

interface SeriesAccumulator {
  readonly namespace: string
  readonly dimensions: DimensionValues
  records: number
  /** Keyed by name and unit: CloudWatch keeps a metric published with two units as two statistics sets. */
  readonly metrics: Map<string, { name: string; unit: string; values: number[] }>
}

const seriesKey = (namespace: string, dimensions: DimensionValues): string =>
  JSON.stringify([namespace, dimensions])

// A loop, not Math.min(...values): a day of logs holds more values than a call can take as arguments.
const statsOf = (name: string, unit: string, values: readonly number[]): MetricStats => {
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (const value of values) {
    if (value < min) min = value
    if (value > max) max = value
  }
  return { name, unit, count: values.length, min, median: median(values), max }
}

/**
 * Accumulates log lines one at a time (so stdin can stream through) and summarizes every metric per
 * series. A record with two dimension sets counts towards both series, as CloudWatch stores it.
 */
export const createSummarizer = () => {
  const series = new Map<string, SeriesAccumulator>()
  const malformedExamples: MalformedLine[] = []
  let lineNumber = 0
  let emfRecords = 0
  let ignoredLines = 0
  let malformedLines = 0

  const addRecord = (record: EmfRecord): void => {
    emfRecords++
    for (const directive of record.directives) {
      for (const dimensions of directive.dimensionSets) {
        const key = seriesKey(directive.namespace, dimensions)
        let entry = series.get(key)
        if (!entry) {
          entry = { namespace: directive.namespace, dimensions, records: 0, metrics: new Map() }
          series.set(key, entry)
        }
        entry.records++
        for (const metric of directive.metrics) {
          const metricKey = `${metric.name}\u0000${metric.unit}`
          let stats = entry.metrics.get(metricKey)
          if (!stats) {
            stats = { name: metric.name, unit: metric.unit, values: [] }
            entry.metrics.set(metricKey, stats)
          }
          for (const value of metric.values) stats.values.push(value)
        }
      }
    }
  }

  return {
    add(line: string): void {
      lineNumber++
      if (line.trim() === '') return
      const parsed = parseLogLine(line)
      if (parsed.kind === 'emf') addRecord(parsed.record)
      else if (parsed.kind === 'other') ignoredLines++
      else {
        malformedLines++
        if (malformedExamples.length < MAX_MALFORMED_EXAMPLES) {
          malformedExamples.push({ line: lineNumber, reason: parsed.reason })
        }
      }
    },
    result(): Summary {
      return {
        emfRecords,
        ignoredLines,
        malformedLines,
        malformedExamples: [...malformedExamples],
        series: [...series.values()].map((entry) => ({
          namespace: entry.namespace,
          dimensions: entry.dimensions,
          records: entry.records,
          metrics: [...entry.metrics.values()].map((metric) =>
            statsOf(metric.name, metric.unit, metric.values),
          ),
        })),
      }
    },
  }
}

/** Summarizes a whole set of log lines at once. */
export const summarize = (lines: Iterable<string>): Summary => {
  const summarizer = createSummarizer()
  for (const line of lines) summarizer.add(line)
  return summarizer.result()
}
