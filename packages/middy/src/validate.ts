import { isMetricGroup, METRIC_GROUPS, METRICS } from '@utilization-metrics/collector'
import { METADATA_KEYS } from './constants.js'
import { invalidInput } from './errors.js'
import type { UtilizationDimensions, UtilizationMetricsOptions } from './types.js'

/** CloudWatch's limit, as Powertools enforces it: 29 dimensions per set, `service` included. */
export const MAX_DIMENSIONS = 29
const MAX_DIMENSION_NAME_LENGTH = 255
const MAX_DIMENSION_VALUE_LENGTH = 1024
const MAX_NAMESPACE_LENGTH = 255
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
const RESERVED_METADATA_KEYS = new Set(METADATA_KEYS)
/** The EMF directive's own key: a dimension of this name would replace it. */
const EMF_DIRECTIVE_KEY = '_aws'
const METRIC_NAMES = new Set<string>(METRICS.map((metric) => metric.name))

const describe = (value: unknown): string => {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `a string of ${value.length} characters`
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

const editDistance = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution)
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

/** The valid key closest to a misspelt one, for "did you mean" hints. */
export const nearest = (key: string, candidates: readonly string[]): string => {
  let best = candidates[0] ?? ''
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    // An abbreviation ("highres") is nearer to what it abbreviates than to any short word.
    const isPrefix = candidate.toLowerCase().startsWith(key.toLowerCase())
    const distance = isPrefix ? 0 : editDistance(key.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

const ownKeys = (value: object, what: string): string[] => {
  if (Object.getOwnPropertySymbols(value).length > 0) throw invalidInput(`${what} must not have symbol keys`)
  return Object.getOwnPropertyNames(value)
}

const checkDimensionName = (name: string, label = 'dimension'): void => {
  if (FORBIDDEN_KEYS.has(name)) throw invalidInput(`${label} name '${name}' is not allowed`)
  if (name === EMF_DIRECTIVE_KEY) {
    throw invalidInput(`${label} name '${name}' is reserved: it is the key of the EMF directive`)
  }
  if (name.length < 1 || name.length > MAX_DIMENSION_NAME_LENGTH || name.trim() === '') {
    throw invalidInput(
      `${label} name '${name}' must have 1 to ${MAX_DIMENSION_NAME_LENGTH} characters, not all blank (has ${name.length})`,
    )
  }
  if (name.startsWith(':')) throw invalidInput(`${label} name '${name}' must not start with ':'`)
  if (/[^\x20-\x7e]/.test(name)) throw invalidInput(`${label} name '${name}' must be printable ASCII`)
  if (RESERVED_METADATA_KEYS.has(name)) {
    throw invalidInput(`${label} name '${name}' is reserved for the record's metadata`)
  }
  if (name === 'service') {
    throw invalidInput("dimension name 'service' is reserved: set it with the serviceName option")
  }
  if (METRIC_NAMES.has(name)) {
    throw invalidInput(`${label} name '${name}' is also a metric name, which EMF does not allow`)
  }
}

/** Checks the caller's dimension map; returns it as a frozen copy so later edits cannot change records. */
export const validateDimensions = (dimensions: unknown): UtilizationDimensions => {
  if (!isPlainObject(dimensions)) {
    throw invalidInput(`dimensions must be a plain object of string values, got ${describe(dimensions)}`)
  }
  const names = ownKeys(dimensions, 'dimensions')
  if (names.length > 0 && names.every(isOptionKey)) {
    throw invalidInput(
      `dimensions has only option names (${names.join(', ')}): options go in the second argument, utilizationMetrics({}, { ${names[0]}: ... })`,
    )
  }
  const copy: Record<string, string> = {}
  for (const name of names) {
    checkDimensionName(name)
    const value = dimensions[name]
    if (typeof value !== 'string') {
      throw invalidInput(`dimension '${name}' must have a string value, got ${describe(value)}`)
    }
    if (value.length < 1 || value.length > MAX_DIMENSION_VALUE_LENGTH || value.trim() === '') {
      throw invalidInput(
        `dimension '${name}' value must have 1 to ${MAX_DIMENSION_VALUE_LENGTH} characters, not all blank (has ${value.length})`,
      )
    }
    if (value.startsWith(':')) throw invalidInput(`dimension '${name}' value must not start with ':'`)
    copy[name] = value
  }
  return Object.freeze(copy)
}

const checkNonEmptyString = (key: string, value: unknown, maxLength = Number.POSITIVE_INFINITY): void => {
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength) {
    const limit = Number.isFinite(maxLength) ? ` of at most ${maxLength} characters` : ''
    throw invalidInput(`option '${key}' must be a non-empty string${limit}, got ${describe(value)}`)
  }
}

const checkBoolean = (key: string, value: unknown): void => {
  if (typeof value !== 'boolean')
    throw invalidInput(`option '${key}' must be a boolean, got ${describe(value)}`)
}

type OptionKey = keyof UtilizationMetricsOptions

/**
 * One checker per option, keyed by the options type itself: an option added to the type without a checker
 * does not compile, and the list of known keys is read from here.
 */
const optionCheckers: { readonly [Key in OptionKey]-?: (value: unknown) => void } = {
  namespace: (value) => checkNonEmptyString('namespace', value, MAX_NAMESPACE_LENGTH),
  serviceName: (value) => checkNonEmptyString('serviceName', value, MAX_DIMENSION_VALUE_LENGTH),
  metrics: (value) => {
    const metrics = value as { serializeMetrics?: unknown; addMetric?: unknown } | null
    if (typeof metrics !== 'object' || metrics === null || typeof metrics.serializeMetrics !== 'function') {
      throw invalidInput("option 'metrics' must be a Powertools Metrics instance")
    }
  },
  groups: (value) => {
    if (!Array.isArray(value)) {
      throw invalidInput(`option 'groups' must be an array of group names, got ${describe(value)}`)
    }
    if (value.length === 0) throw invalidInput("option 'groups' must name at least one group")
    for (const group of value) {
      if (!isMetricGroup(group)) {
        throw invalidInput(
          `option 'groups' has unknown group ${JSON.stringify(group)}; known groups: ${METRIC_GROUPS.join(', ')}`,
        )
      }
    }
  },
  diskPath: (value) => checkNonEmptyString('diskPath', value),
  interval: (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw invalidInput(
        `option 'interval' must be a finite number of milliseconds >= 0, got ${String(value)}`,
      )
    }
  },
  highResolution: (value) => checkBoolean('highResolution', value),
  aggregate: (value) => checkBoolean('aggregate', value),
  logger: (value) => {
    const logger = value as { warn?: unknown; debug?: unknown } | null
    const usable = typeof logger === 'object' && logger !== null
    if (!usable || typeof logger.warn !== 'function' || typeof logger.debug !== 'function') {
      throw invalidInput("option 'logger' must be an object with warn() and debug() methods")
    }
  },
}

/** Every option name, in the order of the checkers (the order docs/options.md lists them in). */
export const OPTION_KEYS = Object.keys(optionCheckers) as readonly OptionKey[]

const isOptionKey = (key: string): key is OptionKey => Object.hasOwn(optionCheckers, key)

export const validateOptions = (options: unknown): UtilizationMetricsOptions => {
  if (!isPlainObject(options)) throw invalidInput(`options must be a plain object, got ${describe(options)}`)
  for (const key of ownKeys(options, 'options')) {
    if (!isOptionKey(key)) {
      throw invalidInput(`unknown option '${key}'; did you mean '${nearest(key, OPTION_KEYS)}'?`)
    }
    const value = options[key]
    if (value !== undefined) optionCheckers[key](value)
  }
  return options as UtilizationMetricsOptions
}

/**
 * The whole dimension set, as Powertools writes it: `service`, the default dimensions of `options.metrics`
 * and the caller's. Default dimensions follow the caller's naming rules (they share the record); a caller
 * dimension may not repeat a default one, which would write the same set twice with one of the two values
 * lost; and the set must fit CloudWatch's limit.
 */
export const validateDimensionSet = (
  defaultDimensions: Readonly<Record<string, string>>,
  dimensions: UtilizationDimensions,
): void => {
  for (const name of Object.keys(defaultDimensions)) {
    checkDimensionName(name, 'default dimension (of options.metrics)')
    if (Object.hasOwn(dimensions, name)) {
      throw invalidInput(
        `dimension '${name}' is already a default dimension of options.metrics: set it in one place only`,
      )
    }
  }
  const count = 1 + Object.keys(defaultDimensions).length + Object.keys(dimensions).length
  if (count > MAX_DIMENSIONS) {
    throw invalidInput(
      `too many dimensions: ${count} with service and default dimensions, CloudWatch allows at most ${MAX_DIMENSIONS}`,
    )
  }
}
