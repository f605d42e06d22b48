/**
 * Reads CloudWatch Embedded Metric Format records out of log lines. A line may be the bare JSON object
 * Powertools writes to stdout, or a whole log line around it (a CloudWatch Logs export or `aws logs tail`
 * prefixes a timestamp, a log stream or a request id).
 */

/** A dimension set with its values, in the order the record declares the names. */
export type DimensionValues = readonly (readonly [name: string, value: string])[]

export interface EmfMetric {
  readonly name: string
  /** As declared; EMF's default when absent is `None`. */
  readonly unit: string
  /** Every value of the metric in the record: EMF allows an array for a name added several times. */
  readonly values: readonly number[]
}

/** One entry of `_aws.CloudWatchMetrics`: each dimension set is a separate CloudWatch series. */
export interface EmfDirective {
  readonly namespace: string
  readonly dimensionSets: readonly DimensionValues[]
  readonly metrics: readonly EmfMetric[]
}

export interface EmfRecord {
  readonly timestamp: number
  readonly directives: readonly EmfDirective[]
  /** Size of the JSON object in UTF-8, what CloudWatch Logs bills as ingestion. */
  readonly bytes: number
}

export type ParsedLine =
  | {
      readonly kind: 'emf'
      readonly record: EmfRecord
      /** The whole JSON object: metadata and dimension values as well as the metric values. */
      readonly root: Readonly<Record<string, unknown>>
    }
  | { readonly kind: 'malformed'; readonly reason: string }
  | { readonly kind: 'other' }

const EMF_MARKER = '"_aws"'

class MalformedRecord extends Error {}

const fail = (reason: string): never => {
  throw new MalformedRecord(reason)
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value)

/** The JSON object of a line: the first `{` before the EMF marker from which the rest parses. */
const extractJson = (line: string): { json: unknown; text: string } | undefined => {
  const marker = line.indexOf(EMF_MARKER)
  for (let start = line.indexOf('{'); start !== -1 && start < marker; start = line.indexOf('{', start + 1)) {
    const text = line.slice(start).trimEnd()
    try {
      return { json: JSON.parse(text), text }
    } catch {
      // A brace in the prefix, or a truncated record: try the next one.
    }
  }
  return undefined
}

const readValues = (root: Record<string, unknown>, name: string): number[] => {
  const value = root[name]
  if (isFiniteNumber(value)) return [value]
  if (Array.isArray(value) && value.length > 0 && value.every(isFiniteNumber)) return value
  return fail(`metric '${name}' has no numeric value`)
}

const readDimensionSet = (root: Record<string, unknown>, names: unknown): DimensionValues => {
  if (!Array.isArray(names)) return fail('a dimension set is not an array')
  return names.map((name): readonly [string, string] => {
    if (typeof name !== 'string') return fail('a dimension name is not a string')
    const value = root[name]
    if (typeof value !== 'string') return fail(`dimension '${name}' has no string value`)
    return [name, value]
  })
}

const readMetric = (root: Record<string, unknown>, definition: unknown): EmfMetric => {
  if (!isObject(definition) || typeof definition.Name !== 'string' || definition.Name === '') {
    return fail('a metric definition has no Name')
  }
  const unit = definition.Unit ?? 'None'
  if (typeof unit !== 'string') return fail(`metric '${definition.Name}' has a Unit that is not a string`)
  return { name: definition.Name, unit, values: readValues(root, definition.Name) }
}

const readDirective = (root: Record<string, unknown>, directive: unknown): EmfDirective => {
  if (!isObject(directive)) return fail('a CloudWatchMetrics entry is not an object')
  const { Namespace: namespace, Dimensions: dimensions, Metrics: metrics } = directive
  if (typeof namespace !== 'string' || namespace === '') return fail('a directive has no Namespace')
  if (!Array.isArray(dimensions)) return fail(`a directive of ${namespace} has no Dimensions array`)
  if (!Array.isArray(metrics) || metrics.length === 0)
    return fail(`a directive of ${namespace} has no Metrics`)
  return {
    namespace,
    dimensionSets: dimensions.map((set) => readDimensionSet(root, set)),
    metrics: metrics.map((metric) => readMetric(root, metric)),
  }
}

const readRecord = (json: unknown, text: string): EmfRecord => {
  if (!isObject(json) || !isObject(json._aws)) return fail('_aws is not an object')
  const { Timestamp: timestamp, CloudWatchMetrics: directives } = json._aws
  if (!isFiniteNumber(timestamp)) return fail('_aws.Timestamp is not a number')
  if (!Array.isArray(directives) || directives.length === 0) {
    return fail('_aws.CloudWatchMetrics is not a non-empty array')
  }
  return {
    timestamp,
    directives: directives.map((directive) => readDirective(json, directive)),
    bytes: Buffer.byteLength(text, 'utf8'),
  }
}

/** Classifies one log line: an EMF record, a line that claims to be one but is not, or anything else. */
export const parseLogLine = (line: string): ParsedLine => {
  if (!line.includes(EMF_MARKER)) return { kind: 'other' }
  const extracted = extractJson(line)
  if (!extracted) return { kind: 'malformed', reason: 'not valid JSON' }
  // A JSON log line that merely mentions "_aws" in a message is not a record.
  if (!isObject(extracted.json) || !('_aws' in extracted.json)) return { kind: 'other' }
  try {
    return { kind: 'emf', record: readRecord(extracted.json, extracted.text), root: extracted.json }
  } catch (error) {
    if (error instanceof MalformedRecord) return { kind: 'malformed', reason: error.message }
    throw error
  }
}
