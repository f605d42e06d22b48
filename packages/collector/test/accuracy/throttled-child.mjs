/**
 * Run as `node throttled-child.mjs <url of dist/index.js> <cgroup directory> <invocations> <cpu ms>` by
 * cpu-throttle.test.ts: moves itself into the cgroup v1 `cpu` group (its quota is the test's), then serves
 * `invocations` CPU-bound invocations of `cpu ms` of CPU time each, sampled as the middleware does, and
 * prints the collector's CPU sources, every invocation's figures, and the share of the machine the
 * hypervisor stole meanwhile (its own reading of /proc/stat, beside the collector's) as JSON.
 */
import { writeFileSync } from 'node:fs'
import { machineTicks, ownCpuMs } from './child-clocks.mjs'

const [distIndexUrl, group, invocations, cpuMs] = process.argv.slice(2)
writeFileSync(`${group}/cgroup.procs`, String(process.pid))

const { createCollector, cpuWindowsMs, measure } = await import(distIndexUrl)
const collector = createCollector({ source: 'procfs', groups: ['cpu', 'process'] })
const ticksAtStart = machineTicks()
const records = []
for (let i = 0; i < Number(invocations); i++) {
  const before = await collector.sample('counters')
  const started = performance.now()
  // A CPU-bound handler: it needs `cpu ms` of CPU time, however long the quota makes that take.
  const end = ownCpuMs() + Number(cpuMs)
  let spin = 0
  while (ownCpuMs() < end) spin++
  const wallMs = performance.now() - started
  const after = await collector.sample('full')
  records.push({
    wallMs,
    spin: spin > 0,
    figures: measure(before, after),
    windows: cpuWindowsMs(before, after),
  })
}
const ticksAtEnd = machineTicks()
const stealPercent =
  (100 * (ticksAtEnd.steal - ticksAtStart.steal)) / Math.max(1, ticksAtEnd.total - ticksAtStart.total)
collector.close()
process.stdout.write(JSON.stringify({ cpuSources: collector.cpuSources, records, stealPercent }))
