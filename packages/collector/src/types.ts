import type { EventLoopUtilization } from 'node:perf_hooks'
import type { MetricGroup, MetricName } from './metrics.js'

/** Where readings come from: `auto` picks `procfs` on Linux when `/proc` is readable. */
export type SampleSource = 'auto' | 'procfs' | 'systeminformation'

/**
 * `counters` reads only what needs a reading at both ends of an interval (CPU, network, process CPU,
 * event loop); `full` also reads the gauges (disk, load, uptime, memory, descriptors, threads), which
 * need only the reading at the end. A `counters` sample, an interval's start, may reuse a network reading
 * less than 1 ms old (on back-to-back invocations, the previous end); a `full` sample reads it afresh.
 */
export type SampleMode = 'full' | 'counters'

/** The readers, one per domain; a failed reader is reported under its name. */
export type ReaderName =
  | 'cpu'
  | 'disk'
  | 'uptime'
  | 'load'
  | 'network'
  | 'memory'
  | 'processCpu'
  | 'processMemory'
  | 'fileDescriptors'
  | 'threads'
  | 'eventLoop'

export interface ReadProblem {
  readonly reader: ReaderName
  readonly error: unknown
}

export interface CollectorOptions {
  /** File system whose usage is reported. Default `/tmp` on Linux, `os.tmpdir()` elsewhere. */
  readonly diskPath?: string
  /** Root of the proc file system, so tests can point at fixture trees. Default `/proc`. */
  readonly procRoot?: string
  /** Default `auto`. */
  readonly source?: SampleSource
  /** Groups to read. Default: every group. */
  readonly groups?: readonly MetricGroup[]
  /** Configured memory in MB; default `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, else total memory. */
  readonly memoryLimitMb?: number
  /** Called for each failed reading; the figure is then absent from the sample. */
  readonly onReadProblem?: (problem: ReadProblem) => void
}

/**
 * CPU time summed over all CPUs, in milliseconds: busy and total ticks of /proc/stat or os.cpus(), or a
 * cgroup's busy time against wall time x CPUs.
 */
export interface CpuTimes {
  readonly busyMs: number
  readonly totalMs: number
}

/**
 * Time the function was held back by a CPU limit, summed over CPUs (a quota cgroup's throttled time, or
 * hypervisor steal), and the wall time it accrued in, in milliseconds.
 */
export interface HeldTimes {
  readonly heldMs: number
  readonly wallMs: number
}

/**
 * For a counter too coarse for short intervals: an interval that spans less than `minWindow` (in the
 * counter's own unit: total CPU ms for {@link CpuTimes}, wall ms for {@link HeldTimes}) is read over the
 * trailing window that ends at this reading instead. The window is seeded at the collector's first sample,
 * never "since boot"; while it is shorter than `minWindow`, `windowStart` is absent and so is the figure.
 */
export interface TrailingWindowOf<Counters> {
  readonly minWindow: number
  /**
   * When the counters were read, on the sample's clock; earlier than the sample's `takenAtMs` where a
   * /proc/stat reading younger than one 10 ms tick was reused rather than read again. Absent: the sample's.
   */
  readonly takenAtMs?: number
  readonly windowStart?: Counters & { readonly takenAtMs: number }
}

/** Where the collector reads machine-wide busy time, most precise first; probed at the first sample. */
export type CpuBusySource = 'cgroup-v1-cpuacct' | 'cgroup-v2-cpu-stat' | 'proc-stat' | 'os-cpus'

/** Where the collector reads held-back time: the own CPU cgroup where it has a quota, else steal. */
export type CpuThrottleSource = 'cgroup-v1-throttled-time' | 'cgroup-v2-throttled-usec' | 'proc-stat-steal'

export interface CpuSources {
  readonly busy: CpuBusySource
  /** Absent on the portable source, which has no steal counter. */
  readonly throttle?: CpuThrottleSource
}

/** Counters since boot, summed over the function's own interfaces, else all but loopback (`parseNetDev`). */
export interface NetworkCounters {
  readonly bytesSent: number
  readonly bytesRecv: number
  readonly errorsIn: number
  readonly errorsOut: number
}

export interface DiskUsage {
  /** (blocks - free blocks) x block size, as df reports "Used". */
  readonly usedBytes: number
  /** Blocks available to unprivileged users x block size, as df reports "Avail". */
  readonly availableBytes: number
}

export interface LoadAverage {
  readonly load1: number
  readonly load5: number
  readonly load15: number
}

export interface MemoryReading {
  readonly usedBytes: number
  /** Configured function memory on Lambda, total memory elsewhere. */
  readonly limitBytes: number
}

export interface ProcessCpuReading {
  readonly userMicros: number
  readonly systemMicros: number
  /** Peak resident set of the process so far, from the same getrusage call. */
  readonly maxRssBytes?: number
}

export interface ProcessMemoryReading {
  readonly rssBytes: number
  readonly heapUsedBytes: number
  /** Peak resident set since the process started (getrusage ru_maxrss). */
  readonly maxRssBytes: number
}

export interface FileDescriptorReading {
  readonly open: number
  readonly softLimit?: number
}

/** One reading of everything the selected groups need; every part is absent when it could not be read. */
export interface Sample {
  /** Monotonic time of the reading, `performance.now()` milliseconds. */
  readonly takenAtMs: number
  /** Machine-wide busy time, from the source in {@link Collector.cpuSources}. */
  readonly cpu?: CpuTimes & TrailingWindowOf<CpuTimes>
  /** Held-back time, from the source in {@link Collector.cpuSources}; read by the `cpu` reader. */
  readonly cpuThrottle?: HeldTimes & TrailingWindowOf<HeldTimes>
  readonly network?: NetworkCounters
  readonly disk?: DiskUsage
  readonly uptimeMs?: number
  readonly load?: LoadAverage
  readonly memory?: MemoryReading
  /**
   * This process's CPU time (getrusage): read for the `process` group, and present too where the `cpu`
   * reader's counter took it to charge the running thread (root cgroup v1 `cpuacct.usage`).
   */
  readonly processCpu?: ProcessCpuReading
  readonly processMemory?: ProcessMemoryReading
  /** vCPUs the process may use: memory / 1,769 MB on Lambda, available CPUs elsewhere. */
  readonly vcpuEntitlement?: number
  readonly fileDescriptors?: FileDescriptorReading
  readonly threads?: number
  readonly eventLoop?: EventLoopUtilization
}

/** The parts of a {@link Sample} a metric can come from (the others serve those parts' figures). */
export type Reading = Exclude<keyof Sample, 'takenAtMs' | 'cpuThrottle' | 'vcpuEntitlement'>

/** Figures for the interval between two samples, keyed by CloudWatch metric name; absent when unknown. */
export type Utilization = { readonly [Name in MetricName]?: number }

export interface Collector {
  /** Reads the selected groups. Never rejects: failed readings are absent and reported. */
  sample(mode?: SampleMode): Promise<Sample>
  /** Which source `auto` resolved to (known after the first sample). */
  readonly source: Exclude<SampleSource, 'auto'> | undefined
  /** Which CPU counters the first sample's probe picked (known after the first sample that reads CPU). */
  readonly cpuSources: CpuSources | undefined
  /** Closes the descriptors the procfs path keeps open between samples. */
  close(): void
}
