import { os } from './builtins.js'
import { type MonotonicClock, performanceNowMs } from './clock.js'
import { CpuCounters } from './cpu/cpu-counters.js'
import { METRIC_GROUPS, METRICS, type MetricGroup } from './metrics.js'
import { configuredMemoryBytes, configuredMemoryMb } from './readers/memory.js'
import { vcpuEntitlement } from './readers/process.js'
import { portableSource } from './sources/portable.js'
import { procfsSource } from './sources/procfs.js'
import type { MutableSample, Reader, Source, SourceContext } from './sources/reader.js'
import type {
  Collector,
  CollectorOptions,
  ReaderName,
  Reading,
  Sample,
  SampleMode,
  SampleSource,
} from './types.js'

type ResolvedSource = Exclude<SampleSource, 'auto'>

interface ReaderPlan {
  readonly full: readonly Reader[]
  readonly counters: readonly Reader[]
  readonly close: () => void
}

const SOURCES: Record<ResolvedSource, (context: SourceContext) => Source> = {
  procfs: procfsSource,
  systeminformation: portableSource,
}

const defaultDiskPath = () => (process.platform === 'linux' ? '/tmp' : os().tmpdir())

/**
 * `auto` is `procfs` on every Linux, even when /proc cannot be read at the first sample: its readers fall
 * back or go without, one sample at a time, and nothing on Linux ever starts a process (systeminformation
 * would, for network counters, on every sample from then on).
 */
const resolveSource = (source: SampleSource): ResolvedSource => {
  if (source !== 'auto') return source
  return process.platform === 'linux' ? 'procfs' : 'systeminformation'
}

/** The readers the selected groups' metrics need; counters are also read at the start of an interval. */
const planReaders = (source: Source, groups: ReadonlySet<MetricGroup>): ReaderPlan => {
  const selected = METRICS.filter((metric) => groups.has(metric.group))
  const needed = new Set<Reading>(selected.map((metric) => metric.reading))
  const counters = new Set<Reading>(
    selected.filter((metric) => metric.kind === 'counter').map((metric) => metric.reading),
  )
  const full = source.readers.filter((reader) => needed.has(reader.reading))
  return { full, counters: full.filter((reader) => counters.has(reader.reading)), close: source.close }
}

/**
 * Samples host and process statistics by composing the readers of one source: `procfs` on Linux, the
 * portable `systeminformation` fallback elsewhere (see `sources/`). Only the readers that the selected
 * groups' metrics need are run; the previous CPU readings are kept here, per collector.
 */
export const createCollector = (options: CollectorOptions = {}): Collector =>
  createCollectorOnClock(options, performanceNowMs)

/**
 * {@link createCollector} with the clock its samples are stamped with and its kept readings are aged on;
 * internal, for tests that move the clock instead of sleeping.
 */
export const createCollectorOnClock = (options: CollectorOptions, nowMs: MonotonicClock): Collector => {
  const procRoot = options.procRoot ?? '/proc'
  const groups = new Set<MetricGroup>(options.groups ?? METRIC_GROUPS)
  const onReadProblem = options.onReadProblem
  const report = (reader: ReaderName, error: unknown) => {
    try {
      onReadProblem?.({ reader, error })
    } catch {
      // A failing report must not turn a lost figure into a lost sample.
    }
  }

  const memoryMb = configuredMemoryMb(options.memoryLimitMb)
  let entitlement: number | undefined
  const context: SourceContext = {
    procRoot,
    diskPath: options.diskPath ?? defaultDiskPath(),
    configuredMemoryBytes: configuredMemoryBytes(options.memoryLimitMb),
    // Counting the CPUs loads node:os, which the default groups never need.
    vcpuEntitlement: () => {
      entitlement ??= vcpuEntitlement(memoryMb)
      return entitlement
    },
    cpu: new CpuCounters(procRoot, nowMs),
    report,
  }
  let source: ResolvedSource | undefined
  let plan: ReaderPlan | undefined

  const runReader = (reader: Reader, sample: MutableSample, mode: SampleMode): Promise<void> | undefined => {
    try {
      const pending = reader.read(sample, mode)
      return pending?.catch((error: unknown) => report(reader.name, error))
    } catch (error) {
      report(reader.name, error)
      return undefined
    }
  }

  return {
    get source() {
      return source
    },
    get cpuSources() {
      return context.cpu.sources
    },
    sample(mode: SampleMode = 'full'): Promise<Sample> {
      if (!plan) {
        source = resolveSource(options.source ?? 'auto')
        plan = planReaders(SOURCES[source](context), groups)
      }
      const sample: MutableSample = { takenAtMs: nowMs() }
      let pending: Promise<void>[] | undefined
      for (const reader of mode === 'full' ? plan.full : plan.counters) {
        const read = runReader(reader, sample, mode)
        if (!read) continue
        pending ??= []
        pending.push(read)
      }
      if (!pending) return Promise.resolve(sample)
      return Promise.all(pending).then(() => sample)
    },
    close() {
      plan?.close()
      plan = undefined
    },
  }
}
