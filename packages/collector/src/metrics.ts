/**
 * The one table of every figure the collector produces: its CloudWatch metric name, unit, group and
 * meaning. The collector, the middleware, the docs tests and the dashboard tests all read this table,
 * so a renamed metric breaks every place that still uses the old name.
 */

/** A CloudWatch unit name, exactly as EMF and Powertools `MetricUnit` spell it. */
export type CloudWatchUnit = 'Percent' | 'Bytes' | 'Count' | 'Milliseconds' | 'None'

/** Switchable groups of figures; each group is read by one reader. */
export type MetricGroup =
  | 'cpu'
  | 'disk'
  | 'host'
  | 'load'
  | 'network'
  | 'memory'
  | 'process'
  | 'diskBytes'
  | 'fileDescriptors'
  | 'threads'
  | 'eventLoop'

export interface MetricDefinition {
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
}

export const METRICS = [
  {
    name: 'CPUPercent',
    unit: 'Percent',
    group: 'cpu',
    description:
      'Busy share of all CPUs of the execution environment over the invocation (or, for invocations shorter than 1 s of CPU time across all CPUs, over a recent window of at least that length ending with the invocation).',
    source: '/proc/stat (aggregate cpu line)',
    sparta: 'CPUPercent',
  },
  {
    name: 'DiskUsedPercent',
    unit: 'Percent',
    group: 'disk',
    description: 'Used share of the file system holding diskPath (default /tmp), as df computes it.',
    source: 'statfs(diskPath)',
    sparta: 'DiskUsedPercent',
  },
  {
    name: 'Uptime',
    unit: 'Milliseconds',
    group: 'host',
    description: 'Age of the execution environment (micro-VM) in real milliseconds.',
    source: '/proc/uptime',
    sparta: 'Uptime (seconds mislabelled as milliseconds)',
  },
  {
    name: 'Load1',
    unit: 'None',
    group: 'load',
    description: 'One-minute load average of the execution environment.',
    source: '/proc/loadavg',
    sparta: 'Load1',
  },
  {
    name: 'Load5',
    unit: 'None',
    group: 'load',
    description: 'Five-minute load average of the execution environment.',
    source: '/proc/loadavg',
    sparta: 'Load5',
  },
  {
    name: 'Load15',
    unit: 'None',
    group: 'load',
    description: 'Fifteen-minute load average of the execution environment.',
    source: '/proc/loadavg',
    sparta: 'Load15',
  },
  {
    name: 'NetBytesSent',
    unit: 'Bytes',
    group: 'network',
    description: 'Bytes sent on all non-loopback interfaces during the interval.',
    source: '/proc/net/dev',
    sparta: 'NetBytesSent (cumulative since boot)',
    lambdaInsights: 'tx_bytes',
  },
  {
    name: 'NetBytesRecv',
    unit: 'Bytes',
    group: 'network',
    description: 'Bytes received on all non-loopback interfaces during the interval.',
    source: '/proc/net/dev',
    sparta: 'NetBytesRecv (cumulative since boot)',
    lambdaInsights: 'rx_bytes',
  },
  {
    name: 'NetErrin',
    unit: 'Count',
    group: 'network',
    description: 'Receive errors on all non-loopback interfaces during the interval.',
    source: '/proc/net/dev',
    sparta: 'NetErrin (cumulative since boot)',
  },
  {
    name: 'NetErrout',
    unit: 'Count',
    group: 'network',
    description: 'Transmit errors on all non-loopback interfaces during the interval.',
    source: '/proc/net/dev',
    sparta: 'NetErrout (cumulative since boot)',
  },
  {
    name: 'MemoryUsed',
    unit: 'Bytes',
    group: 'memory',
    description:
      'Memory in use by the execution environment (MemTotal - MemAvailable) at the end of the interval.',
    source: '/proc/meminfo',
    lambdaInsights: 'used_memory_max',
  },
  {
    name: 'MemoryUtilization',
    unit: 'Percent',
    group: 'memory',
    description:
      'MemoryUsed as a share of the configured function memory (AWS_LAMBDA_FUNCTION_MEMORY_SIZE), or of total memory off Lambda; capped at 100.',
    source: '/proc/meminfo, AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
    lambdaInsights: 'memory_utilization',
  },
  {
    name: 'ProcessCPUTime',
    unit: 'Milliseconds',
    group: 'process',
    description: 'CPU time (user + system) used by this Node.js process during the interval.',
    source: 'process.cpuUsage()',
    lambdaInsights: 'cpu_total_time',
  },
  {
    name: 'ProcessCPUPercent',
    unit: 'Percent',
    group: 'process',
    description:
      'ProcessCPUTime as a share of the vCPU entitlement over the interval (memory / 1,769 MB per vCPU on Lambda, available CPUs elsewhere); capped at 100.',
    source: 'process.cpuUsage(), AWS_LAMBDA_FUNCTION_MEMORY_SIZE, os.availableParallelism()',
  },
  {
    name: 'ProcessRSS',
    unit: 'Bytes',
    group: 'process',
    description: 'Resident set size of this Node.js process at the end of the interval.',
    source: 'process.memoryUsage()',
  },
  {
    name: 'ProcessHeapUsed',
    unit: 'Bytes',
    group: 'process',
    description: 'V8 heap in use at the end of the interval.',
    source: 'process.memoryUsage()',
  },
  {
    name: 'DiskUsedBytes',
    unit: 'Bytes',
    group: 'diskBytes',
    description: 'Bytes used on the file system holding diskPath (default /tmp).',
    source: 'statfs(diskPath)',
    lambdaInsights: 'tmp_used',
  },
  {
    name: 'DiskFreeBytes',
    unit: 'Bytes',
    group: 'diskBytes',
    description: 'Bytes available to the function on the file system holding diskPath (default /tmp).',
    source: 'statfs(diskPath)',
    lambdaInsights: 'tmp_free',
  },
  {
    name: 'FileDescriptors',
    unit: 'Count',
    group: 'fileDescriptors',
    description: 'File descriptors open in this process at the end of the interval (Linux only).',
    source: '/proc/self/fd',
    lambdaInsights: 'fd_use',
  },
  {
    name: 'FileDescriptorUtilization',
    unit: 'Percent',
    group: 'fileDescriptors',
    description: 'FileDescriptors as a share of the soft limit RLIMIT_NOFILE (Linux only).',
    source: '/proc/self/fd, /proc/self/limits',
    lambdaInsights: 'fd_max',
  },
  {
    name: 'Threads',
    unit: 'Count',
    group: 'threads',
    description: 'Threads in this process (V8, libuv pool, workers) at the end of the interval (Linux only).',
    source: '/proc/self/status',
    lambdaInsights: 'threads_max',
  },
  {
    name: 'EventLoopUtilization',
    unit: 'Percent',
    group: 'eventLoop',
    description: 'Share of the interval the event loop spent busy rather than idle.',
    source: 'performance.eventLoopUtilization()',
  },
] as const satisfies readonly MetricDefinition[]

/** Every metric name the collector can produce. */
export type MetricName = (typeof METRICS)[number]['name']

export const METRIC_GROUPS: readonly MetricGroup[] = [
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
]

/** Sparta's set plus memory: twelve metrics, cheap to read, the middleware's default. */
export const DEFAULT_GROUPS: readonly MetricGroup[] = ['cpu', 'disk', 'host', 'load', 'network', 'memory']

export const isMetricGroup = (value: unknown): value is MetricGroup =>
  typeof value === 'string' && (METRIC_GROUPS as readonly string[]).includes(value)
