import { readdirSync, statfsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { createCollector, createCollectorOnClock } from './collector.js'
import { measure } from './measure.js'
import { DEFAULT_GROUPS, METRIC_GROUPS, METRICS, type MetricGroup } from './metrics.js'
import {
  copyOfTree,
  fixture,
  measureLambdaInvocation,
  measureTree,
  namesOfGroups,
  overlayTree,
  TREE_INTERVAL_MS,
  temporaryDirectory,
} from './test-support/proc-trees.js'
import { TestClock } from './test-support/test-clock.js'
import type { ReadProblem } from './types.js'

const openDescriptors = (): number => readdirSync('/proc/self/fd').length

/**
 * The groups read with one reading: disk and diskBytes share one statfs call, so `measure` returns all three
 * disk figures when either group is selected (the middleware publishes only the selected groups' metrics).
 */
const groupsReadWith = (groups: readonly MetricGroup[]): MetricGroup[] =>
  groups.some((group) => group === 'disk' || group === 'diskBytes')
    ? [...groups, 'disk', 'diskBytes']
    : [...groups]

describe('createCollector groups', () => {
  it('reads what DEFAULT_GROUPS need: their thirteen figures, and the disk figures of the same statfs', async () => {
    // Act
    const { figures, problems } = await measureLambdaInvocation({ groups: DEFAULT_GROUPS })

    // Assess
    expect(problems).toEqual([])
    expect(namesOfGroups(DEFAULT_GROUPS)).toHaveLength(13)
    expect(Object.keys(figures).sort()).toEqual(namesOfGroups(groupsReadWith(DEFAULT_GROUPS)).sort())
  })

  it.each(METRIC_GROUPS.map((group) => ({ group })))('reads group $group on its own', async ({ group }) => {
    // Act
    const { figures } = await measureLambdaInvocation({ groups: [group] })

    // Assess
    expect(Object.keys(figures).sort()).toEqual(namesOfGroups(groupsReadWith([group])).sort())
  })

  it('never touches a proc file that no selected group needs', async () => {
    // Prepare: a proc root that does not exist would fail every proc reader.
    const procRoot = join(temporaryDirectory(), 'no-proc-here')

    // Act
    const { figures, problems } = await measureTree(procRoot, {
      groups: ['process', 'diskBytes', 'eventLoop'],
    })

    // Assess
    expect(problems).toEqual([])
    expect(Object.keys(figures).sort()).toEqual(
      namesOfGroups(['disk', 'process', 'diskBytes', 'eventLoop']).sort(),
    )
  })
})

describe('sample modes', () => {
  it("'counters' reads only what needs a reading at both ends of the interval", async () => {
    // Prepare
    const collector = createCollector({ procRoot: fixture('proc-linux'), source: 'procfs' })

    // Act
    const counters = await collector.sample('counters')
    collector.close()

    // Assess
    expect(Object.keys(counters).sort()).toEqual(
      ['takenAtMs', 'cpu', 'cpuThrottle', 'network', 'processCpu', 'vcpuEntitlement', 'eventLoop'].sort(),
    )
  })

  it("a 'counters' sample at the start and a 'full' one at the end give every figure", async () => {
    // Prepare
    const root = copyOfTree('proc-lambda')
    const clock = new TestClock()
    const collector = createCollectorOnClock({ procRoot: root, source: 'procfs' }, clock.read)

    // Act
    const before = await collector.sample('counters')
    clock.advance(TREE_INTERVAL_MS)
    overlayTree(root, 'proc-lambda-after-2s')
    const after = await collector.sample('full')
    collector.close()

    // Assess
    expect(Object.keys(measure(before, after)).sort()).toEqual(METRICS.map((metric) => metric.name).sort())
  })
})

describe.runIf(process.platform === 'linux')('source', () => {
  it.each([
    { case: 'a readable proc root', procRoot: fixture('proc-linux'), resolved: 'procfs' },
    { case: 'no proc root', procRoot: '/nonexistent/proc', resolved: 'procfs' },
  ])("'auto' picks $resolved on Linux with $case", async ({ procRoot, resolved }) => {
    // Prepare
    const collector = createCollector({ procRoot, groups: ['load'] })
    const before = collector.source

    // Act
    await collector.sample()
    collector.close()

    // Assess
    expect(before).toBeUndefined()
    expect(collector.source).toBe(resolved)
  })
})

describe.runIf(process.platform === 'linux')('close', () => {
  it('releases the proc files the collector keeps open, and a later sample opens them again', async () => {
    // Prepare
    const problems: ReadProblem[] = []
    const collector = createCollector({
      source: 'procfs',
      onReadProblem: (problem) => problems.push(problem),
    })
    const atStart = openDescriptors()

    // Act
    await collector.sample()
    const whileOpen = openDescriptors()
    collector.close()
    const afterClose = openDescriptors()
    const again = await collector.sample()
    collector.close()

    // Assess: stat, net/dev, uptime, loadavg, meminfo and self/status, and each cgroup counter the probe
    // picked (none on a machine without cgroups).
    const cgroupCounters = [collector.cpuSources?.busy, collector.cpuSources?.throttle].filter((name) =>
      name?.startsWith('cgroup'),
    ).length
    expect(whileOpen - atStart).toBe(6 + cgroupCounters)
    expect(afterClose).toBe(atStart)
    expect(again.cpu).toBeDefined()
    expect(problems).toEqual([])
  })
})

describe('memoryLimitMb', () => {
  it('wins over AWS_LAMBDA_FUNCTION_MEMORY_SIZE, for MemoryUtilization and the vCPU entitlement', async () => {
    // Prepare: 256 MiB used; the environment says 1,024 MB, the option 512 MB.
    vi.stubEnv('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', '1024')

    // Act
    const { after, figures } = await measureTree(fixture('proc-lambda'), { memoryLimitMb: 512 })

    // Assess
    expect(figures.MemoryUtilization).toBe(50)
    expect(after.vcpuEntitlement).toBe(512 / 1769)
  })
})

describe.runIf(process.platform === 'linux')('diskPath', () => {
  it('defaults to /tmp on Linux, the file system Lambda gives a function to write to', async () => {
    // Prepare: the size of /tmp's file system is fixed, however much is written meanwhile.
    const tmp = statfsSync('/tmp')
    const reservedBytes = (tmp.bfree - tmp.bavail) * tmp.bsize
    const collector = createCollector({ procRoot: fixture('proc-linux'), source: 'procfs', groups: ['disk'] })

    // Act
    const { disk } = await collector.sample()
    collector.close()

    // Assess
    expect((disk?.usedBytes ?? 0) + (disk?.availableBytes ?? 0) + reservedBytes).toBe(tmp.blocks * tmp.bsize)
  })
})
