import { path } from '../builtins.js'
import { ProcFile } from '../procfs/proc-file.js'
import { type ProcStatTimes, parseProcStat } from '../readers/cpu.js'
import type { CpuThrottleSource, HeldTimes } from '../types.js'
import { numberAfterLabel, PROC_STAT_STEP_MS } from './busy-counter.js'
import { type CgroupLayout, NS_PER_MS, ownGroupDirectories, readText, US_PER_MS } from './cgroups.js'

/** A held-back-time counter the probe picked: the own CPU cgroup's where it has a quota, else steal. */
export interface ThrottleCounter {
  readonly name: CpuThrottleSource
  /** The group whose quota and throttled time are read; absent for steal. */
  readonly group?: string
  /** Wall time an interval needs before its figure is taken over itself (steal counts in 10 ms ticks). */
  readonly minWindowMs: number
  readonly readsProcStat: boolean
  read(stat?: ProcStatTimes): HeldTimes
  close(): void
}

const TICKS_PER_WINDOW = 100

export interface ThrottleCounterProbe {
  readonly layout: CgroupLayout
  readonly cpuCount: number
  readonly nowMs?: () => number
}

/** v1: `cpu.cfs_quota_us` is -1 without a quota. */
const hasV1Quota = (directory: string): boolean => {
  const quota = Number(readText(path.join(directory, 'cpu.cfs_quota_us'))?.trim())
  return Number.isFinite(quota) && quota > 0
}

/** v2: `cpu.max` is `max 100000` without a quota, `$QUOTA $PERIOD` with one. */
const hasV2Quota = (directory: string): boolean => {
  const quota = readText(path.join(directory, 'cpu.max'))?.trim().split(' ')[0]
  return quota !== undefined && quota !== 'max' && Number(quota) > 0
}

const throttledCounter = (
  name: CpuThrottleSource,
  directory: string,
  label: string,
  msPerUnit: number,
  nowMs: () => number,
): ThrottleCounter => {
  const file = path.join(directory, 'cpu.stat')
  const stat = new ProcFile(file, 512)
  return {
    name,
    group: directory,
    minWindowMs: 0,
    readsProcStat: false,
    read: () => {
      const bytes = stat.read()
      const wallMs = nowMs()
      return { heldMs: numberAfterLabel(bytes, label, file) / msPerUnit, wallMs }
    },
    close: () => stat.close(),
  }
}

/**
 * Hypervisor steal from /proc/stat: CPU time a virtual CPU wanted but the host gave to someone else (on
 * Lambda, the host's quota on the micro-VM; on EC2, noisy neighbours or spent burst credits). Ticks summed
 * over CPUs, divided by CPUs to give wall time.
 */
const procStatSteal = (statFile: ProcFile, cpuCount: number): ThrottleCounter => ({
  name: 'proc-stat-steal',
  minWindowMs: (PROC_STAT_STEP_MS * TICKS_PER_WINDOW) / cpuCount,
  readsProcStat: true,
  read: (stat) => {
    const { stealMs, totalMs } = stat ?? parseProcStat(statFile.read())
    return { heldMs: stealMs, wallMs: totalMs / cpuCount }
  },
  // The caller owns /proc/stat.
  close: () => {},
})

/**
 * Picks, once, where held-back time is read: the nearest of the process's own CPU cgroup and its
 * ancestors that has a quota (v1 `cpu.cfs_quota_us`, v2 `cpu.max`), whose `cpu.stat` counts throttled time;
 * without one, steal. A group counts only if its counter can be read now.
 */
export const probeThrottleCounter = (statFile: ProcFile, probe: ThrottleCounterProbe): ThrottleCounter => {
  const nowMs = probe.nowMs ?? (() => performance.now())
  const candidates: ThrottleCounter[] = []
  const v1 = ownGroupDirectories(probe.layout, 1, 'cpu').find(hasV1Quota)
  if (v1)
    candidates.push(throttledCounter('cgroup-v1-throttled-time', v1, 'throttled_time ', NS_PER_MS, nowMs))
  const v2 = ownGroupDirectories(probe.layout, 2).find(hasV2Quota)
  if (v2)
    candidates.push(throttledCounter('cgroup-v2-throttled-usec', v2, 'throttled_usec ', US_PER_MS, nowMs))
  for (const candidate of candidates) {
    try {
      candidate.read()
      return candidate
    } catch {
      // Unreadable or garbled now: the next candidate.
    } finally {
      // Opened again at the first reading, so a file gone by then is a read problem, not a stale figure.
      candidate.close()
    }
  }
  return procStatSteal(statFile, probe.cpuCount)
}
