import { cpSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { createCollector, createCollectorOnClock } from './collector.js'
import { cpuWindowsMs } from './figures.js'
import { measure } from './measure.js'
import { METRICS, type MetricName } from './metrics.js'
import {
  copyOfTree,
  fixture,
  measureTree,
  namesOfGroups,
  overlayTree,
  pick,
} from './test-support/proc-trees.js'
import { TestClock } from './test-support/test-clock.js'
import type { ReaderName, Utilization } from './types.js'

/** Figures read from the proc tree; the others come from statfs and Node APIs, not from fixtures. */
const PROC_FIGURES = namesOfGroups(['cpu', 'host', 'load', 'network', 'memory', 'fileDescriptors', 'threads'])
/**
 * The CPU figures need two different /proc/stat readings (or a trailing window that the first sample only
 * seeds): a tree read twice as it is has none, never a figure "since boot".
 */
const CPU_FIGURES: readonly MetricName[] = ['CPUPercent', 'CPUThrottledPercent']
const ALL_FIGURES = METRICS.map((metric) => metric.name).filter((name) => !CPU_FIGURES.includes(name))

/**
 * test/fixtures/proc-linux: /proc captured from the 2-CPU Linux host these tests were written on.
 *   stat     cpu  5187 0 4491 64841 280 0 66 8 0 0
 *            both samples read the same file: no CPU figures (see CPU_FIGURES)
 *   net/dev  lo (skipped), ifb0 and ifb1 (all zero), eth0: rx 295,762,035 B, tx 501,831 B, no errors
 *   uptime   377.23 s;  loadavg 0.56 0.25 0.09
 *   meminfo  MemTotal 24,684,100 kB - MemAvailable 24,145,336 kB = 538,764 kB = 551,694,336 B,
 *            2.1826 % of MemTotal (no function memory configured)
 *   self     Threads: 7, five entries in fd/, Max open files 20000: 5 / 20,000 = 0.025 %
 */
const LINUX_FIGURES: Utilization = {
  Uptime: 377_230,
  Load1: 0.56,
  Load5: 0.25,
  Load15: 0.09,
  NetBytesSent: 0,
  NetBytesRecv: 0,
  NetErrin: 0,
  NetErrout: 0,
  MemoryUsed: 551_694_336,
  MemoryUtilization: expect.closeTo(2.182_635_786, 8),
  FileDescriptors: 5,
  FileDescriptorUtilization: 0.025,
  Threads: 7,
}

const withoutFigures = (figures: Utilization, lost: readonly MetricName[]): Utilization =>
  Object.fromEntries(Object.entries(figures).filter(([name]) => !lost.includes(name as MetricName)))

describe('a /proc tree captured from a Linux host', () => {
  it('yields the exact figures of the captured files, and every other figure', async () => {
    // Prepare
    vi.stubEnv('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', undefined)

    // Act
    const { after, figures, problems } = await measureTree(fixture('proc-linux'))

    // Assess
    expect(problems).toEqual([])
    expect(pick(figures, PROC_FIGURES)).toEqual(LINUX_FIGURES)
    expect(Object.keys(figures).sort()).toEqual([...ALL_FIGURES].sort())
    expect(after.network).toEqual({ bytesSent: 501_831, bytesRecv: 295_762_035, errorsIn: 0, errorsOut: 0 })
  })
})

/**
 * test/fixtures/proc-lambda: a hand-made tree in the shape of a 1,024 MB Lambda function's /proc (two CPUs,
 * lo, vinternal_1 and vint_runtime); proc-lambda-after-2s and proc-lambda-after-30ms are the files that
 * changed by the end of an invocation.
 */
describe('a Lambda-like /proc tree', () => {
  it('measures a 2 s invocation: CPU over the interval, network without lo, memory against 1,024 MB', async () => {
    // Prepare
    vi.stubEnv('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', '1024')
    const root = copyOfTree('proc-lambda')

    // Act
    const { before, after, figures, problems } = await measureTree(root, {}, () =>
      overlayTree(root, 'proc-lambda-after-2s'),
    )

    // Assess
    // stat:    busy +96 user +18 system +4 softirq +2 steal = 120 ticks; idle +79, iowait +1:
    //          1,200 of 2,000 ms = 60 %, a window long enough to stand on its own. No cgroups in the
    //          tree, so held-back time is steal: 2 ticks = 20 ms of 2,000 ms total / 2 CPUs = 2 %.
    // net/dev: vinternal_1 rx +524,288 tx +65,536 rx errors +1; vint_runtime rx +1,024 tx +2,048;
    //          lo +1,000,000 each way, which must not show.
    // meminfo: 1,274,880 - 1,012,736 = 262,144 kB used = 256 MiB, 25 % of 1,024 MB.
    // self:    Threads 11; 20 descriptors of a 1,024 soft limit = 1.953125 %.
    expect(problems).toEqual([])
    expect(before.network).toEqual({ bytesSent: 329_154, bytesRecv: 1_895_538, errorsIn: 2, errorsOut: 1 })
    expect(pick(figures, PROC_FIGURES)).toEqual({
      CPUPercent: 60,
      CPUThrottledPercent: 2,
      Uptime: 1_845_270,
      Load1: 0.08,
      Load5: 0.03,
      Load15: 0.01,
      NetBytesSent: 67_584,
      NetBytesRecv: 525_312,
      NetErrin: 1,
      NetErrout: 0,
      MemoryUsed: 268_435_456,
      MemoryUtilization: 25,
      FileDescriptors: 20,
      FileDescriptorUtilization: 1.953125,
      Threads: 11,
    })
    expect(after.vcpuEntitlement).toBe(1024 / 1769)
  })

  it('gives a 30 ms first invocation no CPU figures: 3 ticks are too few, and nothing is "since boot"', async () => {
    // Prepare
    const root = copyOfTree('proc-lambda')

    // Act
    const { before, after, figures } = await measureTree(root, {}, () =>
      overlayTree(root, 'proc-lambda-after-30ms'),
    )

    // Assess
    expect(figures).not.toHaveProperty('CPUPercent')
    expect(figures).not.toHaveProperty('CPUThrottledPercent')
    expect(cpuWindowsMs(before, after)).toEqual({})
  })

  it('reads a later short invocation over the trailing window seeded at the first sample, and says so', async () => {
    // Prepare: the first sample seeds the window; 2 s of CPU time later a 30 ms invocation begins.
    const root = copyOfTree('proc-lambda')
    const clock = new TestClock()
    const collector = createCollectorOnClock(
      { procRoot: root, source: 'procfs', diskPath: tmpdir() },
      clock.read,
    )
    onTestFinished(() => collector.close())
    const seed = await collector.sample()
    clock.advance(1_000)
    overlayTree(root, 'proc-lambda-after-2s')
    const before = await collector.sample('counters')
    clock.advance(30)
    writeFileSync(join(root, 'stat'), 'cpu  1617 0 861 96291 13 0 35 6 0 0\ncpu0 0\ncpu1 0\n')

    // Act
    const after = await collector.sample()
    const figures = measure(before, after)

    // Assess
    // seed..after: busy 1520+843+31+4 = 2398 -> 1617+861+35+6 = 2519 ticks (+121); total +121 busy +81
    //   idle +1 iowait = +203 ticks: 121 / 203 = 59.6059 %. Steal 4 -> 6 ticks: 20 ms of 2,030 / 2 CPUs
    //   = 1,015 ms of wall time.
    expect(figures.CPUPercent).toBeCloseTo((100 * 121) / 203, 10)
    expect(figures.CPUThrottledPercent).toBeCloseTo((100 * 20) / 1_015, 10)
    expect(cpuWindowsMs(before, after)).toEqual({ CPUPercent: 1_030, CPUThrottledPercent: 1_030 })
    expect(after.takenAtMs - seed.takenAtMs).toBe(1_030)
  })

  it('caps MemoryUtilization at 100 when the VM uses more than the configured memory', async () => {
    // Act: 256 MiB used against a 128 MB setting.
    const { figures } = await measureTree(fixture('proc-lambda'), { memoryLimitMb: 128 })

    // Assess
    expect(pick(figures, ['MemoryUsed', 'MemoryUtilization'])).toEqual({
      MemoryUsed: 268_435_456,
      MemoryUtilization: 100,
    })
  })
})

type Damage = 'missing' | 'empty' | 'truncated' | 'garbled'

/** Breaks one file of a copied tree the way `damage` says; truncated and garbled files are fixtures. */
const damageFile = (root: string, file: string, damage: Damage): void => {
  const path = join(root, file)
  rmSync(path, { recursive: true, force: true })
  if (damage === 'empty') writeFileSync(path, '')
  if (damage === 'truncated' || damage === 'garbled') cpSync(fixture(`proc-broken/${damage}/${file}`), path)
}

interface BrokenFile {
  readonly file: string
  readonly readers: readonly ReaderName[]
  readonly lost: readonly MetricName[]
  readonly damages: readonly Damage[]
}

const ALL_DAMAGES: readonly Damage[] = ['missing', 'empty', 'truncated', 'garbled']

const BROKEN_FILES: readonly BrokenFile[] = [
  // /proc/stat serves both CPU figures here: busy time and, without a quota cgroup, steal.
  { file: 'stat', readers: ['cpu'], lost: CPU_FIGURES, damages: ALL_DAMAGES },
  {
    file: 'net/dev',
    readers: ['network'],
    lost: ['NetBytesSent', 'NetBytesRecv', 'NetErrin', 'NetErrout'],
    damages: ALL_DAMAGES,
  },
  // A cut /proc/uptime ("377.2") is still a number: only missing, empty and garbled files are detectable.
  { file: 'uptime', readers: ['uptime'], lost: ['Uptime'], damages: ['missing', 'empty', 'garbled'] },
  { file: 'loadavg', readers: ['load'], lost: ['Load1', 'Load5', 'Load15'], damages: ALL_DAMAGES },
  { file: 'meminfo', readers: ['memory'], lost: ['MemoryUsed', 'MemoryUtilization'], damages: ALL_DAMAGES },
  { file: 'self/status', readers: ['threads'], lost: ['Threads'], damages: ALL_DAMAGES },
  // The limit only divides: the descriptor count does not depend on it.
  {
    file: 'self/limits',
    readers: ['fileDescriptors'],
    lost: ['FileDescriptorUtilization'],
    damages: ALL_DAMAGES,
  },
  // A garbled fd is a plain file where the directory belongs.
  {
    file: 'self/fd',
    readers: ['fileDescriptors'],
    lost: ['FileDescriptors', 'FileDescriptorUtilization'],
    damages: ['missing', 'garbled'],
  },
]

describe('a broken /proc file', () => {
  it.each(
    BROKEN_FILES.flatMap((broken) =>
      broken.damages.map((damage) => ({ ...broken, damage, lostNames: broken.lost.join(', ') })),
    ),
  )(
    '$file $damage: loses only $lostNames, reported by the $readers reader',
    async ({ file, damage, readers, lost }) => {
      // Prepare
      vi.stubEnv('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', undefined)
      const root = copyOfTree('proc-linux')
      damageFile(root, file, damage)

      // Act
      const { figures, problems } = await measureTree(root)

      // Assess
      expect(pick(figures, PROC_FIGURES)).toEqual(withoutFigures(LINUX_FIGURES, lost))
      expect(Object.keys(figures).sort()).toEqual(ALL_FIGURES.filter((name) => !lost.includes(name)).sort())
      expect(problems.length).toBeGreaterThan(0)
      for (const problem of problems) {
        expect(readers).toContain(problem.reader)
        expect(problem.error).toBeInstanceOf(Error)
        if (damage === 'missing') expect(problem.error).toHaveProperty('code', 'ENOENT')
      }
    },
  )

  it('costs its figures only while it is broken: the next reading recovers them', async () => {
    // Prepare
    vi.stubEnv('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', undefined)
    const root = copyOfTree('proc-linux')
    damageFile(root, 'loadavg', 'missing')

    // Act: the file comes back between the samples; load is a gauge, read at the end.
    const { before, figures, problems } = await measureTree(root, {}, () =>
      cpSync(fixture('proc-linux/loadavg'), join(root, 'loadavg')),
    )

    // Assess
    expect(before.load).toBeUndefined()
    expect(pick(figures, PROC_FIGURES)).toEqual(LINUX_FIGURES)
    expect(problems.map((problem) => problem.reader)).toEqual(['load'])
  })

  it('does not cost the sample when onReadProblem itself throws', async () => {
    // Prepare
    const root = copyOfTree('proc-linux')
    damageFile(root, 'stat', 'garbled')
    const collector = createCollector({
      procRoot: root,
      source: 'procfs',
      onReadProblem: () => {
        throw new Error('a reporter that fails')
      },
    })

    // Act
    const sample = await collector.sample()
    collector.close()

    // Assess
    expect(sample.cpu).toBeUndefined()
    expect(sample.load).toEqual({ load1: 0.56, load5: 0.25, load15: 0.09 })
  })
})
