import fs, { readlinkSync, realpathSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { createCollectorOnClock } from './collector.js'
import { cpuWindowsMs } from './figures.js'
import { measure } from './measure.js'
import type { MetricGroup } from './metrics.js'
import { sharedDescriptorCount } from './procfs/shared-descriptors.js'
import { copyOfRoot, copyOfTree } from './test-support/proc-trees.js'
import { TestClock } from './test-support/test-clock.js'
import type { ReadProblem } from './types.js'

/**
 * What a collector reads again and what it reuses, on a clock the test moves: /proc/stat within one 10 ms
 * tick, /proc/loadavg within 1 s, /proc/uptime within 1 s (moved on by the clock); the cgroup counters at
 * every sample.
 */
const collectorOn = (procRoot: string, groups: readonly MetricGroup[]) => {
  const clock = new TestClock()
  const problems: ReadProblem[] = []
  const collector = createCollectorOnClock(
    {
      procRoot,
      source: 'procfs',
      groups,
      diskPath: tmpdir(),
      onReadProblem: (problem) => problems.push(problem),
    },
    clock.read,
  )
  onTestFinished(() => collector.close())
  return { clock, collector, problems }
}

/** A cpu-sources layout (`proc/` and `sys/`), with a writer for its files. */
const layout = (name: string) => {
  const { root, procRoot } = copyOfRoot(`cpu-sources/${name}`)
  return { procRoot, write: (file: string, text: string) => writeFileSync(join(root, file), text) }
}

// The layouts' /proc/stat (`cpu  32066 0 13151 96714 366 0 97 65 0 0`): busy 45,379 ticks of 142,459,
// steal 65. STAT_LATER: 118 user and 2 steal ticks more (busy +120), 80 idle more: +200 ticks = 2,000 ms
// of CPU time, 1,000 ms of wall time on 2 CPUs. STAT_TICK_LATER: one busy and one idle tick after that.
const STAT_LATER = 'cpu  32184 0 13151 96794 366 0 97 67 0 0\ncpu0 0\ncpu1 0\n'
const STAT_TICK_LATER = 'cpu  32185 0 13151 96795 366 0 97 67 0 0\ncpu0 0\ncpu1 0\n'
const BUSY_MS = 453_790
const BUSY_LATER_MS = 454_990
const BUSY_TICK_LATER_MS = 455_000
const CPUACCT = 'sys/fs/cgroup/cpuacct/cpuacct.usage'
const V1_THROTTLED = 'sys/fs/cgroup/cpu/lambda-128/cpu.stat'

/** How many reads of `file` the collector makes from now on (a spy that reads through, not a fake). */
const readsOf = (file: string) => {
  const path = realpathSync(file)
  const spy = vi.spyOn(fs, 'readSync')
  onTestFinished(() => spy.mockRestore())
  return () =>
    spy.mock.calls.filter(([fd]) => typeof fd === 'number' && readlinkSync(`/proc/self/fd/${fd}`) === path)
      .length
}

describe.runIf(process.platform === 'linux')('/proc/stat reads of a short invocation', () => {
  it('a fresh collector reads it once for its probe and first sample, once more only 10 ms later', async () => {
    // Prepare
    const { procRoot } = layout('ticks-only')
    const { clock, collector } = collectorOn(procRoot, ['cpu'])
    const reads = readsOf(join(procRoot, 'stat'))

    // Act: an invocation of 5 ms, then one 10 ms after the first reading.
    await collector.sample('counters')
    const afterFirst = reads()
    clock.advance(5)
    await collector.sample('full')
    const afterInvocation = reads()
    clock.advance(5)
    await collector.sample('counters')

    // Assess
    expect(afterFirst).toBe(1)
    expect(afterInvocation).toBe(1)
    expect(reads()).toBe(2)
  })
})

describe('/proc/stat: a reading younger than one 10 ms tick is reused', () => {
  it.each([
    { elapsedMs: 0, busyMs: BUSY_MS, readAgain: false },
    { elapsedMs: 9.999, busyMs: BUSY_MS, readAgain: false },
    { elapsedMs: 10, busyMs: BUSY_LATER_MS, readAgain: true },
    { elapsedMs: 250, busyMs: BUSY_LATER_MS, readAgain: true },
  ])('$elapsedMs ms later: read again $readAgain', async ({ elapsedMs, busyMs, readAgain }) => {
    // Prepare: ticks only, so busy time and steal both come from /proc/stat.
    const { procRoot, write } = layout('ticks-only')
    const { clock, collector, problems } = collectorOn(procRoot, ['cpu'])
    const first = await collector.sample('counters')
    write('proc/stat', STAT_LATER)
    clock.advance(elapsedMs)

    // Act
    const second = await collector.sample('full')

    // Assess: a reused reading keeps the time it was taken at.
    expect(collector.cpuSources).toEqual({ busy: 'proc-stat', throttle: 'proc-stat-steal' })
    expect(problems).toEqual([])
    expect(second.cpu?.busyMs).toBe(busyMs)
    expect(second.cpu?.takenAtMs).toBe(readAgain ? second.takenAtMs : first.takenAtMs)
    expect(second.cpuThrottle?.takenAtMs).toBe(second.cpu?.takenAtMs)
    expect(second.cpuThrottle?.heldMs).toBe(readAgain ? 670 : 650)
  })

  it('a reused reading ends the trailing window where it was read, so figures and windows agree', async () => {
    // Prepare: a seed, 1 s later an invocation of 5 ms whose end reuses its start's reading.
    const { procRoot, write } = layout('ticks-only')
    const { clock, collector } = collectorOn(procRoot, ['cpu'])
    const seed = await collector.sample('counters')
    clock.advance(1_000)
    write('proc/stat', STAT_LATER)
    const before = await collector.sample('counters')
    clock.advance(5)
    write('proc/stat', STAT_TICK_LATER)

    // Act
    const after = await collector.sample('full')
    clock.advance(5)
    const next = await collector.sample('full')

    // Assess: seed..before reading: 120 busy ticks of 200, 2 steal ticks in 1,000 ms of wall time; the
    // window is 1,000 ms, from the seed to the reading, not to the later sample (1,005 ms).
    expect(after.cpu?.busyMs).toBe(BUSY_LATER_MS)
    const figures = measure(before, after)
    expect(figures.CPUPercent).toBeCloseTo(60, 10)
    expect(figures.CPUThrottledPercent).toBeCloseTo(2, 10)
    expect(cpuWindowsMs(before, after)).toEqual({ CPUPercent: 1_000, CPUThrottledPercent: 1_000 })
    expect(after.takenAtMs - seed.takenAtMs).toBe(1_005)
    // 10 ms after the reading: read again, the window ends at the new one.
    expect(next.cpu?.busyMs).toBe(BUSY_TICK_LATER_MS)
    expect(cpuWindowsMs(before, next)).toEqual({ CPUPercent: 1_010, CPUThrottledPercent: 1_010 })
  })

  it('steal is reused, cpuacct.usage (nanoseconds, not ticks) is read at every sample', async () => {
    // Prepare
    const { procRoot, write } = layout('v1-no-quota')
    const { clock, collector } = collectorOn(procRoot, ['cpu'])
    write(CPUACCT, '427222627144\n')
    const before = await collector.sample('counters')
    write(CPUACCT, '427226627144\n')
    write('proc/stat', STAT_LATER)
    clock.advance(5)

    // Act
    const after = await collector.sample('full')

    // Assess: 4 ms more busy time; steal still the first reading's.
    expect(collector.cpuSources).toEqual({ busy: 'cgroup-v1-cpuacct', throttle: 'proc-stat-steal' })
    expect((after.cpu?.busyMs ?? 0) - (before.cpu?.busyMs ?? 0)).toBeCloseTo(4, 9)
    expect(after.cpu?.takenAtMs).toBe(after.takenAtMs)
    expect(after.cpuThrottle).toEqual(before.cpuThrottle)
  })

  it('a quota group throttled_time and cpuacct.usage are read at every sample, at the same clock time', async () => {
    // Prepare
    const { procRoot, write } = layout('v1-quota')
    const { collector } = collectorOn(procRoot, ['cpu'])
    write(V1_THROTTLED, 'nr_periods 53\nnr_throttled 52\nthrottled_time 886004798\n')
    const before = await collector.sample('counters')
    write(CPUACCT, '427226627144\n')
    write(V1_THROTTLED, 'nr_periods 54\nnr_throttled 53\nthrottled_time 901004798\n')

    // Act
    const after = await collector.sample('full')

    // Assess
    expect(collector.cpuSources).toEqual({ busy: 'cgroup-v1-cpuacct', throttle: 'cgroup-v1-throttled-time' })
    expect(after.cpu?.busyMs).not.toBe(before.cpu?.busyMs)
    expect((after.cpuThrottle?.heldMs ?? 0) - (before.cpuThrottle?.heldMs ?? 0)).toBeCloseTo(15, 9)
  })

  it('a failed reading is never reused: the next sample reads again, even within the tick', async () => {
    // Prepare: a good reading, then a garbled file 10 ms later.
    const { procRoot, write } = layout('ticks-only')
    const { clock, collector, problems } = collectorOn(procRoot, ['cpu'])
    await collector.sample('counters')
    write('proc/stat', 'cpu  garbled\n')
    clock.advance(10)
    const failed = await collector.sample('full')
    write('proc/stat', STAT_LATER)
    clock.advance(1)

    // Act
    const recovered = await collector.sample('counters')

    // Assess
    expect(failed.cpu).toBeUndefined()
    expect(problems.map((problem) => problem.reader)).toEqual(['cpu'])
    expect(recovered.cpu?.busyMs).toBe(BUSY_LATER_MS)
    expect(recovered.cpu?.takenAtMs).toBe(recovered.takenAtMs)
  })

  it('close() forgets the reading: the next sample opens /proc/stat again and reads it', async () => {
    // Prepare
    const { procRoot, write } = layout('ticks-only')
    const { collector } = collectorOn(procRoot, ['cpu'])
    const atStart = sharedDescriptorCount()
    await collector.sample('counters')
    collector.close()
    const closed = sharedDescriptorCount()
    write('proc/stat', STAT_LATER)

    // Act: at the same clock time.
    const after = await collector.sample('full')

    // Assess
    expect(closed).toEqual(atStart)
    expect(sharedDescriptorCount().open).toBe(atStart.open + 1)
    expect(after.cpu?.busyMs).toBe(BUSY_LATER_MS)
  })
})

describe('close() forgets the kept gauges too', () => {
  it('the next sample opens /proc/loadavg and /proc/uptime again and reads them, at the same clock time', async () => {
    // Prepare
    const procRoot = copyOfTree('proc-linux')
    const { collector } = collectorOn(procRoot, ['load', 'host'])
    const atStart = sharedDescriptorCount()
    await collector.sample('full')
    collector.close()
    const closed = sharedDescriptorCount()
    writeFileSync(join(procRoot, 'loadavg'), '1.50 0.50 0.10 2/120 23000\n')
    writeFileSync(join(procRoot, 'uptime'), '400.00 700.00\n')

    // Act
    const after = await collector.sample('full')

    // Assess
    expect(closed).toEqual(atStart)
    expect(sharedDescriptorCount().open).toBe(atStart.open + 2)
    expect(after.load?.load1).toBe(1.5)
    expect(after.uptimeMs).toBe(400_000)
  })
})

describe('/proc/loadavg: reused for up to 1 s (the kernel recomputes it every 5 s)', () => {
  it.each([
    { elapsedMs: 0, load1: 0.56 },
    { elapsedMs: 999.999, load1: 0.56 },
    { elapsedMs: 1_000, load1: 1.5 },
    { elapsedMs: 5_000, load1: 1.5 },
  ])('$elapsedMs ms later: Load1 $load1', async ({ elapsedMs, load1 }) => {
    // Prepare
    const procRoot = copyOfTree('proc-linux')
    const { clock, collector, problems } = collectorOn(procRoot, ['load'])
    await collector.sample('full')
    writeFileSync(join(procRoot, 'loadavg'), '1.50 0.50 0.10 2/120 23000\n')
    clock.advance(elapsedMs)

    // Act
    const later = await collector.sample('full')

    // Assess
    expect(problems).toEqual([])
    expect(later.load?.load1).toBe(load1)
  })
})

describe('/proc/uptime: read at most once a second, moved on by the clock in between', () => {
  it.each([
    { elapsedMs: 0, uptimeMs: 377_230 },
    { elapsedMs: 400.4, uptimeMs: 377_630 },
    { elapsedMs: 999.6, uptimeMs: 378_230 },
    { elapsedMs: 1_000, uptimeMs: 400_000 },
  ])('$elapsedMs ms later: Uptime $uptimeMs', async ({ elapsedMs, uptimeMs }) => {
    // Prepare: the fixture root's uptime (377.23 s), then a file that says 400 s.
    const procRoot = copyOfTree('proc-linux')
    const { clock, collector, problems } = collectorOn(procRoot, ['host'])
    const first = await collector.sample('full')
    writeFileSync(join(procRoot, 'uptime'), '400.00 700.00\n')
    clock.advance(elapsedMs)

    // Act
    const later = await collector.sample('full')

    // Assess
    expect(problems).toEqual([])
    expect(first.uptimeMs).toBe(377_230)
    expect(later.uptimeMs).toBe(uptimeMs)
  })
})

describe('a failed reading of a kept file is never reused', () => {
  it.each([
    {
      file: 'loadavg',
      group: 'load',
      reader: 'load',
      reading: 'load',
      repaired: '1.50 0.50 0.10 2/120 23000\n',
      figure: { load1: 1.5, load5: 0.5, load15: 0.1 },
    },
    {
      file: 'uptime',
      group: 'host',
      reader: 'uptime',
      reading: 'uptimeMs',
      repaired: '400.00 700.00\n',
      figure: 400_000,
    },
  ] as const)(
    '$file: absent while garbled, read again at the next sample',
    async ({ file, group, reader, reading, repaired, figure }) => {
      // Prepare: a good reading, a garbled file once it is due again, the file repaired 1 ms later.
      const procRoot = copyOfTree('proc-linux')
      const { clock, collector, problems } = collectorOn(procRoot, [group])
      await collector.sample('full')
      writeFileSync(join(procRoot, file), 'garbled\n')
      clock.advance(1_000)
      const failed = await collector.sample('full')
      writeFileSync(join(procRoot, file), repaired)
      clock.advance(1)

      // Act
      const recovered = await collector.sample('full')

      // Assess
      expect(failed[reading]).toBeUndefined()
      expect(problems.map((problem) => problem.reader)).toEqual([reader])
      expect(recovered[reading]).toEqual(figure)
    },
  )
})

describe('/proc/net/dev: an interval start reuses an end reading younger than 1 ms, an end never reuses', () => {
  // The fixture's file with vinternal_1 having sent `extraBytes` more; written, never read, by the test, so
  // the spy on readSync counts the collector's reads only.
  const sender = (procRoot: string) => {
    const file = join(procRoot, 'net', 'dev')
    const text = fs.readFileSync(file, 'latin1')
    let extraBytes = 0
    return (bytes: number) => {
      extraBytes += bytes
      const sent = (head: string, count: string) => `${head}${Number(count) + extraBytes}`
      writeFileSync(
        file,
        text.replace(/(vinternal_1:(?:\s+\d+){8}\s+)(\d+)/, (_, head, count) => sent(head, count)),
      )
    }
  }

  it.each([
    { gapMs: 0.5, reused: true },
    { gapMs: 1, reused: false },
    { gapMs: 30, reused: false },
  ])('a start $gapMs ms after the last end reading: reused $reused', async ({ gapMs, reused }) => {
    // Prepare: an invocation's end reading, then 1,000 bytes sent in the gap before the next one's start.
    const procRoot = copyOfTree('proc-lambda')
    const send = sender(procRoot)
    const { clock, collector, problems } = collectorOn(procRoot, ['network'])
    const end = await collector.sample('full')
    const reads = readsOf(join(procRoot, 'net', 'dev'))
    send(1_000)
    clock.advance(gapMs)

    // Act: the next invocation's start, 500 bytes sent during it, and its end.
    const start = await collector.sample('counters')
    send(500)
    clock.advance(2)
    const nextEnd = await collector.sample('full')

    // Assess: the gap's bytes count to the later invocation or are outside both; the end is always read.
    expect(problems).toEqual([])
    expect(reads()).toBe(reused ? 1 : 2)
    expect(measure(start, nextEnd).NetBytesSent).toBe(reused ? 1_500 : 500)
    expect(measure(end, nextEnd).NetBytesSent).toBe(1_500)
  })

  it('a start never reuses a start, and an end reads again however young the last reading', async () => {
    // Prepare
    const procRoot = copyOfTree('proc-lambda')
    const send = sender(procRoot)
    const { clock, collector } = collectorOn(procRoot, ['network'])
    const first = await collector.sample('counters')
    const reads = readsOf(join(procRoot, 'net', 'dev'))
    send(700)
    clock.advance(0.1)

    // Act
    const second = await collector.sample('counters')
    const end = await collector.sample('full')

    // Assess: the second start reused the first (young), the end read the file.
    expect(reads()).toBe(1)
    expect(measure(first, end).NetBytesSent).toBe(700)
    expect(measure(second, end).NetBytesSent).toBe(700)
  })
})
