import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The built command, as a user runs it: `pnpm test` builds first.
const BIN = fileURLToPath(new URL('../bin/utilization-metrics.mjs', import.meta.url))
const FIXTURE = fileURLToPath(new URL('../src/fixtures/advise-mixed.txt', import.meta.url))
const command = `"${process.execPath}" "${BIN}" advise < "${FIXTURE}"`
const PROGRESS =
  /utilization-metrics: [\d,]+ lines, [\d,]+ records, [\d,]+ lines\/s, [\d.]+ \w+\/s, 100 % of [\d.]+ \w+\r?\n/

describe('progress of the real command', () => {
  it('shows lines, records, throughput and the share of the file done when stderr is a terminal', () => {
    // Act: util-linux `script` gives the command a pseudo-terminal; stdin stays the fixture file
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8' })

    // Assess
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toMatch(PROGRESS)
    expect(result.stdout).toContain('orders-handler')
  })

  it('shows nothing when stderr is not a terminal', () => {
    const result = spawnSync('sh', ['-c', command], { encoding: 'utf8' })

    expect(result.status).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('orders-handler')
  })
})
