import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createCollector } from './collector.js'
import { cpuWindowsMs } from './figures.js'
import { measure } from './measure.js'
import { copyOfRoot } from './test-support/proc-trees.js'
import type { ReadProblem } from './types.js'

/**
 * A collector over a copy of a test/fixtures/cpu-sources layout, reading only the `cpu` group, with the
 * read problems it reports. The cgroup counters are set by the test between samples.
 */
const collectorOn = (layout: string) => {
  const { root, procRoot } = copyOfRoot(`cpu-sources/${layout}`)
  const problems: ReadProblem[] = []
  const collector = createCollector({
    procRoot,
    source: 'procfs',
    groups: ['cpu'],
    diskPath: tmpdir(),
    onReadProblem: (problem) => problems.push(problem),
  })
  onTestFinished(() => collector.close())
  const write = (file: string, text: string) => writeFileSync(join(root, file), text)
  return { root, procRoot, collector, problems, write }
}

const CPUACCT = 'sys/fs/cgroup/cpuacct/cpuacct.usage'
const V1_THROTTLED = 'sys/fs/cgroup/cpu/lambda-128/cpu.stat'
const V2_ROOT_STAT = 'sys/fs/cgroup/cpu.stat'
const V2_OWN_STAT = 'sys/fs/cgroup/system.slice/function.service/cpu.stat'

describe('the CPU counters a collector picks, layout by layout', () => {
  it.each([
    { layout: 'v1-quota', busy: 'cgroup-v1-cpuacct', throttle: 'cgroup-v1-throttled-time' },
    { layout: 'v1-no-quota', busy: 'cgroup-v1-cpuacct', throttle: 'proc-stat-steal' },
    { layout: 'v2-quota', busy: 'cgroup-v2-cpu-stat', throttle: 'cgroup-v2-throttled-usec' },
    { layout: 'v2-container', busy: 'proc-stat', throttle: 'proc-stat-steal' },
    { layout: 'v1-container', busy: 'proc-stat', throttle: 'cgroup-v1-throttled-time' },
    { layout: 'ticks-only', busy: 'proc-stat', throttle: 'proc-stat-steal' },
  ])(
    '$layout: busy $busy, held back $throttle, said after the first sample',
    async ({ layout, busy, throttle }) => {
      // Prepare
      const { collector, problems } = collectorOn(layout)
      const before = collector.cpuSources

      // Act
      await collector.sample('counters')

      // Assess
      expect(before).toBeUndefined()
      expect(collector.cpuSources).toEqual({ busy, throttle })
      expect(problems).toEqual([])
    },
  )
})

describe('cgroup counters give the first invocation its own figures', () => {
  it('v1: cpuacct.usage and the quota group throttled_time, over the interval itself', async () => {
    // Prepare
    const { collector, problems, write } = collectorOn('v1-quota')
    write(CPUACCT, '427222627144\n')
    write(V1_THROTTLED, 'nr_periods 53\nnr_throttled 52\nthrottled_time 886004798\n')
    const before = await collector.sample('counters')
    write(CPUACCT, '427226627144\n')
    write(V1_THROTTLED, 'nr_periods 54\nnr_throttled 53\nthrottled_time 901004798\n')

    // Act
    const after = await collector.sample('full')
    const figures = measure(before, after)

    // Assess: 4 ms busy and 15 ms held back, against the real time between the readings.
    expect(problems).toEqual([])
    expect((after.cpu?.busyMs ?? 0) - (before.cpu?.busyMs ?? 0)).toBeCloseTo(4, 9)
    expect((after.cpuThrottle?.heldMs ?? 0) - (before.cpuThrottle?.heldMs ?? 0)).toBeCloseTo(15, 9)
    // Each counter is read against the clock right after it, so each has its own wall time.
    const totalMs = (after.cpu?.totalMs ?? 0) - (before.cpu?.totalMs ?? 0)
    const wallMs = (after.cpuThrottle?.wallMs ?? 0) - (before.cpuThrottle?.wallMs ?? 0)
    expect(figures.CPUPercent).toBeCloseTo(Math.min(100, (100 * 4) / totalMs), 6)
    expect(figures.CPUThrottledPercent).toBeCloseTo(Math.min(100, (100 * 15) / wallMs), 6)
    expect(cpuWindowsMs(before, after)).toEqual({})
  })

  it('v2: the root cpu.stat usage_usec and the own group throttled_usec', async () => {
    // Prepare
    const { collector, problems, write } = collectorOn('v2-quota')
    write(V2_ROOT_STAT, 'usage_usec 420663027\n')
    write(V2_OWN_STAT, 'usage_usec 1\nthrottled_usec 3390221\n')
    const before = await collector.sample('counters')
    write(V2_ROOT_STAT, 'usage_usec 421863027\n')
    write(V2_OWN_STAT, 'usage_usec 1\nthrottled_usec 3399221\n')

    // Act
    const after = await collector.sample('full')

    // Assess: 1,200 ms busy, 9 ms held back.
    expect(problems).toEqual([])
    expect((after.cpu?.busyMs ?? 0) - (before.cpu?.busyMs ?? 0)).toBeCloseTo(1_200, 9)
    expect((after.cpuThrottle?.heldMs ?? 0) - (before.cpuThrottle?.heldMs ?? 0)).toBeCloseTo(9, 9)
    expect(measure(before, after).CPUThrottledPercent).toBeDefined()
  })
})

describe('counters that go backwards, files that vanish after the probe', () => {
  it.each([
    { counter: 'cpuacct.usage', file: CPUACCT, high: '427226627144\n', low: '1000\n', lost: 'CPUPercent' },
    {
      counter: 'throttled_time',
      file: V1_THROTTLED,
      high: 'throttled_time 901004798\n',
      low: 'throttled_time 5\n',
      lost: 'CPUThrottledPercent',
    },
  ])(
    '$counter going backwards costs only $lost, with no problem reported',
    async ({ file, high, low, lost }) => {
      // Prepare: a reset counter (a restored snapshot, a cgroup made again).
      const { collector, problems, write } = collectorOn('v1-quota')
      write(file, high)
      const before = await collector.sample('counters')
      write(file, low)

      // Act
      const figures = measure(before, await collector.sample('full'))

      // Assess
      expect(figures).not.toHaveProperty(lost)
      expect(Object.keys(figures).filter((name) => name.startsWith('CPU'))).toHaveLength(1)
      expect(problems).toEqual([])
    },
  )

  it('keeps the process CPU time that charging the thread for cpuacct.usage read, so nobody reads it twice', async () => {
    // Prepare
    const { collector, problems } = collectorOn('v1-quota')

    // Act
    const before = await collector.sample('counters')
    const after = await collector.sample('full')

    // Assess
    expect(collector.cpuSources?.busy).toBe('cgroup-v1-cpuacct')
    expect(before.processCpu?.userMicros).toBeGreaterThan(0)
    expect(after.processCpu?.userMicros).toBeGreaterThanOrEqual(before.processCpu?.userMicros ?? Infinity)
    expect(measure(before, after).ProcessCPUTime).toBeGreaterThanOrEqual(0)
    expect(problems).toEqual([])
  })

  it('a counter file emptied after the probe costs the CPU figures of that sample, reported by the cpu reader', async () => {
    // Prepare: a removed cgroup reads as an error on the descriptor kept open; emptied is the closest a
    // fixture file comes.
    const { collector, problems, write } = collectorOn('v1-quota')
    await collector.sample('counters')
    write(CPUACCT, '')

    // Act
    const after = await collector.sample('full')

    // Assess
    expect(after.cpu).toBeUndefined()
    expect(problems.map((problem) => problem.reader)).toEqual(['cpu'])
  })

  it('a counter file gone when the collector opens it again (after close) is a read problem, not a stale figure', async () => {
    // Prepare
    const { root, collector, problems } = collectorOn('v1-quota')
    await collector.sample('counters')
    collector.close()
    rmSync(join(root, CPUACCT))

    // Act
    const after = await collector.sample('full')

    // Assess: the probe is not run again; the counter it picked is simply missing.
    expect(collector.cpuSources?.busy).toBe('cgroup-v1-cpuacct')
    expect(after.cpu).toBeUndefined()
    expect(problems).toHaveLength(1)
    expect(problems[0]?.error).toHaveProperty('code', 'ENOENT')
  })

  it('a throttling counter gone after the probe costs only CPUThrottledPercent: busy time is read first', async () => {
    // Prepare
    const { root, collector, problems } = collectorOn('v1-quota')
    const before = await collector.sample('counters')
    collector.close()
    rmSync(join(root, V1_THROTTLED))

    // Act
    const after = await collector.sample('full')

    // Assess
    expect(after.cpu).toBeDefined()
    expect(after.cpuThrottle).toBeUndefined()
    expect(measure(before, after)).toHaveProperty('CPUPercent')
    expect(problems.map((problem) => problem.reader)).toEqual(['cpu'])
  })
})
