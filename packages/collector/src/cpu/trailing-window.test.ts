import { describe, expect, it } from 'vitest'
import { type Timed, TrailingWindow } from './trailing-window.js'

describe('TrailingWindow', () => {
  // Total CPU milliseconds of /proc/stat readings (10 ms ticks), one after another; the minimum is 1,000.
  const at = (totalMs: number, takenAtMs = totalMs / 2): Timed<number> => ({ reading: totalMs, takenAtMs })
  const r1 = at(1_907_270)
  const r2 = at(1_907_300) // r1 + 30 ms
  const r3 = at(1_908_270) // r1 + 1,000 ms: a full window past r1
  const r4 = at(1_908_570) // r3 + 300 ms
  const r5 = at(1_909_270) // r3 + 1,000 ms
  const r6 = at(1_909_300) // r5 + 30 ms
  const restored = at(1_000_000) // counters went backwards: a restored snapshot
  const r8 = at(1_000_030) // restored + 30 ms

  it('has no window until a full span past the first reading, never "since boot"', () => {
    // Prepare
    const window = new TrailingWindow<number>(1_000, (totalMs) => totalMs)

    // Act
    const starts = [r1, r2, r3, r4, r5, r6, restored, r8].map((reading) => window.startFor(reading))

    // Assess
    expect(starts).toEqual([
      undefined, // r1 seeds the window
      undefined, // r2 is 30 ms past the seed: too few ticks
      r1, // r3 is a full window past r1
      r1, // r4 - r1 = 1,300 ms
      r3, // r5 is a full window past r3: the anchors move forward
      r3, // r6 - r3 = 1,030 ms
      undefined, // restored < r6: seeded again
      undefined, // r8 is 30 ms past the new seed
    ])
  })

  it('serves a window between one and two minimum spans (plus one step between readings) long', () => {
    // Prepare
    const window = new TrailingWindow<number>(1_000, (totalMs) => totalMs)
    const spans: number[] = []

    // Act: a reading every 70 ms for 10 s
    for (let totalMs = 0; totalMs <= 10_000; totalMs += 70) {
      const start = window.startFor(at(totalMs))
      if (start) spans.push(totalMs - start.reading)
    }

    // Assess
    expect(Math.min(...spans)).toBeGreaterThanOrEqual(1_000)
    expect(Math.max(...spans)).toBeLessThan(2_000 + 70)
  })
})
