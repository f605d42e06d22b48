import { Metrics } from '@aws-lambda-powertools/metrics'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { utilizationMetrics } from './index.js'
import { nearest } from './validate.js'

const tooManyDimensions = Object.fromEntries(Array.from({ length: 29 }, (_, i) => [`Dim${i}`, 'x']))
const polluted = JSON.parse('{"__proto__": "x"}') as Record<string, string>

describe('utilizationMetrics rejects bad input at construction', () => {
  it.each([
    ['null dimensions', null, 'dimensions must be a plain object of string values, got null'],
    ['array dimensions', ['BuildId'], 'dimensions must be a plain object of string values, got an array'],
    [
      'string dimensions',
      'BuildId',
      'dimensions must be a plain object of string values, got a string of 7 characters',
    ],
    ['class instance', new Map(), 'dimensions must be a plain object of string values, got an object'],
    ['number value', { BuildId: 142 }, "dimension 'BuildId' must have a string value, got a number"],
    ['null value', { BuildId: null }, "dimension 'BuildId' must have a string value, got null"],
    ['array value', { BuildId: ['1'] }, "dimension 'BuildId' must have a string value, got an array"],
    [
      'empty value',
      { BuildId: '' },
      "dimension 'BuildId' value must have 1 to 1024 characters, not all blank (has 0)",
    ],
    [
      'blank value',
      { BuildId: '   ' },
      "dimension 'BuildId' value must have 1 to 1024 characters, not all blank (has 3)",
    ],
    [
      'too long value',
      { BuildId: 'v'.repeat(1025) },
      "dimension 'BuildId' value must have 1 to 1024 characters, not all blank (has 1025)",
    ],
    ['value with leading colon', { BuildId: ':1' }, "dimension 'BuildId' value must not start with ':'"],
    ['empty name', { '': 'x' }, "dimension name '' must have 1 to 255 characters, not all blank (has 0)"],
    [
      'too long name',
      { ['n'.repeat(256)]: 'x' },
      `dimension name '${'n'.repeat(256)}' must have 1 to 255 characters, not all blank (has 256)`,
    ],
    ['name with leading colon', { ':Build': 'x' }, "dimension name ':Build' must not start with ':'"],
    ['non-ASCII name', { Büild: 'x' }, "dimension name 'Büild' must be printable ASCII"],
    ['__proto__ key', polluted, "dimension name '__proto__' is not allowed"],
    ['constructor key', { constructor: 'x' }, "dimension name 'constructor' is not allowed"],
    [
      'service name',
      { service: 'x' },
      "dimension name 'service' is reserved: set it with the serviceName option",
    ],
    [
      'metric name',
      { CPUPercent: 'x' },
      "dimension name 'CPUPercent' is also a metric name, which EMF does not allow",
    ],
    [
      'metadata key',
      { function_request_id: 'x' },
      "dimension name 'function_request_id' is reserved for the record's metadata",
    ],
    [
      'too many dimensions',
      tooManyDimensions,
      'too many dimensions: 30 with service and default dimensions, CloudWatch allows at most 29',
    ],
    ['symbol key', { [Symbol('x')]: 'y' }, 'dimensions must not have symbol keys'],
    [
      'the EMF directive key',
      { _aws: 'x' },
      "dimension name '_aws' is reserved: it is the key of the EMF directive",
    ],
    [
      'a metric of a group not selected',
      { Threads: 'x' },
      "dimension name 'Threads' is also a metric name, which EMF does not allow",
    ],
    [
      'the in-flight metadata key',
      { utilization_in_flight: 'x' },
      "dimension name 'utilization_in_flight' is reserved for the record's metadata",
    ],
    [
      'options passed as dimensions',
      { namespace: 'shop', serviceName: 'orders' },
      'dimensions has only option names (namespace, serviceName): options go in the second argument, utilizationMetrics({}, { namespace: ... })',
    ],
    [
      'an array option passed as dimensions',
      { groups: ['cpu'] },
      'dimensions has only option names (groups): options go in the second argument, utilizationMetrics({}, { groups: ... })',
    ],
  ])('%s', (_, dimensions, message) => {
    expect(() => utilizationMetrics(dimensions as never)).toThrow(
      new TypeError(`utilizationMetrics: ${message}`),
    )
  })

  it.each([
    ['options not an object', 'fast', 'options must be a plain object, got a string of 4 characters'],
    ['unknown option', { grups: ['cpu'] }, "unknown option 'grups'; did you mean 'groups'?"],
    ['unknown option, other', { namesapce: 'x' }, "unknown option 'namesapce'; did you mean 'namespace'?"],
    [
      'negative interval',
      { interval: -1 },
      "option 'interval' must be a finite number of milliseconds >= 0, got -1",
    ],
    [
      'NaN interval',
      { interval: Number.NaN },
      "option 'interval' must be a finite number of milliseconds >= 0, got NaN",
    ],
    [
      'infinite interval',
      { interval: Number.POSITIVE_INFINITY },
      "option 'interval' must be a finite number of milliseconds >= 0, got Infinity",
    ],
    [
      'string interval',
      { interval: '60' },
      "option 'interval' must be a finite number of milliseconds >= 0, got 60",
    ],
    [
      'unknown group',
      { groups: ['cpu', 'gpu'] },
      `option 'groups' has unknown group "gpu"; known groups: cpu, disk, host, load, network, memory, process, diskBytes, fileDescriptors, threads, eventLoop`,
    ],
    ['empty groups', { groups: [] }, "option 'groups' must name at least one group"],
    [
      'groups not an array',
      { groups: 'cpu' },
      "option 'groups' must be an array of group names, got a string of 3 characters",
    ],
    [
      'non-boolean highResolution',
      { highResolution: 'yes' },
      "option 'highResolution' must be a boolean, got a string of 3 characters",
    ],
    [
      'empty namespace',
      { namespace: '' },
      "option 'namespace' must be a non-empty string of at most 255 characters, got a string of 0 characters",
    ],
    [
      'empty diskPath',
      { diskPath: '' },
      "option 'diskPath' must be a non-empty string, got a string of 0 characters",
    ],
    [
      'logger without debug',
      { logger: { warn: () => {} } },
      "option 'logger' must be an object with warn() and debug() methods",
    ],
    ['metrics not an instance', { metrics: {} }, "option 'metrics' must be a Powertools Metrics instance"],
  ])('%s', (_, options, message) => {
    expect(() => utilizationMetrics({}, options as never)).toThrow(
      new TypeError(`utilizationMetrics: ${message}`),
    )
  })

  it('counts default dimensions of the Metrics instance towards the limit', () => {
    const metrics = new Metrics({
      namespace: 'shop',
      defaultDimensions: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`Default${i}`, 'x'])),
    })
    const dimensions = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`Caller${i}`, 'x']))

    expect(() => utilizationMetrics(dimensions, { metrics })).toThrow(
      'too many dimensions: 30 with service and default dimensions, CloudWatch allows at most 29',
    )
  })

  it.each([
    [
      'the EMF directive key',
      { _aws: 'x' },
      {},
      "default dimension (of options.metrics) name '_aws' is reserved: it is the key of the EMF directive",
    ],
    [
      'a metric name',
      { Uptime: 'x' },
      {},
      "default dimension (of options.metrics) name 'Uptime' is also a metric name, which EMF does not allow",
    ],
    [
      'a metadata key',
      { utilization_window_ms: 'x' },
      {},
      "default dimension (of options.metrics) name 'utilization_window_ms' is reserved for the record's metadata",
    ],
    [
      'repeated by the caller',
      { Stage: 'prod' },
      { Stage: 'dev' },
      "dimension 'Stage' is already a default dimension of options.metrics: set it in one place only",
    ],
  ])(
    'refuses a default dimension of options.metrics that is %s',
    (_, defaultDimensions, dimensions, message) => {
      const metrics = new Metrics({ namespace: 'shop', defaultDimensions })

      expect(() => utilizationMetrics(dimensions, { metrics })).toThrow(
        new TypeError(`utilizationMetrics: ${message}`),
      )
    },
  )

  it('accepts a map that mixes option names with other dimensions', () => {
    expect(() => utilizationMetrics({ namespace: 'team-a', BuildId: '1' })).not.toThrow()
  })

  it('tags its errors with the package, as Middy does', () => {
    expect(() => utilizationMetrics({ BuildId: 1 as never })).toThrow(
      expect.objectContaining({ cause: { package: '@utilization-metrics/middy' } }),
    )
  })

  it('accepts the limits themselves', () => {
    const atLimit = Object.fromEntries(Array.from({ length: 28 }, (_, i) => [`Dim${i}`, 'v'.repeat(1024)]))

    expect(() =>
      utilizationMetrics(atLimit, { interval: 0, groups: ['cpu'], highResolution: false }),
    ).not.toThrow()
    expect(() => utilizationMetrics({ ['n'.repeat(255)]: 'x' })).not.toThrow()
  })

  it('throws Powertools’ own error for an invalid POWERTOOLS_METRICS_DISABLED at construction', () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'maybe')

    expect(() => utilizationMetrics()).toThrow('POWERTOOLS_METRICS_DISABLED must be a boolean')
  })

  afterEach(() => {
    vi.unstubAllEnvs()
  })
})

describe('nearest', () => {
  it.each([
    ['grups', 'groups'],
    ['Interval', 'interval'],
    ['highres', 'highResolution'],
    ['disk', 'diskPath'],
  ])('suggests %s -> %s', (typo, expected) => {
    expect(nearest(typo, ['groups', 'interval', 'highResolution', 'diskPath', 'logger'])).toBe(expected)
  })
})
