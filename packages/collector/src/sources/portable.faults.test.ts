import { describe, expect, it, vi } from 'vitest'
import { createCollector } from '../collector.js'
import { measure } from '../measure.js'
import type { ReadProblem } from '../types.js'

// A fault that cannot be caused for real on a machine that has the tools systeminformation starts:
// its network reading failing (say, `ip` missing in a slim container).
vi.mock('systeminformation', () => ({
  default: {
    networkStats: () => Promise.reject(new Error('ip: command not found')),
  },
}))

describe("source 'systeminformation' when systeminformation fails", () => {
  it('reports the network reading and keeps every other figure', async () => {
    // Prepare
    const problems: ReadProblem[] = []
    const collector = createCollector({
      source: 'systeminformation',
      groups: ['cpu', 'network', 'memory'],
      onReadProblem: (problem) => problems.push(problem),
    })

    // Act
    const before = await collector.sample('counters')
    const after = await collector.sample('full')
    collector.close()

    // Assess
    expect(problems).toEqual([
      { reader: 'network', error: new Error('ip: command not found') },
      { reader: 'network', error: new Error('ip: command not found') },
    ])
    expect(after.network).toBeUndefined()
    // CPUPercent of two back-to-back samples waits for the os.cpus() tick window: absent, not a problem.
    expect(Object.keys(measure(before, after)).sort()).toEqual(['MemoryUsed', 'MemoryUtilization'])
  })
})
