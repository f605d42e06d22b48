import { path } from '../builtins.js'
import { type MonotonicClock, performanceNowMs } from '../clock.js'
import { ProcFile } from '../procfs/proc-file.js'
import { RecentReading } from '../procfs/recent-reading.js'
import { type ProcStatTimes, parseProcStat, readCpuFromOs } from '../readers/cpu.js'
import type { Reader } from '../sources/reader.js'
import type { CpuSources, CpuTimes, HeldTimes, TrailingWindowOf } from '../types.js'
import { type BusyCounter, countCpus, PROC_STAT_STEP_MS, probeBusyCounter } from './busy-counter.js'
import { readCgroupLayout } from './cgroups.js'
import { probeThrottleCounter, type ThrottleCounter } from './throttle-counter.js'
import { TrailingWindow } from './trailing-window.js'

/** os.cpus() times come from the same 10 ms ticks as /proc/stat. */
const OS_CPUS_MIN_WINDOW_MS = 1000

interface Probed {
  readonly busy: BusyCounter
  readonly throttle: ThrottleCounter
  readonly busyWindow: TrailingWindow<CpuTimes> | undefined
  readonly heldWindow: TrailingWindow<HeldTimes> | undefined
}

const windowFor = <Counters>(minWindow: number, spanOf: (counters: Counters) => number) =>
  minWindow > 0 ? new TrailingWindow<Counters>(minWindow, spanOf) : undefined

const totalMsOf = (times: CpuTimes) => times.totalMs
const wallMsOf = (times: HeldTimes) => times.wallMs

/**
 * A reading with the time it was taken (earlier than the sample's for a reused /proc/stat reading) and its
 * trailing window, where the counter is coarse enough to need one.
 */
const windowed = <Counters>(
  counters: Counters,
  minWindow: number,
  window: TrailingWindow<Counters> | undefined,
  takenAtMs: number,
): Counters & TrailingWindowOf<Counters> => {
  const start = window?.startFor({ reading: counters, takenAtMs })
  return start
    ? { ...counters, minWindow, takenAtMs, windowStart: { ...start.reading, takenAtMs: start.takenAtMs } }
    : { ...counters, minWindow, takenAtMs }
}

/**
 * The collector's CPU counters and their trailing windows, owned by the collector so they survive
 * `close()` (the descriptors open again at the next reading). The machine-wide busy counter and the
 * held-back-time counter are probed once, at the first sample that reads CPU, and never switched: a
 * reading from another counter would make nonsense of the difference with the previous one. When both use
 * /proc/stat, one read serves both.
 *
 * /proc/stat counts in 10 ms USER_HZ ticks, so a reading younger than one tick (on the collector's clock)
 * differs from a new one by at most that tick, which the trailing window of at least 100 ticks its figures
 * need absorbs: it is reused, with its own taken-at time, instead of read again (6.6 us a read here). A
 * short invocation then reads /proc/stat once, and back-to-back ones once per 10 ms. The cgroup counters
 * are not tick counters (cpuacct.usage counts nanoseconds, a quota group's throttled time changes within a
 * 20 ms period) and are read at every sample.
 */
export class CpuCounters {
  readonly #procRoot: string
  readonly #nowMs: MonotonicClock
  readonly #stat: ProcFile
  readonly #recentStat: RecentReading<ProcStatTimes>
  #probed: Probed | undefined
  #portableWindow: TrailingWindow<CpuTimes> | undefined

  /** `nowMs` is the collector's clock, the one its samples are stamped with. */
  constructor(procRoot: string, nowMs: MonotonicClock = performanceNowMs) {
    this.#procRoot = procRoot
    this.#nowMs = nowMs
    this.#stat = new ProcFile(path.join(procRoot, 'stat'), 512)
    this.#recentStat = new RecentReading(PROC_STAT_STEP_MS, () => parseProcStat(this.#stat.read()))
  }

  /** What the probe picked; undefined before the first sample that reads CPU. */
  get sources(): CpuSources | undefined {
    if (this.#probed) return { busy: this.#probed.busy.name, throttle: this.#probed.throttle.name }
    return this.#portableWindow ? { busy: 'os-cpus' } : undefined
  }

  /**
   * The procfs reader: machine-wide busy time (`cpu`), then held-back time (`cpuThrottle`), one reader so
   * that a broken /proc/stat is one problem. Busy time is set first, so a broken throttling counter costs
   * only CPUThrottledPercent.
   */
  procfsReader(): Reader {
    return {
      name: 'cpu',
      reading: 'cpu',
      read: (sample) => {
        const { busy, throttle, busyWindow, heldWindow } = this.#probe(sample.takenAtMs)
        const busyStat = busy.readsProcStat ? this.#recentStat.at(sample.takenAtMs) : undefined
        const times = busy.read(busyStat?.reading)
        // Taken to charge the running thread: the `processCpu` reading for free (its own reader, where
        // the `process` group is selected, reads it again later in the sample).
        if (times.processCpu) sample.processCpu = times.processCpu
        sample.cpu = windowed(
          { busyMs: times.busyMs, totalMs: times.totalMs },
          busy.minWindowMs,
          busyWindow,
          busyStat?.takenAtMs ?? sample.takenAtMs,
        )
        // The same reading as busy time's when both come from /proc/stat: one sample's time.
        const heldStat = throttle.readsProcStat ? this.#recentStat.at(sample.takenAtMs) : undefined
        const held = throttle.read(heldStat?.reading)
        sample.cpuThrottle = windowed(
          held,
          throttle.minWindowMs,
          heldWindow,
          heldStat?.takenAtMs ?? sample.takenAtMs,
        )
      },
    }
  }

  /** The portable reader: os.cpus() ticks over a trailing window; no held-back time. */
  portableReader(): Reader {
    return {
      name: 'cpu',
      reading: 'cpu',
      read: (sample) => {
        this.#portableWindow ??= new TrailingWindow(OS_CPUS_MIN_WINDOW_MS, totalMsOf)
        sample.cpu = windowed(readCpuFromOs(), OS_CPUS_MIN_WINDOW_MS, this.#portableWindow, sample.takenAtMs)
      },
    }
  }

  /** Forgets the kept /proc/stat reading too: the sample after `close()` reads (and opens) it again. */
  close(): void {
    this.#recentStat.forget()
    this.#stat.close()
    this.#probed?.busy.close()
    this.#probed?.throttle.close()
  }

  /**
   * The probe counts the CPUs from /proc/stat; that reading, taken at the first sample's time, is kept as
   * the first sample's /proc/stat reading rather than read again a few microseconds later.
   */
  #probe(atMs: number): Probed {
    if (this.#probed) return this.#probed
    const layout = readCgroupLayout(this.#procRoot)
    const bytes = this.#stat.read()
    const cpuCount = countCpus(bytes)
    try {
      this.#recentStat.keep(parseProcStat(bytes), atMs)
    } catch {
      // A garbled aggregate line: the reading that needs it fails at its turn, and is reported there.
    }
    const nowMs = this.#nowMs
    const busy = probeBusyCounter(this.#stat, { procRoot: this.#procRoot, layout, nowMs, cpuCount })
    const throttle = probeThrottleCounter(this.#stat, { layout, cpuCount: busy.cpuCount, nowMs })
    this.#probed = {
      busy,
      throttle,
      busyWindow: windowFor(busy.minWindowMs, totalMsOf),
      heldWindow: windowFor(throttle.minWindowMs, wallMsOf),
    }
    return this.#probed
  }
}
