import { MIN_CPU_WINDOW_MS } from './figures.js'
import type { CpuTimes } from './types.js'

const SINCE_BOOT: CpuTimes = { busyMs: 0, totalMs: 0 }

/**
 * Keeps, per collector, the CPU readings needed to give a short interval a defined CPUPercent: the most
 * recent reading at least MIN_CPU_WINDOW_MS of CPU time before the current one. Two anchors suffice: the
 * newer one moves forward once the current reading is a full window past it, so the window served is
 * between one and about two minimum windows long. Before any such reading exists the window is "since boot",
 * which on Lambda is the life of the execution environment.
 */
export class CpuWindow {
  #older: CpuTimes = SINCE_BOOT
  #newer: CpuTimes = SINCE_BOOT

  /** Records `current` and returns the start of the trailing window that ends at it. */
  baselineFor(current: CpuTimes): CpuTimes {
    if (current.totalMs < this.#newer.totalMs) {
      // The counters went backwards (a restored snapshot): start again from this reading.
      this.#older = SINCE_BOOT
      this.#newer = current
      return SINCE_BOOT
    }
    if (current.totalMs - this.#newer.totalMs < MIN_CPU_WINDOW_MS) return this.#older
    const baseline = this.#newer
    this.#older = this.#newer
    this.#newer = current
    return baseline
  }
}
