import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { ProcFile } from '../procfs/proc-file.js'
import { copyOfRoot } from '../test-support/proc-trees.js'
import { type BusyCounter, countCpus, probeBusyCounter } from './busy-counter.js'
import { readCgroupLayout } from './cgroups.js'

/** Probes a copy of a fixture root with a clock the test moves by hand. */
const probeCopy = (name: string) => {
  const { root, procRoot } = copyOfRoot(`cpu-sources/${name}`)
  const stat = new ProcFile(join(procRoot, 'stat'), 512)
  const clock = { nowMs: 1_000, calls: [] as string[] }
  const source = probeBusyCounter(stat, {
    procRoot,
    layout: readCgroupLayout(procRoot),
    nowMs: () => {
      clock.calls.push('clock')
      return clock.nowMs
    },
    chargeRunningThread: () => {
      clock.calls.push('charge')
      return undefined
    },
  })
  onTestFinished(() => {
    source.close()
    stat.close()
  })
  return { root, procRoot, source, clock }
}

const busyPercent = (source: BusyCounter, before: () => void, after: () => void): number => {
  before()
  const start = source.read()
  after()
  const end = source.read()
  return (100 * (end.busyMs - start.busyMs)) / (end.totalMs - start.totalMs)
}

describe('probeBusyCounter picks the most precise machine-wide counter there is', () => {
  it.each([
    // These machines: cgroup v1 and v2 both mounted, the v1 root's cpuacct.usage counts nanoseconds.
    { layout: 'v1-quota', source: 'cgroup-v1-cpuacct', minWindowMs: 0 },
    { layout: 'v1-no-quota', source: 'cgroup-v1-cpuacct', minWindowMs: 0 },
    // cgroup v2 only: the root's cpu.stat, 4 ms steps, so 100 steps make the minimum window.
    { layout: 'v2-quota', source: 'cgroup-v2-cpu-stat', minWindowMs: 400 },
    // A container's own cgroup namespace shows its group as the root: not machine-wide, so /proc/stat.
    { layout: 'v2-container', source: 'proc-stat', minWindowMs: 1_000 },
    // A v1 container mounts only its own group (no cgroup.sane_behavior): /proc/stat.
    { layout: 'v1-container', source: 'proc-stat', minWindowMs: 1_000 },
    // No cgroup files at all: the tick counters.
    { layout: 'ticks-only', source: 'proc-stat', minWindowMs: 1_000 },
  ])('$layout: $source', ({ layout, source, minWindowMs }) => {
    // Act
    const probed = probeCopy(layout).source

    // Assess
    expect({ name: probed.name, minWindowMs: probed.minWindowMs, cpuCount: probed.cpuCount }).toEqual({
      name: source,
      minWindowMs,
      cpuCount: 2,
    })
  })

  it('v1 only (no v2 mount) still reads cpuacct.usage', () => {
    // Prepare
    const { root, procRoot } = copyOfRoot('cpu-sources/v1-no-quota')
    rmSync(join(root, 'sys/fs/cgroup/unified'), { recursive: true })
    const mountinfo = join(procRoot, 'self/mountinfo')
    writeFileSync(mountinfo, '32 31 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n')
    const stat = new ProcFile(join(procRoot, 'stat'), 512)
    onTestFinished(() => stat.close())

    // Act
    const source = probeBusyCounter(stat, { procRoot, layout: readCgroupLayout(procRoot) })

    // Assess
    expect(source.name).toBe('cgroup-v1-cpuacct')
  })

  it.each([
    { damage: 'garbled', write: 'n/a\n' },
    { damage: 'empty', write: '' },
  ])('a $damage cpuacct.usage at the probe falls back to the next counter, v2 cpu.stat', ({ write }) => {
    // Prepare
    const { root, procRoot } = copyOfRoot('cpu-sources/v1-no-quota')
    writeFileSync(join(root, 'sys/fs/cgroup/cpuacct/cpuacct.usage'), write)
    const stat = new ProcFile(join(procRoot, 'stat'), 512)
    onTestFinished(() => stat.close())

    // Act
    const source = probeBusyCounter(stat, { procRoot, layout: readCgroupLayout(procRoot) })

    // Assess
    expect(source.name).toBe('cgroup-v2-cpu-stat')
  })
})

describe('machine-wide CPU readings', () => {
  it('cpuacct.usage: nanoseconds busy against wall time x CPUs, charging the running thread first', () => {
    // Prepare: 4 ms of CPU time over 5 ms of wall time on 2 CPUs = 40 %.
    const { root, source, clock } = probeCopy('v1-no-quota')
    const usage = join(root, 'sys/fs/cgroup/cpuacct/cpuacct.usage')

    // Act
    clock.calls.length = 0
    const percent = busyPercent(
      source,
      () => writeFileSync(usage, '427222627144\n'),
      () => {
        writeFileSync(usage, '427226627144\n')
        clock.nowMs += 5
      },
    )

    // Assess
    expect(percent).toBeCloseTo(40, 9)
    expect(clock.calls).toEqual(['charge', 'clock', 'charge', 'clock'])
  })

  it('root cgroup v2 cpu.stat: usage_usec against wall time x CPUs', () => {
    // Prepare: 1,200 ms of CPU time over 1,000 ms of wall time on 2 CPUs = 60 %.
    const { root, source, clock } = probeCopy('v2-quota')
    const stat = join(root, 'sys/fs/cgroup/cpu.stat')

    // Act
    const percent = busyPercent(
      source,
      () => writeFileSync(stat, 'usage_usec 420663027\nuser_usec 1\n'),
      () => {
        writeFileSync(stat, 'usage_usec 421863027\nuser_usec 1\n')
        clock.nowMs += 1_000
      },
    )

    // Assess
    expect(percent).toBeCloseTo(60, 9)
  })

  it('/proc/stat: busy and total ticks, wall clock unused', () => {
    // Prepare: see measure.test.ts for the arithmetic: 1,200 busy of 2,000 ms = 60 %.
    const { procRoot, source } = probeCopy('ticks-only')
    const stat = join(procRoot, 'stat')

    // Act
    const percent = busyPercent(
      source,
      () => writeFileSync(stat, 'cpu  4705 150 1864 183402 512 0 73 21 35 0\ncpu0 0\ncpu1 0\n'),
      () => writeFileSync(stat, 'cpu  4795 155 1884 183480 514 1 76 22 42 0\ncpu0 0\ncpu1 0\n'),
    )

    // Assess
    expect(percent).toBeCloseTo(60, 9)
  })

  it.each([
    { layout: 'v1-no-quota', file: 'sys/fs/cgroup/cpuacct/cpuacct.usage' },
    { layout: 'v2-quota', file: 'sys/fs/cgroup/cpu.stat' },
  ])('$layout: a counter file that vanishes after the probe makes the reading throw', ({ layout, file }) => {
    // Prepare
    const { root, source } = probeCopy(layout)
    rmSync(join(root, file))

    // Act, Assess
    expect(() => source.read()).toThrow(/ENOENT/)
  })

  it.each([
    { text: 'cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 1\n', cpus: 1 },
    { text: 'cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 1\ncpu1 1\ncpu2 1\nintr 5\n', cpus: 3 },
  ])('counts $cpus CPUs from the cpuN lines', ({ text, cpus }) => {
    expect(countCpus(Buffer.from(text))).toBe(cpus)
  })

  it('a /proc/stat without cpuN lines is an error', () => {
    expect(() => countCpus(Buffer.from('cpu  1 2 3 4 5 6 7 8\nintr 5\n'))).toThrow(/no CPUs/)
  })
})
