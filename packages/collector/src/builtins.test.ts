import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const DIST_INDEX = new URL('../dist/index.js', import.meta.url)

/** Imports the built package in a fresh Node.js process, samples as the middleware does, lists the built-ins. */
const CHILD = `
const loaded = () => process.moduleLoadList.filter((name) => name.startsWith('NativeModule '))
const atStart = new Set(loaded())
const { createCollector, DEFAULT_GROUPS, METRIC_GROUPS } = await import(${JSON.stringify(DIST_INDEX.href)})
const groups = process.argv[1] === 'all' ? METRIC_GROUPS : DEFAULT_GROUPS
const collector = createCollector({ groups })
await collector.sample('counters')
await collector.sample('full')
collector.close()
process.stdout.write(JSON.stringify(loaded().filter((name) => !atStart.has(name))))
`

const builtinsLoadedBy = async (groups: 'default' | 'all'): Promise<string[]> => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '--eval', CHILD, groups],
    { timeout: 30_000 },
  )
  return JSON.parse(stdout) as string[]
}

describe.runIf(process.platform === 'linux')('built-in modules the collector loads on Linux', () => {
  it('none for the default groups: node:os (0.2 ms of a cold start) is left unloaded', async () => {
    expect(await builtinsLoadedBy('default')).not.toContain('NativeModule os')
  })

  it("node:os once a group needs it (the process group's vCPU entitlement)", async () => {
    expect(await builtinsLoadedBy('all')).toContain('NativeModule os')
  })
})
