import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { ProcFile } from '../procfs/proc-file.js'
import { copyOfRoot } from '../test-support/proc-trees.js'
import { readCgroupLayout } from './cgroups.js'
import { probeThrottleCounter, type ThrottleCounter } from './throttle-counter.js'

const probeCopy = (name: string) => {
  const { root, procRoot } = copyOfRoot(`cpu-sources/${name}`)
  const stat = new ProcFile(join(procRoot, 'stat'), 512)
  const clock = { nowMs: 1_000 }
  const source = probeThrottleCounter(stat, {
    layout: readCgroupLayout(procRoot),
    cpuCount: 2,
    nowMs: () => clock.nowMs,
  })
  onTestFinished(() => {
    source.close()
    stat.close()
  })
  return { root, procRoot, source, clock }
}

const heldPercent = (source: ThrottleCounter, before: () => void, after: () => void): number => {
  before()
  const start = source.read()
  after()
  const end = source.read()
  return (100 * (end.heldMs - start.heldMs)) / (end.wallMs - start.wallMs)
}

describe('probeThrottleCounter reads the own CPU cgroup where it has a quota, else steal', () => {
  it.each([
    // The process in cpu:/lambda-128, whose cpu.cfs_quota_us is 1447 per 20000 us period.
    { layout: 'v1-quota', source: 'cgroup-v1-throttled-time', group: 'sys/fs/cgroup/cpu/lambda-128' },
    // A quota of 7235 us per 100 ms on the process's own v2 group.
    {
      layout: 'v2-quota',
      source: 'cgroup-v2-throttled-usec',
      group: 'sys/fs/cgroup/system.slice/function.service',
    },
    // A v1 container without a cgroup namespace: its group is the mount's root, and has the quota.
    { layout: 'v1-container', source: 'cgroup-v1-throttled-time', group: 'sys/fs/cgroup/cpu,cpuacct' },
    // The root group (these machines) has no quota; nor has a container's namespace root with `max`.
    { layout: 'v1-no-quota', source: 'proc-stat-steal', group: undefined },
    { layout: 'v2-container', source: 'proc-stat-steal', group: undefined },
    { layout: 'ticks-only', source: 'proc-stat-steal', group: undefined },
  ])('$layout: $source', ({ layout, source, group }) => {
    // Act
    const { root, source: probed } = probeCopy(layout)

    // Assess
    expect({ name: probed.name, group: probed.group }).toEqual({
      name: source,
      group: group === undefined ? undefined : join(root, group),
    })
  })

  it('a quota on an ancestor group counts: its throttled time is read', () => {
    // Prepare: the process sits in a child of lambda-128 that has no quota of its own.
    const { root, procRoot } = copyOfRoot('cpu-sources/v1-quota')
    writeFileSync(join(procRoot, 'self/cgroup'), '1:cpu:/lambda-128/handler\n')
    const child = join(root, 'sys/fs/cgroup/cpu/lambda-128/handler')
    const { mkdirSync } = process.getBuiltinModule('node:fs')
    mkdirSync(child)
    writeFileSync(join(child, 'cpu.cfs_quota_us'), '-1\n')
    const stat = new ProcFile(join(procRoot, 'stat'), 512)
    onTestFinished(() => stat.close())

    // Act
    const source = probeThrottleCounter(stat, { layout: readCgroupLayout(procRoot), cpuCount: 2 })

    // Assess
    expect(source.group).toBe(join(root, 'sys/fs/cgroup/cpu/lambda-128'))
  })

  it('a quota group whose cpu.stat cannot be parsed falls back to steal', () => {
    // Prepare
    const { root, procRoot } = copyOfRoot('cpu-sources/v1-quota')
    writeFileSync(join(root, 'sys/fs/cgroup/cpu/lambda-128/cpu.stat'), 'nr_periods 53\n')
    const stat = new ProcFile(join(procRoot, 'stat'), 512)
    onTestFinished(() => stat.close())

    // Act
    const source = probeThrottleCounter(stat, { layout: readCgroupLayout(procRoot), cpuCount: 2 })

    // Assess
    expect(source.name).toBe('proc-stat-steal')
  })
})

describe('held-back time readings', () => {
  it('v1 throttled_time: nanoseconds held against wall time', () => {
    // Prepare: 15 ms throttled over 20 ms of wall time = 75 %.
    const { root, source, clock } = probeCopy('v1-quota')
    const stat = join(root, 'sys/fs/cgroup/cpu/lambda-128/cpu.stat')
    const write = (ns: number) =>
      writeFileSync(stat, `nr_periods 53\nnr_throttled 52\nthrottled_time ${ns}\nnr_bursts 0\n`)

    // Act
    const percent = heldPercent(
      source,
      () => write(886_004_798),
      () => {
        write(901_004_798)
        clock.nowMs += 20
      },
    )

    // Assess
    expect(percent).toBeCloseTo(75, 9)
  })

  it('v2 throttled_usec: microseconds held against wall time', () => {
    // Prepare: 9 ms throttled over 10 ms = 90 %.
    const { root, source, clock } = probeCopy('v2-quota')
    const stat = join(root, 'sys/fs/cgroup/system.slice/function.service/cpu.stat')
    const write = (us: number) =>
      writeFileSync(stat, `usage_usec 1\nnr_throttled 187\nthrottled_usec ${us}\n`)

    // Act
    const percent = heldPercent(
      source,
      () => write(3_390_221),
      () => {
        write(3_399_221)
        clock.nowMs += 10
      },
    )

    // Assess
    expect(percent).toBeCloseTo(90, 9)
  })

  it('steal: stolen ticks against the wall time the tick total stands for (total / CPUs)', () => {
    // Prepare: steal 21 -> 121 ticks = 1,000 ms; total +4,000 ticks on 2 CPUs = 20 s of wall time: 5 %.
    const { procRoot, source } = probeCopy('ticks-only')
    const stat = join(procRoot, 'stat')

    // Act
    const percent = heldPercent(
      source,
      () => writeFileSync(stat, 'cpu  4705 150 1864 183402 512 0 73 21 0 0\ncpu0 0\ncpu1 0\n'),
      () => writeFileSync(stat, 'cpu  4805 150 1864 187202 512 0 73 121 0 0\ncpu0 0\ncpu1 0\n'),
    )

    // Assess
    expect(percent).toBeCloseTo(5, 9)
  })

  it('a throttling counter that vanishes after the probe makes the reading throw', () => {
    // Prepare
    const { root, source } = probeCopy('v1-quota')
    rmSync(join(root, 'sys/fs/cgroup/cpu/lambda-128/cpu.stat'))

    // Act, Assess
    expect(() => source.read()).toThrow(/ENOENT/)
  })
})
