import {
  closeSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { createCollector, measure } from '../../src/index.js'
import { measureAround, median, tryCommand, within } from './support.js'

const MIB = 1024 * 1024

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

describe('memory figures', () => {
  it('touching a 64 MiB buffer raises ProcessRSS and MemoryUsed by 64 MiB within 10%', async () => {
    // MemoryUsed is machine-wide, so other processes add noise: take the median of seven trials. Garbage is
    // collected before each trial and every buffer stays alive to the end, so V8 freeing an earlier buffer
    // cannot cancel out the allocation inside a window.
    const collector = createCollector({ source: 'procfs', groups: ['memory', 'process'] })
    // Untimed first: the kernel's per-CPU page lists serve the first tens of MiB without MemAvailable
    // moving at all, which would read as no growth.
    const buffers: Buffer[] = [Buffer.alloc(64 * MIB, 9)]
    const rssGrowth: number[] = []
    const usedGrowth: number[] = []
    for (let trial = 0; trial < 7; trial++) {
      collectGarbage()
      const before = await collector.sample()
      buffers.push(Buffer.alloc(64 * MIB, trial + 1))
      const after = await collector.sample()
      rssGrowth.push((after.processMemory?.rssBytes ?? 0) - (before.processMemory?.rssBytes ?? 0))
      usedGrowth.push((after.memory?.usedBytes ?? 0) - (before.memory?.usedBytes ?? 0))
    }
    collector.close()

    expect(buffers.map((buffer) => buffer.at(-1))).toEqual([9, 1, 2, 3, 4, 5, 6, 7])
    expect(within(median(rssGrowth), 64 * MIB, 0.1), `RSS growth ${rssGrowth}`).toBe(true)
    expect(within(median(usedGrowth), 64 * MIB, 0.1), `MemoryUsed growth ${usedGrowth}`).toBe(true)
  })

  it("ProcessMaxRSS is the kernel's high-water mark of the process, never below its RSS", async () => {
    // Prepare: 64 MiB more touched memory, so the peak cannot be below it.
    const collector = createCollector({ source: 'procfs', groups: ['process'] })
    const start = await collector.sample()
    const buffer = Buffer.alloc(64 * MIB, 1)

    // Act
    const end = await collector.sample()
    const hwmKib = Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1])
    const figures = measure(start, end)
    collector.close()

    // Assess
    expect(buffer.at(-1)).toBe(1)
    expect(within(figures.ProcessMaxRSS ?? 0, hwmKib * 1024, 0.01)).toBe(true)
    expect(figures.ProcessMaxRSS).toBeGreaterThanOrEqual(end.processMemory?.rssBytes ?? Number.NaN)
    expect(figures.ProcessMaxRSS).toBeGreaterThanOrEqual(start.processMemory?.maxRssBytes ?? Number.NaN)
  })

  it.each([
    [128, 128 * MIB],
    [1769, 1769 * MIB],
    [10240, 10240 * MIB],
  ])('MemoryUtilization divides by AWS_LAMBDA_FUNCTION_MEMORY_SIZE=%i', async (memoryMb, limitBytes) => {
    const collector = createCollector({ source: 'procfs', groups: ['memory'], memoryLimitMb: memoryMb })
    const sample = await collector.sample()
    collector.close()

    expect(sample.memory?.limitBytes).toBe(limitBytes)
  })
})

describe('disk figures (df semantics: used / (used + available))', () => {
  it('writing 16 MiB into diskPath moves DiskUsedBytes and DiskUsedPercent by that much within 5%', async (context) => {
    // A private 64 MiB tmpfs: nothing else writes to it, so the ground truth is exact. Needs root.
    const mountPoint = mkdtempSync(join(tmpdir(), 'accuracy-tmpfs-'))
    if (!tryCommand('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', mountPoint])) {
      rmSync(mountPoint, { recursive: true, force: true })
      context.skip('cannot mount a tmpfs here (needs root): disk accuracy not checked')
      return
    }
    try {
      mkdirSync(join(mountPoint, 'data'))
      const written = 16 * MIB
      const figures = await measureAround(
        () => {
          const fd = openSync(join(mountPoint, 'data', 'payload'), 'w')
          writeSync(fd, Buffer.alloc(written, 7))
          fsyncSync(fd)
          closeSync(fd)
        },
        { groups: ['disk', 'diskBytes'], diskPath: mountPoint },
      )
      const empty = await measureAround(() => {}, { groups: ['disk'], diskPath: mountPoint })

      expect(within(figures.DiskUsedBytes ?? 0, written, 0.05), `used ${figures.DiskUsedBytes}`).toBe(true)
      expect(within(figures.DiskUsedPercent ?? 0, 25, 0.05), `percent ${figures.DiskUsedPercent}`).toBe(true)
      expect(within((figures.DiskUsedBytes ?? 0) + (figures.DiskFreeBytes ?? 0), 64 * MIB, 0.01)).toBe(true)
      expect(empty.DiskUsedPercent).toBeCloseTo(25, 0)
    } finally {
      tryCommand('umount', [mountPoint])
      rmSync(mountPoint, { recursive: true, force: true })
    }
  })
})
