/**
 * What the accuracy tests' child processes read beside the collector, as independent ground truth: the
 * machine's /proc/stat ticks and this process's own CPU time.
 */
import { readFileSync } from 'node:fs'

/** The machine's busy, steal and total ticks (10 ms each), from the first line of /proc/stat; busy counts steal. */
export const machineTicks = () => {
  const fields = readFileSync('/proc/stat', 'latin1').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields
  const busy = user + nice + system + irq + softirq + steal
  return { busy, steal, total: busy + idle + iowait }
}

/** This process's CPU time so far in milliseconds (getrusage). */
export const ownCpuMs = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}
