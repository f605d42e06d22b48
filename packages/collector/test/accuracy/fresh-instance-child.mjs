/**
 * Run as `node fresh-instance-child.mjs <url of dist/index.js> <workload>` by cpu-short.test.ts: a fresh
 * process, as a new execution environment is, serves the invocations of `workload` (busy5, sleep5 or
 * pairs) sampled as the middleware does, and prints as JSON the CPUPercent of each, the CPU counter the
 * probe picked, and how much of the machine other processes used meanwhile, so the test can tell a quiet run
 * from a disturbed one: over the whole run (the machine's /proc/stat busy ticks less this process's own CPU
 * time) and during each invocation (the root cgroup v1 cpuacct.usage, read here rather than through the
 * collector, less this process's own CPU time). A neighbour's burst of a few ms is 1 % of a run but
 * doubles a 5 ms invocation's figure, so only the second tells whether one invocation was disturbed. It
 * also prints this process's own CPU time during each invocation, so a burn the vCPU's host or another
 * process held back can be told from one that kept a CPU busy.
 */
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { machineTicks, ownCpuMs } from './child-clocks.mjs'

const [distIndexUrl, workload] = process.argv.slice(2)
const { createCollector, measure } = await import(distIndexUrl)

const busyFor = (ms) => {
  const end = performance.now() + ms
  while (performance.now() < end) {}
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const MACHINE_CPUACCT = ['/sys/fs/cgroup/cpuacct/cpuacct.usage', '/sys/fs/cgroup/cpu,cpuacct/cpuacct.usage']
const machineCpuacct = MACHINE_CPUACCT.find((file) => {
  try {
    return Number.isFinite(Number(readFileSync(file, 'latin1')))
  } catch {
    return false
  }
})
/**
 * Machine (NaN without cpuacct) and own CPU time in µs, and the wall clock in ms; getrusage first, so this
 * thread's running time is charged to cpuacct.
 */
const cpuClocks = () => {
  const { user, system } = process.cpuUsage()
  const machineUs = machineCpuacct ? Number(readFileSync(machineCpuacct, 'latin1')) / 1000 : Number.NaN
  return { ownUs: user + system, machineUs, wallMs: performance.now() }
}
/** Share of the machine (%) other processes used between two `cpuClocks()` readings. */
const neighbourShare = (start, end) => {
  const capacityUs = (end.wallMs - start.wallMs) * 1000 * cpus().length
  return (100 * Math.max(0, end.machineUs - start.machineUs - (end.ownUs - start.ownUs))) / capacityUs
}
/**
 * This process's CPU time between two readings, in % of one CPU over the wall time: a burn that reads
 * under 100 was descheduled (the hypervisor stole the vCPU, or another process preempted it), so it did
 * not keep a CPU busy as the test assumes.
 */
const ownShare = (start, end) => (100 * (end.ownUs - start.ownUs)) / ((end.wallMs - start.wallMs) * 1000)

const collector = createCollector({ source: 'procfs', groups: ['cpu'] })
const invocationNeighbours = []
const invocationOwnShares = []
const invoke = async (work) => {
  const start = cpuClocks()
  const before = await collector.sample('counters')
  await work()
  const after = await collector.sample('full')
  const end = cpuClocks()
  invocationNeighbours.push(neighbourShare(start, end))
  invocationOwnShares.push(ownShare(start, end))
  return measure(before, after).CPUPercent ?? null
}

// The init phase: V8 compiles a hot loop on a background thread during its first milliseconds, and that
// thread's CPU time is machine-wide busy time too (a first record read 83 % for one busy CPU without this).
// A function's init runs its code before the first invocation as well.
for (let i = 0; i < 20; i++) busyFor(5)
await sleep(50)
// Sampling starts from inside the event loop, as a Lambda handler's does.
await sleep(1)
const ticks = machineTicks()
const own = ownCpuMs()
const figures = []
if (workload === 'pairs') {
  for (let i = 0; i < 8; i++) {
    figures.push(await invoke(() => busyFor(10)))
    await sleep(100)
    figures.push(await invoke(() => sleep(10)))
    await sleep(100)
  }
} else {
  for (let i = 0; i < 40; i++)
    figures.push(await invoke(workload === 'busy5' ? () => busyFor(5) : () => sleep(5)))
}
const ownMs = ownCpuMs() - own
const end = machineTicks()
const totalMs = (end.total - ticks.total) * 10
const neighbours = totalMs > 0 ? (100 * Math.max(0, (end.busy - ticks.busy) * 10 - ownMs)) / totalMs : 100
collector.close()
process.stdout.write(
  JSON.stringify({
    figures,
    source: collector.cpuSources?.busy,
    neighbours,
    invocationNeighbours: machineCpuacct ? invocationNeighbours : null,
    invocationOwnShares,
  }),
)
