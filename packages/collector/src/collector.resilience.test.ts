import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createCollector } from './collector.js'
import { ProcFile } from './procfs/proc-file.js'
import { sharedDescriptorCount } from './procfs/shared-descriptors.js'
import type { MutableSample, Reader, SourceContext } from './sources/reader.js'
import { withFallback } from './sources/reader.js'
import { copyOfTree } from './test-support/proc-trees.js'
import type { ReadProblem } from './types.js'

const openDescriptors = (): number => readdirSync('/proc/self/fd').length

describe.runIf(process.platform === 'linux')(
  'descriptors are shared by every collector of the process',
  () => {
    it('1,500 collectors, each sampling once and never closed, leave the open descriptor count flat', async () => {
      // Prepare: one collector first, so the shared descriptors are open before counting.
      await createCollector({ source: 'procfs' }).sample()
      const atStart = openDescriptors()

      // Act
      for (let i = 0; i < 1500; i++) await createCollector({ source: 'procfs' }).sample()

      // Assess
      expect(openDescriptors() - atStart).toBeLessThanOrEqual(20)
    })

    it('two collectors of one root share one descriptor per file; the last close() releases them', async () => {
      // Prepare
      const root = copyOfTree('proc-linux')
      const first = createCollector({ procRoot: root, source: 'procfs', groups: ['cpu', 'load'] })
      const second = createCollector({ procRoot: root, source: 'procfs', groups: ['cpu', 'load'] })
      const atStart = sharedDescriptorCount()

      // Act
      await first.sample()
      await second.sample()
      const bothOpen = sharedDescriptorCount()
      first.close()
      const afterFirst = sharedDescriptorCount()
      second.close()

      // Assess: stat and loadavg, once each.
      expect(bothOpen.open - atStart.open).toBe(2)
      expect(afterFirst).toEqual(bothOpen)
      expect(sharedDescriptorCount()).toEqual(atStart)
    })
  },
)

describe.runIf(process.platform === 'linux')('a ProcFile whose read fails', () => {
  it('closes the shared descriptor, so the next read opens the file again', () => {
    // Prepare: a directory opens for reading on Linux, and then fails every read with EISDIR.
    const directory = copyOfTree('proc-linux')
    const file = new ProcFile(directory, 64)
    const atStart = sharedDescriptorCount()

    // Act
    const failure = (() => {
      try {
        file.read()
      } catch (error) {
        return error as NodeJS.ErrnoException
      }
    })()
    const afterFailure = sharedDescriptorCount()
    file.close()

    // Assess
    expect(failure?.code).toBe('EISDIR')
    expect(afterFailure).toEqual({ held: atStart.held + 1, open: atStart.open })
    expect(sharedDescriptorCount()).toEqual(atStart)
  })
})

describe.runIf(process.platform === 'linux')('a failed /proc file costs that sample only', () => {
  it('an unreadable /proc/stat at the first sample: no CPU figure, no fallback for good, back when readable', async () => {
    // Prepare
    const root = copyOfTree('proc-linux')
    const stat = join(root, 'stat')
    const statText = readFileSync(stat)
    rmSync(stat)
    const problems: ReadProblem[] = []
    const collector = createCollector({
      procRoot: root,
      groups: ['cpu', 'threads'],
      onReadProblem: (problem) => problems.push(problem),
    })

    // Act
    const broken = await collector.sample()
    writeFileSync(stat, statText)
    const restored = await collector.sample()
    collector.close()

    // Assess: still the procfs source, so nothing spawns and Threads stay.
    expect(collector.source).toBe('procfs')
    expect(broken.cpu).toBeUndefined()
    expect(broken.threads).toBeGreaterThan(0)
    expect(problems.map((problem) => problem.reader)).toEqual(['cpu'])
    expect(restored.cpu).toBeDefined()
  })

  it('a fixture root has no fallback: a broken gauge file is an absent figure', async () => {
    const root = copyOfTree('proc-linux')
    rmSync(join(root, 'loadavg'))
    const collector = createCollector({ procRoot: root, groups: ['load'], source: 'procfs' })

    const sample = await collector.sample()
    collector.close()

    expect(sample.load).toBeUndefined()
  })

  it('the live /proc serves every gauge', async () => {
    const collector = createCollector({ procRoot: '/proc', groups: ['load', 'host', 'memory'] })

    const sample = await collector.sample()
    collector.close()

    expect(sample.load).toBeDefined()
    expect(sample.uptimeMs).toBeGreaterThan(0)
    expect(sample.memory).toBeDefined()
  })
})

describe('withFallback', () => {
  const reader = (read: (sample: MutableSample) => void): Reader => ({ name: 'load', reading: 'load', read })
  const failing = reader(() => {
    throw new Error('loadavg unreadable')
  })
  const loads = (load1: number) =>
    reader((sample) => {
      sample.load = { load1, load5: load1, load15: load1 }
    })
  const fromOs = loads(1)

  it.each([
    ['the primary works', loads(9), 9, []],
    ['the primary throws', failing, 1, ['loadavg unreadable']],
  ])('%s', (_, primary, load1, reported) => {
    // Prepare
    const problems: string[] = []
    const context = { report: (_name: string, error: unknown) => problems.push((error as Error).message) }
    const combined = withFallback(context as unknown as SourceContext, primary, fromOs)
    const sample: MutableSample = { takenAtMs: 0 }

    // Act
    combined.read(sample, 'full')

    // Assess
    expect(sample.load?.load1).toBe(load1)
    expect(problems).toEqual(reported)
  })

  it('tries the primary again on the next sample', () => {
    let calls = 0
    const flaky = reader((sample) => {
      calls++
      if (calls === 1) throw new Error('once')
      sample.load = { load1: 5, load5: 5, load15: 5 }
    })
    const context = { report: () => {} } as unknown as SourceContext
    const combined = withFallback(context, flaky, fromOs)
    const first: MutableSample = { takenAtMs: 0 }
    const second: MutableSample = { takenAtMs: 1 }

    combined.read(first, 'full')
    combined.read(second, 'full')

    expect([first.load?.load1, second.load?.load1]).toEqual([1, 5])
  })
})
