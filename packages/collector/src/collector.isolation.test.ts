import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { METRICS, type MetricName } from './metrics.js'
import { namesOfGroups } from './test-support/proc-trees.js'

interface ChildReport {
  readonly source: string
  readonly figures: MetricName[]
  readonly spawned: string[]
  readonly systeminformation: string[]
}

const DIST_INDEX = new URL('../dist/index.js', import.meta.url)
const CHILD_SCRIPT = fileURLToPath(new URL('./test-support/sample-in-child.mjs', import.meta.url))

/** Samples in a fresh Node.js process, on the built package, as a function importing it would. */
const sampleInChild = async (source: 'default' | 'procfs' | 'systeminformation'): Promise<ChildReport> => {
  const { stdout } = await promisify(execFile)(process.execPath, [CHILD_SCRIPT, DIST_INDEX.href, source], {
    timeout: 30_000,
  })
  return JSON.parse(stdout) as ChildReport
}

const LINUX_ONLY = namesOfGroups(['fileDescriptors', 'threads'])
/** Held-back time comes from cgroups or /proc/stat's steal column: there is no portable counter. */
const PROCFS_ONLY: readonly MetricName[] = ['CPUThrottledPercent']

describe.runIf(process.platform === 'linux')('what a sample costs on Linux', () => {
  let linux: ChildReport
  let portable: ChildReport

  beforeAll(async () => {
    expect(existsSync(DIST_INDEX), 'the built package: run `pnpm build` first').toBe(true)
    ;[linux, portable] = await Promise.all([sampleInChild('default'), sampleInChild('systeminformation')])
  }, 60_000)

  it('the default source is procfs, and its samples give every figure', () => {
    expect(linux.source).toBe('procfs')
    expect([...linux.figures].sort()).toEqual(METRICS.map((metric) => metric.name).sort())
  })

  it('spawns no child process', () => {
    expect(linux.spawned).toEqual([])
  })

  it('never loads systeminformation', () => {
    expect(linux.systeminformation).toEqual([])
  })

  it("would have seen both: source 'systeminformation' loads it, and it spawns programs", () => {
    expect(portable.source).toBe('systeminformation')
    expect(portable.systeminformation).toContainEqual(
      expect.stringMatching(/systeminformation\/lib\/index\.js$/),
    )
    expect(portable.spawned.length).toBeGreaterThan(0)
  })

  it('systeminformation gives the same figures as procfs but the Linux-only groups and held-back time', () => {
    expect([...portable.figures].sort()).toEqual(
      linux.figures.filter((name) => !LINUX_ONLY.includes(name) && !PROCFS_ONLY.includes(name)).sort(),
    )
    expect(LINUX_ONLY.sort()).toEqual(['FileDescriptorUtilization', 'FileDescriptors', 'Threads'])
    for (const metric of METRICS.filter((m) => LINUX_ONLY.includes(m.name))) {
      expect(metric.description).toContain('(Linux only)')
    }
  })
})
