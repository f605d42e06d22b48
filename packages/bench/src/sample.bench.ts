import { MetricResolution, Metrics } from '@aws-lambda-powertools/metrics'
import {
  createCollector,
  DEFAULT_GROUPS,
  METRIC_GROUPS,
  METRICS,
  measure,
} from '@utilization-metrics/collector'
import { utilizationMetrics } from '@utilization-metrics/middy'
import { Bench } from 'tinybench'
import { replyAndExit } from './child.ts'
import { BENCH_INTERVAL_MS } from './handlers.ts'
import { latencyRow } from './latency.ts'

/**
 * One `sample()` on each source, then the parts of a default-groups invocation on their own (the
 * middleware's hooks without Middy, `measure`, and a Powertools record of the same metrics), so a slow row
 * in the invocation table can be traced to its part; and the CPU reads on their own: one reading of the
 * counters the probe picked, and the probe itself, which a fresh collector runs once at its first sample.
 * Back to back, as here, a collector reads /proc/stat once per 10 ms and /proc/uptime and /proc/loadavg once
 * a second (it reuses younger readings): the rows show that amortised cost, what back-to-back invocations pay.
 */

const defaultMetrics = METRICS.filter((metric) => DEFAULT_GROUPS.includes(metric.group))
const cpuOnly = createCollector({ source: 'procfs', groups: ['cpu'] })
await cpuOnly.sample('counters')
const cpuSources = `${cpuOnly.cpuSources?.busy}, ${cpuOnly.cpuSources?.throttle}`

const rows = [
  { id: 'procfsAll', label: "sample('full'), METRIC_GROUPS, procfs (fast path)" },
  { id: 'siAll', label: "sample('full'), METRIC_GROUPS, source: 'systeminformation'" },
  { id: 'procfsDefault', label: "sample('full'), DEFAULT_GROUPS, procfs (fast path)" },
  { id: 'siDefault', label: "sample('full'), DEFAULT_GROUPS, source: 'systeminformation'" },
  { id: 'procfsCounters', label: "sample('counters'), DEFAULT_GROUPS, procfs (what `before` reads)" },
  { id: 'readCpu', label: "sample('full'), groups ['cpu']: the CPU counters (/proc/stat once per 10 ms)" },
  { id: 'readNetwork', label: "sample('full'), groups ['network']: /proc/net/dev" },
  { id: 'readHost', label: "sample('full'), groups ['host']: /proc/uptime (read once a second)" },
  { id: 'readLoad', label: "sample('full'), groups ['load']: /proc/loadavg (reused for up to 1 s)" },
  { id: 'readMemory', label: "sample('full'), groups ['memory']: /proc/meminfo" },
  { id: 'readDisk', label: "sample('full'), groups ['disk']: statfs" },
  {
    id: 'adviceFields',
    label: "process.cpuUsage() + process.resourceUsage() (the middleware's advice fields)",
  },
  { id: 'hooks', label: 'utilizationMetrics() before + after, no Middy (default groups)' },
  { id: 'hooksInterval', label: 'utilizationMetrics({ interval }) before + after, not publishing' },
  { id: 'measure', label: 'measure(before, after), DEFAULT_GROUPS' },
  {
    id: 'record',
    label: `Powertools record of the ${defaultMetrics.length} default metrics (addMetric x ${defaultMetrics.length} + publish)`,
  },
  { id: 'cpuRead', label: `sample('counters'), groups ['cpu']: the CPU reads (${cpuSources})` },
  { id: 'cpuProbe', label: "fresh collector's first sample('counters'), groups ['cpu']: probe + reads" },
] as const

type RowId = (typeof rows)[number]['id']

const procfsAll = createCollector({ source: 'procfs', groups: METRIC_GROUPS })
const siAll = createCollector({ source: 'systeminformation', groups: METRIC_GROUPS })
const procfsDefault = createCollector({ source: 'procfs', groups: DEFAULT_GROUPS })
const siDefault = createCollector({ source: 'systeminformation', groups: DEFAULT_GROUPS })
/** One collector per default group, so the cost of each reading shows on its own. */
const byGroup = Object.fromEntries(
  DEFAULT_GROUPS.map((group) => [group, createCollector({ source: 'procfs', groups: [group] })]),
)
const sampleGroup = (group: string) => byGroup[group]?.sample('full')
const hooks = utilizationMetrics()
const hooksInterval = utilizationMetrics({}, { interval: BENCH_INTERVAL_MS })
const start = await procfsDefault.sample('counters')
const end = await procfsDefault.sample('full')
const figures = measure(start, end)
const metrics = new Metrics({ namespace: 'Bench', serviceName: 'bench' })

const invokeHooks = async (middleware: typeof hooks) => {
  const request = {}
  await middleware.before(request)
  await middleware.after(request)
}

const tasks: Record<RowId, () => unknown> = {
  procfsAll: () => procfsAll.sample('full'),
  siAll: () => siAll.sample('full'),
  procfsDefault: () => procfsDefault.sample('full'),
  siDefault: () => siDefault.sample('full'),
  procfsCounters: () => procfsDefault.sample('counters'),
  readCpu: () => sampleGroup('cpu'),
  readNetwork: () => sampleGroup('network'),
  readHost: () => sampleGroup('host'),
  readLoad: () => sampleGroup('load'),
  readMemory: () => sampleGroup('memory'),
  readDisk: () => sampleGroup('disk'),
  adviceFields: () => {
    process.cpuUsage()
    return process.resourceUsage()
  },
  hooks: () => invokeHooks(hooks),
  hooksInterval: () => invokeHooks(hooksInterval),
  measure: () => measure(start, end),
  record: () => {
    for (const metric of defaultMetrics) {
      metrics.addMetric(metric.name, metric.unit, figures[metric.name] ?? 0, MetricResolution.Standard)
    }
    metrics.publishStoredMetrics()
  },
  cpuRead: () => cpuOnly.sample('counters'),
  cpuProbe: async () => {
    const fresh = createCollector({ source: 'procfs', groups: ['cpu'] })
    await fresh.sample('counters')
    fresh.close()
  },
}

const SYNC_ROWS = new Set<RowId>(['measure', 'record', 'adviceFields'])
const bench = new Bench({ time: 700, warmupTime: 200, throws: true })
// Said up front: otherwise tinybench calls each task once, unawaited, to find out.
for (const row of rows) bench.add(row.id, tasks[row.id], { async: !SYNC_ROWS.has(row.id) })
await bench.run()

await replyAndExit(
  rows.map((row) => {
    const task = bench.getTask(row.id)
    if (!task) throw new Error(`no task ${row.id}`)
    return latencyRow(task, row.id, row.label)
  }),
)
