/**
 * An independent reading of CloudWatch Embedded Metric Format, written from the specification rather
 * than shared with the product, so that the acceptance tests do not grade the product with its own code.
 */

export interface EmfMetricDefinition {
  Name: string
  Unit?: string
  StorageResolution?: number
}

export interface EmfDirective {
  Namespace: string
  Dimensions: string[][]
  Metrics: EmfMetricDefinition[]
}

/** An EMF record: the `_aws` metadata plus every dimension, metric and metadata value at the top level. */
export interface EmfRecord {
  _aws: { Timestamp: number; CloudWatchMetrics: EmfDirective[] }
  [key: string]: unknown
}

const UNITS = new Set([
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
])
// The specification's limits: CloudWatch drops a record that breaks them.
const MAX_DIMENSIONS_PER_SET = 30
const MAX_METRICS_PER_DIRECTIVE = 100
const MAX_VALUES_PER_METRIC = 100

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isMetricValue = (value: unknown): boolean =>
  (typeof value === 'number' && Number.isFinite(value)) ||
  (Array.isArray(value) &&
    value.length > 0 &&
    value.length <= MAX_VALUES_PER_METRIC &&
    value.every((item) => typeof item === 'number' && Number.isFinite(item)))

const directiveProblems = (root: Record<string, unknown>, directive: unknown, at: string): string[] => {
  if (!isObject(directive)) return [`${at} is not an object`]
  const problems: string[] = []
  if (typeof directive.Namespace !== 'string' || directive.Namespace === '') {
    problems.push(`${at}.Namespace is not a non-empty string`)
  }
  const { Dimensions: dimensions, Metrics: metrics } = directive
  if (!Array.isArray(dimensions)) {
    problems.push(`${at}.Dimensions is not an array`)
  } else {
    for (const [index, set] of dimensions.entries()) {
      if (!Array.isArray(set) || set.length > MAX_DIMENSIONS_PER_SET) {
        problems.push(`${at}.Dimensions[${index}] is not an array of at most ${MAX_DIMENSIONS_PER_SET} names`)
        continue
      }
      for (const name of set) {
        if (typeof name !== 'string' || typeof root[name] !== 'string') {
          problems.push(`dimension ${String(name)} has no top-level string value`)
        }
      }
    }
  }
  if (!Array.isArray(metrics) || metrics.length === 0 || metrics.length > MAX_METRICS_PER_DIRECTIVE) {
    problems.push(`${at}.Metrics is not an array of 1 to ${MAX_METRICS_PER_DIRECTIVE} definitions`)
    return problems
  }
  for (const metric of metrics) {
    if (!isObject(metric) || typeof metric.Name !== 'string' || metric.Name === '') {
      problems.push(`${at}.Metrics has a definition without a Name`)
      continue
    }
    if (!isMetricValue(root[metric.Name]))
      problems.push(`metric ${metric.Name} has no top-level numeric value`)
    if (metric.Unit !== undefined && !UNITS.has(String(metric.Unit))) {
      problems.push(`metric ${metric.Name} has unit ${String(metric.Unit)}, not a CloudWatch unit`)
    }
    if (
      metric.StorageResolution !== undefined &&
      metric.StorageResolution !== 1 &&
      metric.StorageResolution !== 60
    ) {
      problems.push(`metric ${metric.Name} has StorageResolution ${String(metric.StorageResolution)}`)
    }
  }
  return problems
}

/** Why `value` is not a valid EMF record; empty when it is one. */
export const emfProblems = (value: unknown): string[] => {
  if (!isObject(value) || !isObject(value._aws)) return ['no _aws object']
  const { Timestamp: timestamp, CloudWatchMetrics: directives } = value._aws
  const problems: string[] = []
  if (typeof timestamp !== 'number' || !Number.isInteger(timestamp) || timestamp <= 0) {
    problems.push('_aws.Timestamp is not a positive integer of milliseconds')
  }
  if (!Array.isArray(directives) || directives.length === 0) {
    return [...problems, '_aws.CloudWatchMetrics is not a non-empty array']
  }
  return [
    ...problems,
    ...directives.flatMap((directive, index) =>
      directiveProblems(value, directive, `_aws.CloudWatchMetrics[${index}]`),
    ),
  ]
}

/**
 * The EMF records among stdout lines. Each must be a bare JSON object on its own line, as CloudWatch
 * Logs needs it: a line that mentions `_aws` but has a prefix (a runtime log line) or does not parse
 * throws, and so does an invalid record.
 */
export const emfRecords = (lines: readonly string[]): EmfRecord[] =>
  lines
    .filter((line) => line.includes('"_aws"'))
    .map((line) => {
      let value: unknown
      try {
        value = JSON.parse(line)
      } catch {
        throw new Error(`an EMF record is not a bare JSON line: ${line.slice(0, 200)}`)
      }
      const problems = emfProblems(value)
      if (problems.length > 0)
        throw new Error(`invalid EMF record (${problems.join('; ')}): ${line.slice(0, 200)}`)
      return value as EmfRecord
    })

export const metricNames = (record: EmfRecord): string[] =>
  record._aws.CloudWatchMetrics.flatMap((directive) => directive.Metrics.map((metric) => metric.Name))

export const dimensionSets = (record: EmfRecord): string[][] =>
  record._aws.CloudWatchMetrics.flatMap((directive) => directive.Dimensions)
