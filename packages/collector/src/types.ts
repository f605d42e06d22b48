import type { EventLoopUtilization } from 'node:perf_hooks'
import type { MetricGroup, MetricName } from './metrics.js'

/** Where readings come from: `auto` picks `procfs` on Linux when `/proc` is readable. */
export type SampleSource = 'auto' | 'procfs' | 'systeminformation'

/**
 * `counters` reads only what needs a reading at both ends of an interval (CPU, network, process CPU,
 * event loop); `full` also reads the gauges (disk, load, uptime, memory, descriptors, threads), which
 * need only the reading at the end.
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

/** CPU time summed over all CPUs, in milliseconds (procfs ticks of 10 ms, or os.cpus() times). */
export interface CpuTimes {
  readonly busyMs: number
  readonly totalMs: number
}

/** Counters since boot, summed over non-loopback interfaces. */
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
  readonly cpu?: CpuTimes
  /**
   * The most recent earlier CPU reading at least {@link MIN_CPU_WINDOW_MS} of CPU time before `cpu`
   * (or zero counters, meaning "since boot"): the fallback window for intervals too short for
   * /proc/stat's 10 ms ticks.
   */
  readonly cpuBaseline?: CpuTimes
  readonly network?: NetworkCounters
  readonly disk?: DiskUsage
  readonly uptimeMs?: number
  readonly load?: LoadAverage
  readonly memory?: MemoryReading
  readonly processCpu?: ProcessCpuReading
  readonly processMemory?: ProcessMemoryReading
  /** vCPUs the process may use: memory / 1,769 MB on Lambda, available CPUs elsewhere. */
  readonly vcpuEntitlement?: number
  readonly fileDescriptors?: FileDescriptorReading
  readonly threads?: number
  readonly eventLoop?: EventLoopUtilization
}

/** The parts of a {@link Sample} a metric can come from (the others serve those parts' figures). */
export type Reading = Exclude<keyof Sample, 'takenAtMs' | 'cpuBaseline' | 'vcpuEntitlement'>

/** Figures for the interval between two samples, keyed by CloudWatch metric name; absent when unknown. */
export type Utilization = { readonly [Name in MetricName]?: number }

export interface Collector {
  /** Reads the selected groups. Never rejects: failed readings are absent and reported. */
  sample(mode?: SampleMode): Promise<Sample>
  /** Which source `auto` resolved to (known after the first sample). */
  readonly source: Exclude<SampleSource, 'auto'> | undefined
  /** Closes the descriptors the procfs path keeps open between samples. */
  close(): void
}
