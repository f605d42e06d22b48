import { path } from '../builtins.js'
import { ProcFile } from '../procfs/proc-file.js'
import { type ProcStatTimes, parseProcStat, readCpuFromOs } from '../readers/cpu.js'
import type { Reader } from '../sources/reader.js'
import type { CpuSources, CpuTimes, HeldTimes, TrailingWindowOf } from '../types.js'
import { type BusyCounter, probeBusyCounter } from './busy-counter.js'
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

/** A reading with its trailing window, where the counter is coarse enough to need one. */
const windowed = <Counters>(
  counters: Counters,
  minWindow: number,
  window: TrailingWindow<Counters> | undefined,
  takenAtMs: number,
): Counters & TrailingWindowOf<Counters> => {
  const start = window?.startFor({ reading: counters, takenAtMs })
  return start
    ? { ...counters, minWindow, windowStart: { ...start.reading, takenAtMs: start.takenAtMs } }
    : { ...counters, minWindow }
}

/**
 * The collector's CPU counters and their trailing windows, owned by the collector so they survive
 * `close()` (the descriptors open again at the next reading). The machine-wide busy counter and the
 * held-back-time counter are probed once, at the first sample that reads CPU, and never switched: a
 * reading from another counter would make nonsense of the difference with the previous one. When both use
 * /proc/stat, one read serves both.
 */
export class CpuCounters {
  readonly #procRoot: string
  readonly #stat: ProcFile
  #probed: Probed | undefined
  #portableWindow: TrailingWindow<CpuTimes> | undefined

  constructor(procRoot: string) {
    this.#procRoot = procRoot
    this.#stat = new ProcFile(path.join(procRoot, 'stat'), 512)
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
        const { busy, throttle, busyWindow, heldWindow } = this.#probe()
        let stat: ProcStatTimes | undefined
        const procStat = () => {
          stat ??= parseProcStat(this.#stat.read())
          return stat
        }
        const times = busy.read(busy.readsProcStat ? procStat() : undefined)
        sample.cpu = windowed(
          { busyMs: times.busyMs, totalMs: times.totalMs },
          busy.minWindowMs,
          busyWindow,
          sample.takenAtMs,
        )
        const held = throttle.read(throttle.readsProcStat ? procStat() : undefined)
        sample.cpuThrottle = windowed(held, throttle.minWindowMs, heldWindow, sample.takenAtMs)
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

  close(): void {
    this.#stat.close()
    this.#probed?.busy.close()
    this.#probed?.throttle.close()
  }

  #probe(): Probed {
    if (this.#probed) return this.#probed
    const layout = readCgroupLayout(this.#procRoot)
    const busy = probeBusyCounter(this.#stat, { procRoot: this.#procRoot, layout })
    const throttle = probeThrottleCounter(this.#stat, { layout, cpuCount: busy.cpuCount })
    this.#probed = {
      busy,
      throttle,
      busyWindow: windowFor(busy.minWindowMs, totalMsOf),
      heldWindow: windowFor(throttle.minWindowMs, wallMsOf),
    }
    return this.#probed
  }
}
