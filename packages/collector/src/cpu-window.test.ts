import { describe, expect, it } from 'vitest'
import { CpuWindow } from './cpu-window.js'
import { cpuBusyPercent, MIN_CPU_WINDOW_MS } from './figures.js'
import type { CpuTimes } from './types.js'

const SINCE_BOOT: CpuTimes = { busyMs: 0, totalMs: 0 }

describe('CpuWindow anchors', () => {
  // Readings of /proc/stat in milliseconds (10 ms ticks), as the collector takes them one after another.
  const r1 = { busyMs: 68_130, totalMs: 1_907_270 }
  const r2 = { busyMs: 68_140, totalMs: 1_907_300 } // r1 + 30 ms
  const r3 = { busyMs: 68_730, totalMs: 1_908_270 } // r1 + 1,000 ms: a full window past r1
  const r4 = { busyMs: 68_800, totalMs: 1_908_570 } // r3 + 300 ms
  const r5 = { busyMs: 69_000, totalMs: 1_908_970 } // r3 + 700 ms
  const r6 = { busyMs: 69_330, totalMs: 1_909_270 } // r3 + 1,000 ms
  const r7 = { busyMs: 69_340, totalMs: 1_909_300 } // r6 + 30 ms
  const restored = { busyMs: 30_000, totalMs: 1_000_000 } // counters went backwards: a restored snapshot
  const r9 = { busyMs: 30_010, totalMs: 1_000_030 } // restored + 30 ms

  it('serves "since boot" until one full window has passed, then the newest reading a window back', () => {
    // Prepare
    const window = new CpuWindow()

    // Act
    const baselines = [r1, r2, r3, r4, r5, r6, r7, restored, r9].map((reading) => window.baselineFor(reading))

    // Assess
    expect(baselines).toEqual([
      SINCE_BOOT, // first reading: nothing earlier but boot
      SINCE_BOOT, // r2 is 30 ms past r1: r1 is too recent, boot is the newest reading a window back
      r1, // r3 is a full window past r1: r1 becomes the older anchor, r3 the newer
      r1, // r4 - r1 = 1,300 ms
      r1, // r5 - r1 = 1,700 ms: r5 is still less than a window past r3
      r3, // r6 - r3 = 1,000 ms: the anchors move forward to r3 and r6
      r3, // r7 - r3 = 1,030 ms
      SINCE_BOOT, // restored < r6: start again from the restored reading
      SINCE_BOOT, // r9 is 30 ms past the restored reading
    ])
  })

  it('always serves a window of at least MIN_CPU_WINDOW_MS and at most about two', () => {
    // Prepare: an execution environment whose invocations use 7 to 370 ms of CPU time each.
    const window = new CpuWindow()
    const first = { busyMs: 500_000, totalMs: 2_000_000 }
    window.baselineFor(first)
    let reading = first
    const spans: number[] = []

    // Act
    for (let step = 1; step <= 200; step++) {
      const elapsedMs = 7 + ((step * 37) % 370)
      reading = { busyMs: reading.busyMs + Math.floor(elapsedMs / 4), totalMs: reading.totalMs + elapsedMs }
      const baseline = window.baselineFor(reading)
      if (baseline.totalMs !== 0) spans.push(reading.totalMs - baseline.totalMs)
    }

    // Assess
    expect(spans.length).toBeGreaterThan(190)
    expect(Math.min(...spans)).toBeGreaterThanOrEqual(MIN_CPU_WINDOW_MS)
    expect(Math.max(...spans)).toBeLessThan(2 * MIN_CPU_WINDOW_MS + 370)
  })

  it('gives each collector its own window', () => {
    // Prepare
    const busy = new CpuWindow()
    const fresh = new CpuWindow()
    busy.baselineFor(r1)
    busy.baselineFor(r3)

    // Act
    const baselines = [busy.baselineFor(r4), fresh.baselineFor(r4)]

    // Assess
    expect(baselines).toEqual([r1, SINCE_BOOT])
  })

  it('turns a 30 ms invocation into the busy share of the trailing window', () => {
    // Prepare: r6 -> r7 is 10 busy ms of 30; the anchors make it r3 -> r7.
    const window = new CpuWindow()
    for (const reading of [r1, r3, r6]) window.baselineFor(reading)

    // Act
    const percent = cpuBusyPercent(r6, r7, window.baselineFor(r7))

    // Assess: (69,340 - 68,730) / (1,909,300 - 1,908,270) = 610 / 1,030 = 59.22 %
    expect(percent).toBeCloseTo((100 * 610) / 1_030, 10)
  })
})
