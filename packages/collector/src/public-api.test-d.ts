import { describe, expectTypeOf, it } from 'vitest'
import type * as api from './index.js'
import {
  type CloudWatchUnit,
  type Collector,
  type CollectorOptions,
  type CpuSources,
  createCollector,
  DEFAULT_GROUPS,
  isMetricGroup,
  type METRIC_GROUPS,
  METRICS,
  type MetricDefinition,
  type MetricGroup,
  type MetricName,
  measure,
  type ReaderName,
  type Reading,
  type ReadProblem,
  type Sample,
  type SampleMode,
  type SampleSource,
  type Utilization,
} from './index.js'

describe('the package exports', () => {
  it('only what a third party needs to sample, measure and read definitions', () => {
    expectTypeOf<keyof typeof api>().toEqualTypeOf<
      | 'createCollector'
      | 'measure'
      | 'cpuWindowsMs'
      | 'METRICS'
      | 'METRIC_GROUPS'
      | 'DEFAULT_GROUPS'
      | 'isMetricGroup'
      | 'RECORD_FIELDS'
    >()
  })
})

describe('createCollector(options)', () => {
  it('takes options or nothing and returns a Collector', () => {
    expectTypeOf(createCollector).parameter(0).toEqualTypeOf<CollectorOptions | undefined>()
    expectTypeOf(createCollector).toBeCallableWith()
    expectTypeOf(createCollector).returns.toEqualTypeOf<Collector>()
    expectTypeOf(createCollector).toBeCallableWith({
      source: 'procfs',
      groups: ['cpu', 'memory'],
      diskPath: '/tmp',
      procRoot: '/proc',
      memoryLimitMb: 1024,
      onReadProblem: ({ reader, error }) => {
        expectTypeOf(reader).toEqualTypeOf<ReaderName>()
        expectTypeOf(error).toBeUnknown()
      },
    })
  })

  it('takes only known group names and sources, and no unknown option', () => {
    expectTypeOf<CollectorOptions['groups']>().toEqualTypeOf<readonly MetricGroup[] | undefined>()
    expectTypeOf<SampleSource>().toEqualTypeOf<'auto' | 'procfs' | 'systeminformation'>()
    // @ts-expect-error 'gpu' is no metric group
    expectTypeOf(createCollector).toBeCallableWith({ groups: ['gpu'] })
    // @ts-expect-error 'proc' is no source
    expectTypeOf(createCollector).toBeCallableWith({ source: 'proc' })
    // @ts-expect-error misspelt option
    expectTypeOf(createCollector).toBeCallableWith({ memoryLimitMB: 1024 })
  })
})

describe('a Collector', () => {
  it('samples in either mode, never with a rejected type, and says which source it resolved', () => {
    expectTypeOf<Collector['sample']>().parameter(0).toEqualTypeOf<SampleMode | undefined>()
    expectTypeOf<SampleMode>().toEqualTypeOf<'full' | 'counters'>()
    expectTypeOf<Collector['sample']>().returns.toEqualTypeOf<Promise<Sample>>()
    expectTypeOf<Collector['source']>().toEqualTypeOf<'procfs' | 'systeminformation' | undefined>()
    expectTypeOf<Collector['close']>().returns.toBeVoid()
  })

  it('gives samples whose readings are the parts metrics come from', () => {
    expectTypeOf<Sample['takenAtMs']>().toBeNumber()
    expectTypeOf<Reading>().toExtend<keyof Sample>()
    expectTypeOf<'cpu' | 'network' | 'memory' | 'uptimeMs'>().toExtend<Reading>()
    expectTypeOf<'takenAtMs'>().not.toExtend<Reading>()
    expectTypeOf<NonNullable<Sample['cpu']>>().toEqualTypeOf<
      {
        readonly busyMs: number
        readonly totalMs: number
      } & {
        readonly minWindow: number
        readonly takenAtMs?: number
        readonly windowStart?: { readonly busyMs: number; readonly totalMs: number } & {
          readonly takenAtMs: number
        }
      }
    >()
    expectTypeOf<Collector['cpuSources']>().toEqualTypeOf<CpuSources | undefined>()
  })

  it('reports problems by reader name', () => {
    expectTypeOf<ReadProblem>().toEqualTypeOf<{ readonly reader: ReaderName; readonly error: unknown }>()
    expectTypeOf<'cpu' | 'fileDescriptors' | 'eventLoop'>().toExtend<ReaderName>()
    expectTypeOf<'gpu'>().not.toExtend<ReaderName>()
  })
})

describe('measure(before, after)', () => {
  it('turns two samples into figures keyed by metric name, every one optional', () => {
    expectTypeOf(measure).parameters.toEqualTypeOf<[Sample, Sample]>()
    expectTypeOf(measure).returns.toEqualTypeOf<Utilization>()
    expectTypeOf<Utilization['CPUPercent']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<keyof Utilization>().toEqualTypeOf<MetricName>()
    // @ts-expect-error no such metric
    expectTypeOf<Utilization['GpuPercent']>().toBeNever()
  })
})

describe('the definitions', () => {
  it('name every metric and group as literal unions derived from the lists', () => {
    expectTypeOf<MetricName>().toEqualTypeOf<(typeof METRICS)[number]['name']>()
    expectTypeOf<'CPUPercent' | 'MemoryUtilization' | 'EventLoopUtilization'>().toExtend<MetricName>()
    expectTypeOf<string>().not.toExtend<MetricName>()
    expectTypeOf<MetricGroup>().toEqualTypeOf<(typeof METRIC_GROUPS)[number]>()
    expectTypeOf(DEFAULT_GROUPS).toEqualTypeOf<readonly MetricGroup[]>()
    expectTypeOf(isMetricGroup).guards.toEqualTypeOf<MetricGroup>()
  })

  it('carry what the docs and measure read', () => {
    expectTypeOf(METRICS[0]).toExtend<MetricDefinition>()
    expectTypeOf<MetricDefinition['unit']>().toEqualTypeOf<CloudWatchUnit>()
    expectTypeOf<MetricDefinition['group']>().toEqualTypeOf<MetricGroup>()
    expectTypeOf<MetricDefinition['reading']>().toEqualTypeOf<Reading>()
    expectTypeOf<MetricDefinition['kind']>().toEqualTypeOf<'counter' | 'gauge'>()
    expectTypeOf<MetricDefinition['figure']>().toEqualTypeOf<
      (before: Sample, after: Sample) => number | undefined
    >()
    expectTypeOf<MetricDefinition['sparta']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<MetricDefinition['accuracy']['measured']>().toBeString()
  })
})
