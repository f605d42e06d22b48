/**
 * Every metric the collector produces, each defined once: its CloudWatch name, unit and group, the reading
 * it comes from and how two readings become the figure (`measure` runs exactly these rules, the collector
 * runs only the readers the selected metrics need), and its meaning, source, Sparta and Lambda Insights
 * names for the docs. The middleware, the docs tests and the dashboard tests read this table too, so a
 * renamed metric breaks every place that still uses the old name.
 */
import { counter, cpuBusyPercent, type FigureRule, gauge, growth, percentOf } from './figures.js'
import type { ProcessCpuReading } from './types.js'

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
}

const cpuPercentRule: FigureRule = {
  reading: 'cpu',
  kind: 'counter',
  // A figure even without a starting reading: the trailing window in `cpuBaseline` stands in for it.
  figure: (before, after) =>
    after.cpu === undefined ? undefined : cpuBusyPercent(before.cpu, after.cpu, after.cpuBaseline),
}

/** Process CPU time (user + system) between two readings, in milliseconds. */
const processCpuMs = (start: ProcessCpuReading, end: ProcessCpuReading): number | undefined => {
  const user = growth(start.userMicros, end.userMicros)
  const system = growth(start.systemMicros, end.systemMicros)
  return user === undefined || system === undefined ? undefined : (user + system) / 1000
}

/**
 * performance.eventLoopUtilization(after, before) does not check the order, and readings that went
 * backwards make it report utilizations above 1: treat idle and active time as the counters they are.
 */
const eventLoopBusyPercent = (
  start: { readonly idle: number; readonly active: number },
  end: { readonly idle: number; readonly active: number },
): number | undefined => {
  const idle = growth(start.idle, end.idle)
  const active = growth(start.active, end.active)
  return idle === undefined || active === undefined ? undefined : percentOf(active, idle + active)
}

export const METRICS = [
  {
    name: 'CPUPercent',
    unit: 'Percent',
    group: 'cpu',
    ...cpuPercentRule,
    description:
      'Busy share of all CPUs of the execution environment over the invocation (or, for invocations shorter than 1 s of CPU time across all CPUs, over a recent window of at least that length ending with the invocation).',
    source: '/proc/stat (aggregate cpu line)',
    sparta: 'CPUPercent',
  },
  {
    name: 'DiskUsedPercent',
    unit: 'Percent',
    group: 'disk',
    ...gauge('disk', ({ usedBytes, availableBytes }) => percentOf(usedBytes, usedBytes + availableBytes)),
    description: 'Used share of the file system holding diskPath (default /tmp), as df computes it.',
    source: 'statfs(diskPath)',
    sparta: 'DiskUsedPercent',
  },
  {
    name: 'Uptime',
    unit: 'Milliseconds',
    group: 'host',
    ...gauge('uptimeMs', (uptimeMs) => uptimeMs),
    description: 'Age of the execution environment (micro-VM) in real milliseconds.',
    source: '/proc/uptime',
    sparta: 'Uptime (seconds mislabelled as milliseconds)',
  },
  {
    name: 'Load1',
    unit: 'None',
    group: 'load',
    ...gauge('load', (load) => load.load1),
    description: 'One-minute load average of the execution environment.',
    source: '/proc/loadavg',
    sparta: 'Load1',
  },
  {
    name: 'Load5',
    unit: 'None',
    group: 'load',
    ...gauge('load', (load) => load.load5),
    description: 'Five-minute load average of the execution environment.',
    source: '/proc/loadavg',
    sparta: 'Load5',
  },
  {
    name: 'Load15',
    unit: 'None',
    group: 'load',
    ...gauge('load', (load) => load.load15),
    description: 'Fifteen-minute load average of the execution environment.',
    source: '/proc/loadavg',
    sparta: 'Load15',
  },
  {
    name: 'NetBytesSent',
    unit: 'Bytes',
    group: 'network',
    ...counter('network', (start, end) => growth(start.bytesSent, end.bytesSent)),
    description: 'Bytes sent on all non-loopback interfaces during the interval.',
    source: '/proc/net/dev',
    sparta: 'NetBytesSent (cumulative since boot)',
    lambdaInsights: 'tx_bytes',
  },
  {
    name: 'NetBytesRecv',
    unit: 'Bytes',
    group: 'network',
    ...counter('network', (start, end) => growth(start.bytesRecv, end.bytesRecv)),
    description: 'Bytes received on all non-loopback interfaces during the interval.',
    source: '/proc/net/dev',
    sparta: 'NetBytesRecv (cumulative since boot)',
    lambdaInsights: 'rx_bytes',
  },
  {
    name: 'NetErrin',
    unit: 'Count',
    group: 'network',
    ...counter('network', (start, end) => growth(start.errorsIn, end.errorsIn)),
    description: 'Receive errors on all non-loopback interfaces during the interval.',
    source: '/proc/net/dev',
    sparta: 'NetErrin (cumulative since boot)',
  },
  {
    name: 'NetErrout',
    unit: 'Count',
    group: 'network',
    ...counter('network', (start, end) => growth(start.errorsOut, end.errorsOut)),
    description: 'Transmit errors on all non-loopback interfaces during the interval.',
    source: '/proc/net/dev',
    sparta: 'NetErrout (cumulative since boot)',
  },
  {
    name: 'MemoryUsed',
    unit: 'Bytes',
    group: 'memory',
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
    ...counter('processCpu', processCpuMs),
    description: 'CPU time (user + system) used by this Node.js process during the interval.',
    source: 'process.cpuUsage()',
    lambdaInsights: 'cpu_total_time',
  },
  {
    name: 'ProcessCPUPercent',
    unit: 'Percent',
    group: 'process',
    ...counter('processCpu', (start, end, before, after) => {
      const cpuMs = processCpuMs(start, end)
      if (cpuMs === undefined || after.vcpuEntitlement === undefined) return undefined
      return percentOf(cpuMs, (after.takenAtMs - before.takenAtMs) * after.vcpuEntitlement)
    }),
    description:
      'ProcessCPUTime as a share of the vCPU entitlement over the interval (memory / 1,769 MB per vCPU on Lambda, available CPUs elsewhere); capped at 100.',
    source: 'process.cpuUsage(), AWS_LAMBDA_FUNCTION_MEMORY_SIZE, os.availableParallelism()',
  },
  {
    name: 'ProcessRSS',
    unit: 'Bytes',
    group: 'process',
    ...gauge('processMemory', (memory) => memory.rssBytes),
    description: 'Resident set size of this Node.js process at the end of the interval.',
    source: 'process.memoryUsage()',
  },
  {
    name: 'ProcessHeapUsed',
    unit: 'Bytes',
    group: 'process',
    ...gauge('processMemory', (memory) => memory.heapUsedBytes),
    description: 'V8 heap in use at the end of the interval.',
    source: 'process.memoryUsage()',
  },
  {
    name: 'DiskUsedBytes',
    unit: 'Bytes',
    group: 'diskBytes',
    ...gauge('disk', (disk) => disk.usedBytes),
    description: 'Bytes used on the file system holding diskPath (default /tmp).',
    source: 'statfs(diskPath)',
    lambdaInsights: 'tmp_used',
  },
  {
    name: 'DiskFreeBytes',
    unit: 'Bytes',
    group: 'diskBytes',
    ...gauge('disk', (disk) => disk.availableBytes),
    description: 'Bytes available to the function on the file system holding diskPath (default /tmp).',
    source: 'statfs(diskPath)',
    lambdaInsights: 'tmp_free',
  },
  {
    name: 'FileDescriptors',
    unit: 'Count',
    group: 'fileDescriptors',
    ...gauge('fileDescriptors', (descriptors) => descriptors.open),
    description: 'File descriptors open in this process at the end of the interval (Linux only).',
    source: '/proc/self/fd',
    lambdaInsights: 'fd_use',
  },
  {
    name: 'FileDescriptorUtilization',
    unit: 'Percent',
    group: 'fileDescriptors',
    ...gauge('fileDescriptors', ({ open, softLimit }) =>
      softLimit === undefined ? undefined : percentOf(open, softLimit),
    ),
    description: 'FileDescriptors as a share of the soft limit RLIMIT_NOFILE (Linux only).',
    source: '/proc/self/fd, /proc/self/limits',
    lambdaInsights: 'fd_max',
  },
  {
    name: 'Threads',
    unit: 'Count',
    group: 'threads',
    ...gauge('threads', (threads) => threads),
    description: 'Threads in this process (V8, libuv pool, workers) at the end of the interval (Linux only).',
    source: '/proc/self/status',
    lambdaInsights: 'threads_max',
  },
  {
    name: 'EventLoopUtilization',
    unit: 'Percent',
    group: 'eventLoop',
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
