/**
 * Run as `node throttled-child.mjs <url of dist/index.js> <cgroup directory> <invocations> <cpu ms>` by
 * cpu-throttle.test.ts: moves itself into the cgroup v1 `cpu` group (its quota is the test's), then serves
 * `invocations` CPU-bound invocations of `cpu ms` of CPU time each, sampled as the middleware does, and
 * prints the collector's CPU sources and every invocation's figures as JSON.
 */
import { writeFileSync } from 'node:fs'

const [distIndexUrl, group, invocations, cpuMs] = process.argv.slice(2)
writeFileSync(`${group}/cgroup.procs`, String(process.pid))

const { createCollector, cpuWindowsMs, measure } = await import(distIndexUrl)
const collector = createCollector({ source: 'procfs', groups: ['cpu', 'process'] })
const cpuTimeMs = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}
const records = []
for (let i = 0; i < Number(invocations); i++) {
  const before = await collector.sample('counters')
  const started = performance.now()
  // A CPU-bound handler: it needs `cpu ms` of CPU time, however long the quota makes that take.
  const end = cpuTimeMs() + Number(cpuMs)
  let spin = 0
  while (cpuTimeMs() < end) spin++
  const wallMs = performance.now() - started
  const after = await collector.sample('full')
  records.push({
    wallMs,
    spin: spin > 0,
    figures: measure(before, after),
    windows: cpuWindowsMs(before, after),
  })
}
collector.close()
process.stdout.write(JSON.stringify({ cpuSources: collector.cpuSources, records }))
