import { readFileSync } from 'node:fs'
import middy from '@middy/core'
import { DEFAULT_GROUPS, METRICS, type MetricGroup } from '@utilization-metrics/collector'
import { captureOutput, lambdaContext } from '@utilization-metrics/test-support'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type CollectionTag, parse as parseYaml, type ScalarTag } from 'yaml'
import { utilizationMetrics } from '../src/index.js'
import { withoutWindowed } from './emf.js'

const docs = new URL('../../../docs/cloudwatch/', import.meta.url)
const NAMESPACE = 'shop-prod'
const SERVICE = 'orders'
const BUILD = 'b-42'
const REGION = 'eu-west-1'

/**
 * What the dashboard and the alarms may name: the metrics of the default groups and of `process`
 * (ProcessCPUPercent, the share of the vCPU entitlement, which the docs say to switch on), as the one table
 * defines them.
 */
const DOCUMENTED_GROUPS: readonly MetricGroup[] = [...DEFAULT_GROUPS, 'process']
const DOCUMENTED_METRICS = new Map<string, string>(
  METRICS.filter((metric) => DOCUMENTED_GROUPS.includes(metric.group)).map((metric) => [
    metric.name,
    metric.unit,
  ]),
)
const DEFAULT_METRIC_NAMES = METRICS.filter((metric) => DEFAULT_GROUPS.includes(metric.group)).map(
  (metric) => metric.name,
)
const DIMENSION_VALUES: Readonly<Record<string, string>> = { service: SERVICE, BuildId: BUILD }

interface MetricReference {
  readonly where: string
  readonly namespace: unknown
  readonly metricName: unknown
  readonly dimensions: readonly (readonly [string, unknown])[]
  /** The unit the reference states (an alarm's Unit, a dashboard axis label), if any. */
  readonly unit?: unknown
  /** SampleCount counts records, whatever the metric's unit. */
  readonly stat?: unknown
}

/** Dimension sets of a real record, as names: what CloudWatch will have series for. */
let emittedDimensionSets: string[][] = []

beforeAll(async () => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false')
  const handler = middy(async () => 'ok').use(
    utilizationMetrics(
      { BuildId: BUILD },
      { namespace: NAMESPACE, serviceName: SERVICE, groups: DOCUMENTED_GROUPS },
    ),
  )
  const { lines } = await captureOutput(() =>
    handler({}, lambdaContext({ functionName: 'orders', memoryLimitInMB: '1024' })),
  )
  const record = lines.map((line) => JSON.parse(line)).find((json) => json._aws) as {
    _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] }
  }
  const [directive] = record._aws.CloudWatchMetrics
  emittedDimensionSets = directive?.Dimensions ?? []
  // The table and the middleware must agree before the table can judge the docs.
  expect(directive?.Namespace).toBe(NAMESPACE)
  // (A fresh instance's first record may lack the figures over a trailing window: see `withoutWindowed`.)
  expect(withoutWindowed(directive?.Metrics.map((metric) => metric.Name) ?? [])).toEqual(
    withoutWindowed([...DOCUMENTED_METRICS.keys()]),
  )
})

afterAll(() => {
  vi.unstubAllEnvs()
})

/** Checks one reference against what the middleware emits; returns problems as readable strings. */
const problemsOf = (reference: MetricReference): string[] => {
  const problems: string[] = []
  const say = (problem: string) => problems.push(`${reference.where}: ${problem}`)
  if (reference.namespace !== NAMESPACE) say(`namespace ${String(reference.namespace)}`)
  const unit = DOCUMENTED_METRICS.get(String(reference.metricName))
  if (unit === undefined) say(`metric ${String(reference.metricName)} is not one the middleware publishes`)
  const expectedUnit = reference.stat === 'SampleCount' ? 'Count' : unit
  if (reference.unit !== undefined && reference.unit !== expectedUnit) {
    say(
      `unit ${String(reference.unit)} for ${String(reference.stat)} of ${String(reference.metricName)} (${unit})`,
    )
  }
  const names = reference.dimensions.map(([name]) => name)
  if (
    !emittedDimensionSets.some((set) => JSON.stringify([...set].sort()) === JSON.stringify([...names].sort()))
  ) {
    say(`dimension set [${names.join(', ')}] is not one of ${JSON.stringify(emittedDimensionSets)}`)
  }
  for (const [name, value] of reference.dimensions) {
    if (value !== DIMENSION_VALUES[name]) say(`dimension ${name}=${String(value)}`)
  }
  return problems
}

describe('docs/cloudwatch/dashboard.json', () => {
  const template = readFileSync(new URL('dashboard.json', docs), 'utf8')
  const placeholders: Readonly<Record<string, string>> = {
    Namespace: NAMESPACE,
    Service: SERVICE,
    BuildId: BUILD,
    Region: REGION,
  }
  const substituted = template.replaceAll(
    /\$\{(\w+)\}/g,
    (whole, name: string) => placeholders[name] ?? whole,
  )
  const dashboard = JSON.parse(substituted) as {
    variables: { type: string; property: string; search: string; populateFrom: string }[]
    widgets: { type: string; properties: Record<string, unknown> }[]
  }

  const references = dashboard.widgets
    .filter((widget) => widget.type === 'metric')
    .flatMap((widget) => {
      const { title, metrics, yAxis } = widget.properties as {
        title: string
        metrics: unknown[][]
        yAxis?: { left?: { label?: string } }
      }
      return metrics.map((row, index): MetricReference => {
        const [namespace, metricName, ...rest] = row
        const pairs = rest.filter((item) => typeof item === 'string')
        const dimensions = pairs.flatMap((name, at) => (at % 2 === 0 ? [[name, pairs[at + 1]] as const] : []))
        const options = rest.find((item) => typeof item === 'object') as { stat?: string } | undefined
        return {
          where: `widget '${title}' row ${index}`,
          namespace,
          metricName,
          dimensions,
          unit: yAxis?.left?.label,
          stat: options?.stat ?? widget.properties.stat,
        }
      })
    })

  it('has placeholders only for namespace, service, build and region', () => {
    expect(substituted).not.toMatch(/\$\{/)
  })

  it('names only metrics, units and dimension sets the middleware emits', () => {
    expect(references.length).toBeGreaterThan(0)
    expect(references.flatMap(problemsOf)).toEqual([])
  })

  it('shows every default metric', () => {
    const shown = new Set(references.map((reference) => reference.metricName))

    expect(DEFAULT_METRIC_NAMES.filter((name) => !shown.has(name))).toEqual([])
  })

  it('offers builds through a variable on an emitted dimension, filled by a search over an emitted series', () => {
    const [variable] = dashboard.variables
    const search = /^\{"([^"]+)",([^}]+)\} MetricName="(\w+)"$/.exec(variable?.search ?? '')

    expect(variable).toMatchObject({ type: 'property', property: 'BuildId', populateFrom: 'BuildId' })
    expect(search).not.toBeNull()
    const [, namespace, dimensionNames = '', metricName] = search ?? []
    const dimensions = dimensionNames.split(',').map((name) => [name, DIMENSION_VALUES[name]] as const)
    expect(problemsOf({ where: 'variable search', namespace, metricName, dimensions })).toEqual([])
  })
})

describe('docs/cloudwatch/alarms.yaml', () => {
  // CloudFormation's short-form intrinsics, as their long forms, in every node shape they take.
  const INTRINSICS = ['Ref', 'Sub', 'If', 'Not', 'Equals', 'And', 'Or', 'Join', 'Select', 'Split', 'GetAtt']
  const customTags = INTRINSICS.flatMap((name): (ScalarTag | CollectionTag)[] => {
    const key = name === 'Ref' ? 'Ref' : `Fn::${name}`
    return [
      { tag: `!${name}`, resolve: (value: string) => ({ [key]: value }) },
      { tag: `!${name}`, collection: 'seq', resolve: (seq) => ({ [key]: seq.toJSON() }) },
      { tag: `!${name}`, collection: 'map', resolve: (map) => ({ [key]: map.toJSON() }) },
    ]
  })
  const template = parseYaml(readFileSync(new URL('alarms.yaml', docs), 'utf8'), { customTags }) as {
    Parameters: Record<string, { Default?: string | number }>
    Conditions: Record<string, unknown>
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>
  }
  const NO_VALUE = Symbol('AWS::NoValue')

  /** Evaluates the intrinsics the template uses, with the given parameter values. */
  const evaluate = (node: unknown, parameters: Record<string, unknown>): unknown => {
    const recur = (child: unknown) => evaluate(child, parameters)
    if (Array.isArray(node)) return node.map(recur).filter((item) => item !== NO_VALUE)
    if (typeof node !== 'object' || node === null) return node
    // An intrinsic is an object of exactly one Ref or Fn:: key.
    const entries = Object.entries(node)
    const [key, argument] = entries.length === 1 ? (entries[0] ?? []) : []
    switch (key) {
      case 'Ref':
        if (argument === 'AWS::NoValue') return NO_VALUE
        if (typeof argument === 'string' && argument in template.Resources) return `${argument}-physical-id`
        if (!(String(argument) in parameters)) throw new Error(`!Ref ${String(argument)}: no such parameter`)
        return parameters[String(argument)]
      case 'Fn::Sub':
        return String(argument).replaceAll(/\$\{([\w:]+)\}/g, (_, name: string) =>
          String(recur({ Ref: name })),
        )
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = argument as [string, unknown, unknown]
        if (!(condition in template.Conditions)) throw new Error(`!If ${condition}: no such condition`)
        return recur(recur(template.Conditions[condition]) ? whenTrue : whenFalse)
      }
      case 'Fn::Not':
        return !(recur(argument) as unknown[])[0]
      case 'Fn::Equals': {
        const [left, right] = recur(argument) as unknown[]
        return left === right
      }
      case 'Fn::Join': {
        const [separator, items] = argument as [string, unknown[]]
        return (recur(items) as unknown[]).join(separator)
      }
      default:
        return Object.fromEntries(
          Object.entries(node)
            .map(([name, value]) => [name, recur(value)] as const)
            .filter(([, value]) => value !== NO_VALUE),
        )
    }
  }

  type Alarm = {
    Namespace?: string
    MetricName?: string
    Unit?: string
    Dimensions?: { Name: string; Value: string }[]
    Metrics?: {
      Id: string
      Expression?: string
      MetricStat?: {
        Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] }
        Stat: string
        Unit?: string
      }
    }[]
    Statistic?: string
  }

  const referencesOf = (name: string, alarm: Alarm): MetricReference[] => {
    const pairs = (dimensions: Alarm['Dimensions'] = []) =>
      dimensions.map((dimension) => [dimension.Name, dimension.Value] as const)
    if (alarm.MetricName !== undefined) {
      return [
        {
          where: name,
          namespace: alarm.Namespace,
          metricName: alarm.MetricName,
          dimensions: pairs(alarm.Dimensions),
          unit: alarm.Unit,
          stat: alarm.Statistic,
        },
      ]
    }
    return (alarm.Metrics ?? []).flatMap(({ Id, MetricStat }) =>
      MetricStat
        ? [
            {
              where: `${name}.${Id}`,
              namespace: MetricStat.Metric.Namespace,
              metricName: MetricStat.Metric.MetricName,
              dimensions: pairs(MetricStat.Metric.Dimensions),
              unit: MetricStat.Unit,
              stat: MetricStat.Stat,
            },
          ]
        : [],
    )
  }

  const alarmsFor = (build: string) => {
    const parameters = {
      ...Object.fromEntries(Object.entries(template.Parameters).map(([name, spec]) => [name, spec.Default])),
      Namespace: NAMESPACE,
      ServiceName: SERVICE,
      BuildId: build,
      AlarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts',
      'AWS::Region': REGION,
      'AWS::StackName': 'utilization-alarms',
    }
    return Object.entries(template.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm')
      .map(([name, resource]) => [name, evaluate(resource.Properties, parameters) as Alarm] as const)
  }

  it.each([
    ['the build series when BuildId is set', BUILD, ['service', 'BuildId']],
    ['the aggregate series when BuildId is empty', '', ['service']],
  ])(
    'watches %s, with metrics, units and dimensions the middleware emits',
    (_case, build, dimensionNames) => {
      // Act
      const references = alarmsFor(build).flatMap(([name, alarm]) => referencesOf(name, alarm))

      // Assess
      expect(references.length).toBeGreaterThan(0)
      expect(references.flatMap(problemsOf)).toEqual([])
      for (const reference of references)
        expect(reference.dimensions.map(([name]) => name)).toEqual(dimensionNames)
    },
  )

  it('alarms on CPU starvation (throttling, share of the entitlement), not on the machine busy share', () => {
    // A single-threaded handler on 2 vCPUs reads CPUPercent 50 when fully CPU-bound: a machine share
    // that one Node.js thread cannot push past 100 / vCPUs makes no CPU alarm.
    const watched = alarmsFor(BUILD)
      .flatMap(([name, alarm]) => referencesOf(name, alarm))
      .map((reference) => reference.metricName)

    expect(watched).toContain('CPUThrottledPercent')
    expect(watched).toContain('ProcessCPUPercent')
    expect(watched).not.toContain('CPUPercent')
  })

  it('states the unit of every metric it watches, so a unit change breaks the alarm test and not the alarm', () => {
    const references = alarmsFor(BUILD).flatMap(([name, alarm]) => referencesOf(name, alarm))

    expect(references.filter((reference) => reference.unit === undefined).map((r) => r.where)).toEqual([])
  })

  it('computes expressions only from metrics the same alarm queries', () => {
    for (const [name, alarm] of alarmsFor(BUILD)) {
      const ids = new Set((alarm.Metrics ?? []).map((metric) => metric.Id))
      for (const { Expression } of alarm.Metrics ?? []) {
        const used = Expression?.match(/[a-z]\w*/g) ?? []
        expect(
          used.filter((id) => !ids.has(id)),
          `${name}: ${Expression}`,
        ).toEqual([])
      }
    }
  })
})
