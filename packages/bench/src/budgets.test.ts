import { describe, expect, it } from 'vitest'
import { evaluateBudgets } from './budgets.ts'
import type { AdviseRow, BenchResults, InvocationRow } from './results.ts'

const invocation = (id: string, medianUs: number, childProcesses = 0): InvocationRow => ({
  id,
  label: id,
  medianUs,
  p99Us: medianUs * 2,
  samples: 1000,
  childProcesses,
  countedInvocations: 50,
})

const results = (overrides: { importAddedMs?: number; intervalUs?: number } = {}): BenchResults => ({
  machine: {
    cpuModel: 'test CPU',
    cores: 2,
    memoryBytes: 1e9,
    os: 'Linux',
    node: 'v22.23.3',
    date: '2026-01-01T00:00:00.000Z',
    loadAverageAtStart: 0,
  },
  invocations: [
    invocation('bare', 1),
    invocation('logMetrics', 6),
    invocation('defaultGroups', 34),
    invocation('allGroups', 120),
    invocation('interval', overrides.intervalUs ?? 7),
    invocation('naive', 30_000, 315),
  ],
  samples: [],
  importTimes: [
    { id: 'baseline', label: 'baseline', medianMs: 30, minMs: 28, maxMs: 40, processes: 20 },
    {
      id: 'withOurs',
      label: 'with ours',
      referenceId: 'baseline',
      medianMs: 31.2,
      minMs: 30,
      maxMs: 45,
      processes: 20,
    },
    {
      id: 'oursAfterBaseline',
      label: 'ours after the baseline',
      medianMs: overrides.importAddedMs ?? 1.2,
      minMs: 1,
      maxMs: 2,
      processes: 20,
    },
  ],
  probes: [
    {
      id: 'ours',
      label: 'ours',
      modulesLoaded: 50,
      systeminformationLoaded: false,
      childProcessModuleLoaded: false,
      childProcessesStarted: 0,
      invocations: 300,
    },
  ],
  memory: [
    {
      id: 'defaultGroups',
      label: 'default groups',
      early: { invocations: 1000, heapUsedBytes: 12_000_000, rssBytes: 90_000_000 },
      late: { invocations: 100_000, heapUsedBytes: 12_500_000, rssBytes: 95_000_000 },
    },
  ],
  bundles: [],
  totalSeconds: 50,
})

describe('evaluateBudgets', () => {
  it('marks every budget met when each figure is inside its limit', () => {
    const outcomes = evaluateBudgets(results(), 'linux')
    expect(outcomes.map((outcome) => [outcome.measured, outcome.met])).toEqual([
      ['+28.0 µs', true],
      ['+28.0 µs', true],
      ['1071x (+29.99 ms vs +28.0 µs)', true],
      ['+1.00 µs', true],
      ['+1.20 ms', true],
      ['+500.0 kB', true],
      ['0 in 450 invocations; systeminformation not loaded, node:child_process not loaded', true],
    ])
  })

  it('marks a budget missed when its figure is over the limit, and never claims Linux-only checks elsewhere', () => {
    const outcomes = evaluateBudgets(results({ importAddedMs: 7.3, intervalUs: 8.5 }), 'darwin')
    const missed = outcomes.filter((outcome) => !outcome.met).map((outcome) => outcome.measured)
    expect(missed).toEqual(['+2.50 µs', '+7.30 ms', 'not checked: this is darwin'])
  })

  it.each([
    [8, 102_000_000, ['8.0 s', true], ['+0 B (100.00 MB -> 100.00 MB)', true]],
    [75, 402_000_000, ['75.0 s', false], ['+300.00 MB (100.00 MB -> 400.00 MB)', false]],
  ] as const)(
    'checks that advise reads 1 GiB in %d s, its peak memory flat',
    (seconds, peak, time, memory) => {
      const row = (id: string, rowSeconds: number, peakRssBytes: number): AdviseRow => ({
        id,
        label: id,
        bytes: 1,
        lines: 1,
        records: 1,
        functions: 1,
        seconds: rowSeconds,
        peakRssBytes,
      })
      const advise = [row('advise100', 1, 100_000_000), row('advise1024', seconds, peak - 2_000_000)]

      const outcomes = evaluateBudgets({ ...results(), advise }, 'linux').filter((outcome) =>
        outcome.budget.includes('advise'),
      )

      expect(outcomes.map((outcome) => [outcome.measured, outcome.met])).toEqual([time, memory])
    },
  )
})
