import { path } from '../builtins.js'
import { ByteCursor } from '../procfs/parse.js'
import { ProcFile } from '../procfs/proc-file.js'
import { type ProcStatTimes, parseProcStat } from '../readers/cpu.js'
import { readProcessCpu } from '../readers/process.js'
import type { CpuBusySource, CpuTimes, ProcessCpuReading } from '../types.js'
import { type CgroupLayout, exists, NS_PER_MS, rootGroupDirectory, US_PER_MS } from './cgroups.js'

/**
 * A busy-time reading; `processCpu` is this process's CPU time where reading the counter took it anyway
 * (the getrusage call that charges the running thread, see {@link cgroupV1Cpuacct}).
 */
export interface BusyTimes extends CpuTimes {
  readonly processCpu?: ProcessCpuReading
}

/** A machine-wide busy-time counter the probe picked. */
export interface BusyCounter {
  readonly name: Exclude<CpuBusySource, 'os-cpus'>
  /** The counter's step in milliseconds of CPU time, as measured on a Firecracker guest (HZ=250). */
  readonly resolutionMs: number
  /**
   * CPU time, summed over all CPUs, an interval needs before its figure is taken over the interval itself;
   * a shorter interval is read over the trailing window instead. 100 steps: 1 % resolution.
   */
  readonly minWindowMs: number
  /** The CPUs the counter is divided among (the `cpuN` lines of /proc/stat). */
  readonly cpuCount: number
  /** Busy and total CPU milliseconds summed over all CPUs; `stat` is a /proc/stat reading already taken. */
  read(stat?: ProcStatTimes): BusyTimes
  readonly readsProcStat: boolean
  close(): void
}

/** /proc/stat counts in USER_HZ ticks of 10 ms. */
export const PROC_STAT_STEP_MS = 10
/** The root cgroup v2 usage is summed from the scheduler tick's accounting: 4 ms steps at HZ=250. */
const CGROUP_V2_STEP_MS = 4
const STEPS_PER_WINDOW = 100

export interface BusyCounterProbe {
  readonly procRoot: string
  readonly layout: CgroupLayout
  /** Monotonic milliseconds; the tests pass a clock of their own. */
  readonly nowMs?: () => number
  /** Called right before a nanosecond counter is read, returning what it read; see {@link cgroupV1Cpuacct}. */
  readonly chargeRunningThread?: () => ProcessCpuReading | undefined
  /** The CPUs, where the caller has counted them from a /proc/stat reading of its own. */
  readonly cpuCount?: number
}

/** Online CPUs: the `cpuN` lines after the aggregate line of /proc/stat. */
export const countCpus = (bytes: Buffer): number => {
  const cursor = new ByteCursor(bytes, '/proc/stat')
  let count = 0
  while (cursor.nextLine()) {
    if (!cursor.atLineStart('cpu')) break
    count++
  }
  if (count === 0) throw new Error('/proc/stat lists no CPUs')
  return count
}

/** The first number of the line that starts with `label` (a label such as `usage_usec `). */
export const numberAfterLabel = (bytes: Buffer, label: string, what: string): number => {
  const cursor = new ByteCursor(bytes, what)
  if (!cursor.seekLineStartingWith(label)) throw new Error(`${what} has no ${label.trim()} line`)
  return cursor.number()
}

const wallTimes = (busyMs: number, nowMs: number, cpuCount: number): CpuTimes => ({
  busyMs,
  totalMs: nowMs * cpuCount,
})

/**
 * Root cgroup v1 `cpuacct.usage`: nanoseconds every task of the machine ran. The kernel brings a running
 * thread's count up to date only at a tick or a context switch, so it lags the calling thread by up to a
 * tick (4 ms); `process.cpuUsage()` (getrusage) charges the calling thread first, so it is called right
 * before the read, and what it returns, the process's CPU time, goes with the reading: a caller that needs
 * it (the middleware's advice fields) need not make another getrusage call, about 1.3 µs. Total time is
 * wall time times CPUs.
 */
const cgroupV1Cpuacct = (
  file: string,
  cpuCount: number,
  nowMs: () => number,
  charge: () => ProcessCpuReading | undefined,
): BusyCounter => {
  const usage = new ProcFile(file, 64)
  return {
    name: 'cgroup-v1-cpuacct',
    resolutionMs: 1 / NS_PER_MS,
    minWindowMs: 0,
    cpuCount,
    readsProcStat: false,
    read: () => {
      const processCpu = charge()
      const bytes = usage.read()
      const now = nowMs()
      const times = wallTimes(new ByteCursor(bytes, file).number() / NS_PER_MS, now, cpuCount)
      return processCpu ? { ...times, processCpu } : times
    },
    close: () => usage.close(),
  }
}

/** Root cgroup v2 `cpu.stat` `usage_usec`: microseconds, but summed from tick accounting. */
const cgroupV2CpuStat = (file: string, cpuCount: number, nowMs: () => number): BusyCounter => {
  const stat = new ProcFile(file, 256)
  return {
    name: 'cgroup-v2-cpu-stat',
    resolutionMs: CGROUP_V2_STEP_MS,
    minWindowMs: CGROUP_V2_STEP_MS * STEPS_PER_WINDOW,
    cpuCount,
    readsProcStat: false,
    read: () => {
      const bytes = stat.read()
      const now = nowMs()
      return wallTimes(numberAfterLabel(bytes, 'usage_usec ', file) / US_PER_MS, now, cpuCount)
    },
    close: () => stat.close(),
  }
}

/** The aggregate line of /proc/stat: busy and total ticks, every kernel has it. */
const procStat = (file: ProcFile, cpuCount: number): BusyCounter => ({
  name: 'proc-stat',
  resolutionMs: PROC_STAT_STEP_MS,
  minWindowMs: PROC_STAT_STEP_MS * STEPS_PER_WINDOW,
  cpuCount,
  readsProcStat: true,
  read: (stat) => stat ?? parseProcStat(file.read()),
  // The caller owns /proc/stat: the steal reading shares it.
  close: () => {},
})

/**
 * Picks, once, the most precise machine-wide CPU counter this kernel offers: root cgroup v1
 * `cpuacct.usage` (ns), root cgroup v2 `cpu.stat` (4 ms steps), else /proc/stat (10 ms ticks). A candidate
 * counts only if it can be read and parsed now; it is never assumed from the kernel version or platform.
 * `statFile` is /proc/stat, kept open by the caller; the CPUs are counted from it unless the caller did.
 */
export const probeBusyCounter = (statFile: ProcFile, probe: BusyCounterProbe): BusyCounter => {
  const nowMs = probe.nowMs ?? (() => performance.now())
  const charge = probe.chargeRunningThread ?? readProcessCpu
  const cpuCount = probe.cpuCount ?? countCpus(statFile.read())
  const candidates: Array<() => BusyCounter | undefined> = [
    () => {
      const root = rootGroupDirectory(probe.layout, 1, 'cpuacct')
      const file = root && path.join(root, 'cpuacct.usage')
      return file && exists(file) ? cgroupV1Cpuacct(file, cpuCount, nowMs, charge) : undefined
    },
    () => {
      const root = rootGroupDirectory(probe.layout, 2)
      const file = root && path.join(root, 'cpu.stat')
      return file && exists(file) ? cgroupV2CpuStat(file, cpuCount, nowMs) : undefined
    },
  ]
  for (const candidate of candidates) {
    const source = candidate()
    if (!source) continue
    try {
      source.read()
      return source
    } catch {
      // Unreadable or garbled now: the next candidate.
    } finally {
      // Opened again at the first reading, so a file gone by then is a read problem, not a stale figure.
      source.close()
    }
  }
  return procStat(statFile, cpuCount)
}
