/** What each child process reports back; all durations in microseconds, all sizes in bytes. */

export interface LatencyRow {
  readonly id: string
  readonly label: string
  readonly medianUs: number
  readonly p99Us: number
  readonly samples: number
}

export interface InvocationRow extends LatencyRow {
  /** Child processes started during `countedInvocations` further invocations, after the timed run. */
  readonly childProcesses: number
  readonly countedInvocations: number
}

export interface ImportTimeRow {
  readonly id: string
  readonly label: string
  /** The row this one is compared with ("Added"), if any. */
  readonly referenceId?: string
  readonly medianMs: number
  readonly minMs: number
  readonly maxMs: number
  readonly processes: number
}

export interface LoadedModulesProbe {
  readonly id: string
  readonly label: string
  readonly modulesLoaded: number
  readonly systeminformationLoaded: boolean
  readonly childProcessModuleLoaded: boolean
  readonly childProcessesStarted: number
  readonly invocations: number
}

export interface MemoryReading {
  readonly invocations: number
  readonly heapUsedBytes: number
  readonly rssBytes: number
  /** V8's young generation (new space) as committed; absent from results of runs before it was read. */
  readonly youngGenerationBytes?: number
}

export interface MemoryRow {
  readonly id: string
  readonly label: string
  readonly early: MemoryReading
  readonly late: MemoryReading
}

export interface BundleRow {
  readonly id: string
  readonly label: string
  /** Where the bundle was written, for the cold-start benchmark. */
  readonly file: string
  readonly bytes: number
  readonly gzipBytes: number
  /** Bytes of the output that come from our two packages. */
  readonly oursBytes: number
  /** Bytes of the output that come from systeminformation. */
  readonly systeminformationBytes: number
}

/** `utilization-metrics advise` over a volume of log lines, in a process of its own. */
export interface AdviseRow {
  readonly id: string
  readonly label: string
  readonly bytes: number
  readonly lines: number
  /** Utilization records the command read. */
  readonly records: number
  readonly functions: number
  /** Wall time from the first byte written to the command's exit. */
  readonly seconds: number
  /** The command's peak resident set (VmHWM). */
  readonly peakRssBytes: number
}

export interface Machine {
  readonly cpuModel: string
  readonly cores: number
  readonly memoryBytes: number
  readonly os: string
  readonly node: string
  /** ISO 8601, UTC. */
  readonly date: string
  /** One-minute load average when the run started: other work on the machine skews every figure. */
  readonly loadAverageAtStart: number
}

export interface BenchResults {
  readonly machine: Machine
  readonly invocations: readonly InvocationRow[]
  readonly samples: readonly LatencyRow[]
  readonly importTimes: readonly ImportTimeRow[]
  readonly probes: readonly LoadedModulesProbe[]
  readonly memory: readonly MemoryRow[]
  readonly bundles: readonly BundleRow[]
  /** Absent from results of runs before the advise benchmark existed. */
  readonly advise?: readonly AdviseRow[]
  /** Wall time of the measurements, without `pnpm build`. */
  readonly totalSeconds: number
}
