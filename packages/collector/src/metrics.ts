/**
 * Every metric the collector produces, each defined once: its CloudWatch name, unit and group, the reading
 * it comes from and how two readings become the figure (`measure` runs exactly these rules, the collector
 * runs only the readers the selected metrics need), and its meaning, source, Sparta and Lambda Insights
 * names for the docs. The middleware, the docs tests and the dashboard tests read this table too, so a
 * renamed metric breaks every place that still uses the old name.
 */
import {
  counter,
  cpuPercentRule,
  cpuThrottledPercentRule,
  eventLoopBusyPercent,
  type FigureRule,
  gauge,
  growth,
  percentOf,
  processCpuMs,
  uncappedPercentOf,
} from './figures.js'

/** A CloudWatch unit name, exactly as EMF and Powertools `MetricUnit` spell it. */
export type CloudWatchUnit = 'Percent' | 'Bytes' | 'Count' | 'Milliseconds' | 'None'

/** Every switchable group of figures, in the order the docs list them. */
export const METRIC_GROUPS = [
  'cpu',
  'disk',
  'host',
  'load',
  'network',
  'memory',
  'process',
  'diskBytes',
  'fileDescriptors',
  'threads',
  'eventLoop',
] as const

/** A switchable group of figures. */
export type MetricGroup = (typeof METRIC_GROUPS)[number]

export interface MetricDefinition extends FigureRule {
  readonly name: string
  readonly unit: CloudWatchUnit
  readonly group: MetricGroup
  /** What the figure means, in one sentence (used by the docs). */
  readonly description: string
  /** Where the Linux fast path reads it. */
  readonly source: string
  /** The Sparta publisher metric it keeps or replaces, if any. */
  readonly sparta?: string
  /** The closest Lambda Insights metric, if any. */
  readonly lambdaInsights?: string
  /** How a test checks the figure; definitions checked together share one object (and one docs row). */
  readonly accuracy: MeasuredAccuracy
  /**
   * Where its counter is a tick counter, the figure of a short interval covers a trailing window seeded at
   * the collector's first sample, and is absent until that window fills: a fresh instance's first
   * records may lack it (see the collector README's "CPU sources").
   */
  readonly windowed?: true
}

/** A row of docs/metrics.md's "Measured accuracy" table. */
export interface MeasuredAccuracy {
  /** The ground truth the test creates. */
  readonly truth: string
  /** The bound the test asserts. */
  readonly bound: string
  /** What the CI machine measured. */
  readonly measured: string
}

/** How each figure is checked against a ground truth a test creates (docs/metrics.md, "Measured accuracy"). */
const ACCURACY = {
  processCPUTime: {
    truth: 'spin until the kernel has charged 500 ms of CPU time (`/proc/self/stat`)',
    bound: 'within 10% (+1 tick)',
    measured: '-0.6% to -2%',
  },
  processCPUPercent: {
    truth: 'hand arithmetic against the vCPU entitlement for 128, 1,769, 3,008 and 10,240 MB',
    bound: 'exact',
    measured: 'exact',
  },
  cpuPercent: {
    truth:
      "700 ms busy loop vs 700 ms sleep; streams of 500 invocations of 2 ms each. Short invocations (source `cgroup-v1-cpuacct`), each run in a fresh Node.js process (the workload run once in its init, so V8 compiles it before the first sample): 40 invocations of a 5 ms busy loop; 40 of a 5 ms sleep; 8 pairs of a 10 ms burn and a 10 ms sleep 100 ms apart; every run repeated until other processes used under 5% of the machine meanwhile (/proc/stat less this process) and under 5% during the first invocation, or during 6 of the 8 pairs (cpuacct.usage read by the test less this process's getrusage), whose burns got at least 80% of one CPU (getrusage over wall time: not held back by steal)",
    bound:
      'busy > idle + 15 points; streams > 20 points apart; always 0..100. Short: busy first record, median and 30 of 40 within 30% of one CPU (100 / CPUs); sleeps: first record below 0.3 CPU, median below 0.1 CPU; every pair of those 6 to 8 at least half a CPU apart',
    measured:
      '50.4% vs 0.0% (one of two vCPUs busy). Short, on 2 vCPUs (2026-12): busy first record 50.0%, median 50.1% to 50.2%; sleeps first record 1.0% to 3.7%, median 2.0%; pairs 50.2% to 62.2% vs 0.8% to 2.0%',
  },
  cpuThrottledPercent: {
    truth:
      'a CPU-bound handler of 20 ms CPU time in a cgroup v1 `cpu` group with 1,447 us per 20,000 us (128 MB), `AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128`, 3 times; then 40 times in a group without a quota, repeated until the hypervisor stole under 2% of the machine meanwhile (/proc/stat read by the test)',
    bound:
      'at least 50 with the quota (source `cgroup-v1-throttled-time`); at most 10 without (source `proc-stat-steal`)',
    measured:
      '83% to 100% (263 to 299 ms of wall time per invocation; ProcessCPUPercent 75% to 106%); without: 0.0% once the steal window filled (from the 24th invocation; ProcessCPUPercent about 1,380%)',
  },
  memoryUsed: {
    truth: 'allocate and fill a 64 MiB buffer',
    bound: 'median of 7 trials within 10% of 64 MiB',
    measured:
      "63.0 MiB (-2%); a single reading can miss tens of MiB, since the kernel's per-CPU page lists serve small bursts without MemAvailable moving, and the figure is machine-wide",
  },
  memoryUtilization: {
    truth: '`AWS_LAMBDA_FUNCTION_MEMORY_SIZE` = 128, 1,769, 10,240',
    bound: 'divides by exactly that',
    measured: 'exact',
  },
  processRss: {
    truth: 'the 64 MiB buffer of the MemoryUsed test',
    bound: 'median within 10%',
    measured: '64.0 MiB',
  },
  processMaxRss: {
    truth: "64 MiB more touched memory; the kernel's high-water mark (`VmHWM` in `/proc/self/status`)",
    bound: "within 1% of `VmHWM`, at least RSS, never below the start's peak",
    measured: 'equal to `VmHWM`',
  },
  processHeapUsed: {
    truth: 'a million live objects',
    bound: 'grows by more than 24 MB (16 bytes an object, 8 a slot)',
    measured: 'grows by about 40 MB',
  },
  disk: {
    truth: "write 16 MiB (fsync'd) into a private 64 MiB tmpfs",
    bound: 'within 5% of 16 MiB and 25%; used + free = size within 1%',
    measured: 'exactly 16,777,216 bytes, 25%',
  },
  networkBytes: {
    truth:
      '4 MiB each way over TCP between two network namespaces joined by a veth pair (MTU 9000), and 4 MiB each way over 127.0.0.1 in one namespace; the interface rule: `/proc/net/dev` of each layout (Lambda `lo`, `vinternal_1`, `telemetry1_sb`; Lambda `lo`, `telemetry1_sb`, `vint_runtime`; Managed Instances `lo`, `Veth0`, `Ceth1`; a host with `lo`, `ifb0`, `ifb1`, `eth0`)',
    bound:
      'payload plus headers, within 5%; loopback traffic: all four network figures 0; the rule: only `vinternal_1`, only `vint_runtime`, only `Ceth1`, else every interface but `lo`',
    measured: '+0.2% to +1.7%; loopback 0; the rule: exact',
  },
  networkErrors: {
    truth: 'the same transfers',
    bound: '0',
    measured: '0',
  },
  fileDescriptors: {
    truth: 'open 100 files, then close them',
    bound: '+100, then back',
    measured: '+100 exactly',
  },
  fileDescriptorUtilization: {
    truth: 'the soft limit a shell reports (`ulimit -n`)',
    bound: 'FileDescriptors / limit, to 10 decimals',
    measured: 'exact',
  },
  threads: {
    truth: 'start 3 worker threads',
    bound: '+3',
    measured: '+3 exactly',
  },
  uptime: {
    truth: '`/proc/uptime` read beside the sample',
    bound: 'within 1 s',
    measured: '0 ms apart',
  },
  load: {
    truth: '`/proc/loadavg` read beside the sample',
    bound: 'equal',
    measured: 'equal',
  },
  eventLoopUtilization: {
    truth: 'a 300 ms blocked event loop vs a 300 ms idle one',
    bound: 'above 90 / below 20',
    measured: 'about 100 / about 0',
  },
} as const satisfies Record<string, MeasuredAccuracy>

/** The function's interfaces (readers/network.ts); an end is always read, a start may reuse (sources/procfs.ts). */
const NET_DEV_SOURCE =
  '/proc/net/dev (vinternal_1, vint_runtime, Ceth1; else all but loopback; read at every end, a start reuses a reading under 1 ms old)'
/** The kernel recomputes the load averages every 5 s, so a reading a second old is as good as a new one. */
const LOADAVG_SOURCE =
  '/proc/loadavg (recomputed by the kernel every 5 s, LOAD_FREQ; a reading up to 1 s old is reused)'

export const METRICS = [
  {
    name: 'CPUPercent',
    unit: 'Percent',
    group: 'cpu',
    accuracy: ACCURACY.cpuPercent,
    ...cpuPercentRule,
    windowed: true,
    description:
      'Busy share of all CPUs of the execution environment over the invocation; where only tick counters exist and the invocation is shorter than 1 s of CPU time across all CPUs, over a trailing window of at least that length (record metadata cpu_percent_window_ms), absent until the first such window.',
    source:
      'first of: root cgroup v1 cpuacct.usage (ns), root cgroup v2 cpu.stat usage_usec (4 ms steps), /proc/stat (10 ms ticks; a reading younger than one tick cannot differ by more than that tick, so it is reused, with its own time, rather than read again)',
    sparta: 'CPUPercent',
  },
  {
    name: 'CPUThrottledPercent',
    unit: 'Percent',
    group: 'cpu',
    accuracy: ACCURACY.cpuThrottledPercent,
    ...cpuThrottledPercentRule,
    windowed: true,
    description:
      "Share of the invocation's wall time during which the function was held back by a CPU limit: throttled time of its own CPU cgroup where that has a quota, else hypervisor steal (summed over CPUs, capped at 100). 0 = never held back.",
    source:
      'own cgroup cpu.stat throttled_time (v1, ns) or throttled_usec (v2) where it has a quota, read at every sample; else /proc/stat steal (10 ms ticks, trailing window and reuse within a tick as CPUPercent)',
  },
  {
    name: 'DiskUsedPercent',
    unit: 'Percent',
    group: 'disk',
    accuracy: ACCURACY.disk,
    ...gauge('disk', ({ usedBytes, availableBytes }) => percentOf(usedBytes, usedBytes + availableBytes)),
    description:
      'Used share of the file system holding diskPath (default /tmp), as df computes it: used / (used + available).',
    source: 'statfs(diskPath)',
    sparta: 'DiskUsedPercent',
  },
  {
    name: 'Uptime',
    unit: 'Milliseconds',
    group: 'host',
    accuracy: ACCURACY.uptime,
    ...gauge('uptimeMs', (uptimeMs) => uptimeMs),
    description: 'Age of the execution environment (micro-VM) in real milliseconds.',
    source:
      '/proc/uptime, read at most once a second; in between, that reading plus the time since it on the monotonic clock (performance.now(), which parts from /proc/uptime only while the kernel is suspended)',
    sparta: 'Uptime (seconds mislabelled as milliseconds)',
  },
  {
    name: 'Load1',
    unit: 'None',
    group: 'load',
    accuracy: ACCURACY.load,
    ...gauge('load', (load) => load.load1),
    description: 'One-minute load average of the execution environment.',
    source: LOADAVG_SOURCE,
    sparta: 'Load1',
  },
  {
    name: 'Load5',
    unit: 'None',
    group: 'load',
    accuracy: ACCURACY.load,
    ...gauge('load', (load) => load.load5),
    description: 'Five-minute load average of the execution environment.',
    source: LOADAVG_SOURCE,
    sparta: 'Load5',
  },
  {
    name: 'Load15',
    unit: 'None',
    group: 'load',
    accuracy: ACCURACY.load,
    ...gauge('load', (load) => load.load15),
    description: 'Fifteen-minute load average of the execution environment.',
    source: LOADAVG_SOURCE,
    sparta: 'Load15',
  },
  {
    name: 'NetBytesSent',
    unit: 'Bytes',
    group: 'network',
    accuracy: ACCURACY.networkBytes,
    ...counter('network', (start, end) => growth(start.bytesSent, end.bytesSent)),
    description:
      'Bytes sent on the function\'s own interfaces (see "Network interfaces" in docs/metrics.md) during the interval.',
    source: NET_DEV_SOURCE,
    sparta: 'NetBytesSent (cumulative since boot)',
    lambdaInsights: 'tx_bytes',
  },
  {
    name: 'NetBytesRecv',
    unit: 'Bytes',
    group: 'network',
    accuracy: ACCURACY.networkBytes,
    ...counter('network', (start, end) => growth(start.bytesRecv, end.bytesRecv)),
    description: "Bytes received on the function's own interfaces during the interval.",
    source: NET_DEV_SOURCE,
    sparta: 'NetBytesRecv (cumulative since boot)',
    lambdaInsights: 'rx_bytes',
  },
  {
    name: 'NetErrin',
    unit: 'Count',
    group: 'network',
    accuracy: ACCURACY.networkErrors,
    ...counter('network', (start, end) => growth(start.errorsIn, end.errorsIn)),
    description: "Receive errors on the function's own interfaces during the interval.",
    source: NET_DEV_SOURCE,
    sparta: 'NetErrin (cumulative since boot)',
  },
  {
    name: 'NetErrout',
    unit: 'Count',
    group: 'network',
    accuracy: ACCURACY.networkErrors,
    ...counter('network', (start, end) => growth(start.errorsOut, end.errorsOut)),
    description: "Transmit errors on the function's own interfaces during the interval.",
    source: NET_DEV_SOURCE,
    sparta: 'NetErrout (cumulative since boot)',
  },
  {
    name: 'MemoryUsed',
    unit: 'Bytes',
    group: 'memory',
    accuracy: ACCURACY.memoryUsed,
    ...gauge('memory', (memory) => memory.usedBytes),
    description:
      'Memory in use by the execution environment (MemTotal - MemAvailable) at the end of the interval.',
    source: '/proc/meminfo',
    lambdaInsights: 'used_memory_max',
  },
  {
    name: 'MemoryUtilization',
    unit: 'Percent',
    group: 'memory',
    accuracy: ACCURACY.memoryUtilization,
    ...gauge('memory', (memory) => percentOf(memory.usedBytes, memory.limitBytes)),
    description:
      'MemoryUsed as a share of the configured function memory (AWS_LAMBDA_FUNCTION_MEMORY_SIZE), or of total memory off Lambda; capped at 100.',
    source: '/proc/meminfo, AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
    lambdaInsights: 'memory_utilization',
  },
  {
    name: 'ProcessCPUTime',
    unit: 'Milliseconds',
    group: 'process',
    accuracy: ACCURACY.processCPUTime,
    ...counter('processCpu', processCpuMs),
    description:
      'CPU time (user + system) used by this Node.js process, all its threads, during the interval.',
    source: 'process.cpuUsage()',
    lambdaInsights: 'cpu_total_time',
  },
  {
    name: 'ProcessCPUPercent',
    unit: 'Percent',
    group: 'process',
    accuracy: ACCURACY.processCPUPercent,
    ...counter('processCpu', (start, end, before, after) => {
      const cpuMs = processCpuMs(start, end)
      if (cpuMs === undefined || after.vcpuEntitlement === undefined) return undefined
      // Not capped: above 100 the function ran faster than its entitlement (see docs/metrics.md).
      return uncappedPercentOf(cpuMs, (after.takenAtMs - before.takenAtMs) * after.vcpuEntitlement)
    }),
    description:
      'ProcessCPUTime as a share of the vCPU entitlement over the interval (memory / 1,769 MB per vCPU on Lambda, available CPUs elsewhere); not capped: 100 = the whole entitlement, above 100 = more CPU than the entitlement (bursts inside a throttling period, or no quota).',
    source: 'process.cpuUsage(), AWS_LAMBDA_FUNCTION_MEMORY_SIZE, os.availableParallelism()',
  },
  {
    name: 'ProcessRSS',
    unit: 'Bytes',
    group: 'process',
    accuracy: ACCURACY.processRss,
    ...gauge('processMemory', (memory) => memory.rssBytes),
    description: 'Resident set size of this Node.js process at the end of the interval.',
    source: 'process.memoryUsage()',
  },
  {
    name: 'ProcessMaxRSS',
    unit: 'Bytes',
    group: 'process',
    accuracy: ACCURACY.processMaxRss,
    ...gauge('processMemory', (memory) => memory.maxRssBytes),
    description:
      "Peak resident set size of this Node.js process since it started, what the REPORT line's Max Memory Used reflects.",
    source: 'process.resourceUsage().maxRSS',
    lambdaInsights: 'used_memory_max',
  },
  {
    name: 'ProcessHeapUsed',
    unit: 'Bytes',
    group: 'process',
    accuracy: ACCURACY.processHeapUsed,
    ...gauge('processMemory', (memory) => memory.heapUsedBytes),
    description: 'V8 heap in use at the end of the interval.',
    source: 'process.memoryUsage()',
  },
  {
    name: 'DiskUsedBytes',
    unit: 'Bytes',
    group: 'diskBytes',
    accuracy: ACCURACY.disk,
    ...gauge('disk', (disk) => disk.usedBytes),
    description: 'Bytes used on the file system holding diskPath (default /tmp).',
    source: 'statfs(diskPath)',
    lambdaInsights: 'tmp_used',
  },
  {
    name: 'DiskFreeBytes',
    unit: 'Bytes',
    group: 'diskBytes',
    accuracy: ACCURACY.disk,
    ...gauge('disk', (disk) => disk.availableBytes),
    description: 'Bytes available to the function on the file system holding diskPath (default /tmp).',
    source: 'statfs(diskPath)',
    lambdaInsights: 'tmp_free',
  },
  {
    name: 'FileDescriptors',
    unit: 'Count',
    group: 'fileDescriptors',
    accuracy: ACCURACY.fileDescriptors,
    ...gauge('fileDescriptors', (descriptors) => descriptors.open),
    description: 'File descriptors open in this process at the end of the interval (Linux only).',
    source: '/proc/self/fd',
    lambdaInsights: 'fd_use',
  },
  {
    name: 'FileDescriptorUtilization',
    unit: 'Percent',
    group: 'fileDescriptors',
    accuracy: ACCURACY.fileDescriptorUtilization,
    ...gauge('fileDescriptors', ({ open, softLimit }) =>
      softLimit === undefined ? undefined : percentOf(open, softLimit),
    ),
    description: 'FileDescriptors as a share of the soft limit RLIMIT_NOFILE, 1,024 on Lambda (Linux only).',
    source: '/proc/self/fd, /proc/self/limits',
    lambdaInsights: 'fd_max',
  },
  {
    name: 'Threads',
    unit: 'Count',
    group: 'threads',
    accuracy: ACCURACY.threads,
    ...gauge('threads', (threads) => threads),
    description: 'Threads in this process (V8, libuv pool, workers) at the end of the interval (Linux only).',
    source: '/proc/self/status',
    lambdaInsights: 'threads_max',
  },
  {
    name: 'EventLoopUtilization',
    unit: 'Percent',
    group: 'eventLoop',
    accuracy: ACCURACY.eventLoopUtilization,
    ...counter('eventLoop', eventLoopBusyPercent),
    description: 'Share of the interval the event loop spent busy rather than idle.',
    source: 'performance.eventLoopUtilization()',
  },
] as const satisfies readonly MetricDefinition[]

/** Every metric name the collector can produce. */
export type MetricName = (typeof METRICS)[number]['name']

/** Sparta's set plus memory: twelve metrics, cheap to read, the middleware's default. */
export const DEFAULT_GROUPS: readonly MetricGroup[] = ['cpu', 'disk', 'host', 'load', 'network', 'memory']

export const isMetricGroup = (value: unknown): value is MetricGroup =>
  typeof value === 'string' && (METRIC_GROUPS as readonly string[]).includes(value)
