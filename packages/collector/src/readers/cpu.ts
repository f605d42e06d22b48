import { os } from '../builtins.js'
import { ByteCursor } from '../procfs/parse.js'
import type { CpuTimes } from '../types.js'

/** The aggregate line's busy and total time, and the hypervisor steal inside busy, in milliseconds. */
export interface ProcStatTimes extends CpuTimes {
  readonly stealMs: number
}

/** /proc/stat counts in USER_HZ ticks, 100 per second on every mainstream Linux build. */
const MS_PER_TICK = 10

/**
 * Parses the aggregate `cpu` line of /proc/stat: `cpu user nice system idle iowait irq softirq steal ...`.
 * Idle and iowait are not busy; guest time is already inside user and nice, so it is not added again.
 */
export const parseProcStat = (bytes: Buffer): ProcStatTimes => {
  const cursor = new ByteCursor(bytes, '/proc/stat')
  if (!cursor.atLineStart('cpu ')) throw new Error('/proc/stat does not start with the aggregate cpu line')
  cursor.position = 3
  const user = cursor.number()
  const nice = cursor.number()
  const system = cursor.number()
  const idle = cursor.number()
  const iowait = cursor.number()
  const irq = cursor.number()
  const softirq = cursor.number()
  const steal = cursor.number()
  const busy = user + nice + system + irq + softirq + steal
  return {
    busyMs: busy * MS_PER_TICK,
    totalMs: (busy + idle + iowait) * MS_PER_TICK,
    stealMs: steal * MS_PER_TICK,
  }
}

/** The portable reading: `os.cpus()` times are milliseconds per CPU, summed here like the aggregate line. */
export const readCpuFromOs = (): CpuTimes => {
  let busyMs = 0
  let totalMs = 0
  for (const { times } of os().cpus()) {
    const busy = times.user + times.nice + times.sys + times.irq
    busyMs += busy
    totalMs += busy + times.idle
  }
  if (totalMs === 0) throw new Error('os.cpus() reported no CPU time')
  return { busyMs, totalMs }
}
