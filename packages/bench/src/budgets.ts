import { formatAddedMicros, formatBytes, formatRatio } from './format.ts'
import type { BenchResults } from './results.ts'

/** The performance budgets of the issue, each checked against one run's figures. */

export interface BudgetOutcome {
  readonly budget: string
  readonly limit: string
  readonly measured: string
  readonly met: boolean
}

/** The limits the issues set, one table. */
const LIMITS = {
  addedUs: 40,
  addedStretchUs: 30,
  naiveFactor: 500,
  intervalUs: 2,
  importMs: 1.5,
  heapGrowthBytes: 1_000_000,
  adviseGibSeconds: 60,
  advisePeakGrowthBytes: 20_000_000,
} as const

/** The invocation rows that run our middleware. */
const OUR_ROWS = new Set(['defaultGroups', 'allGroups', 'interval'])

const find = <Row extends { readonly id: string }>(rows: readonly Row[], id: string): Row => {
  const row = rows.find((candidate) => candidate.id === id)
  if (!row) throw new Error(`no '${id}' row in the results`)
  return row
}

/** Median time a row adds over the `logMetrics` row, in microseconds. */
export const addedOverLogMetrics = (results: BenchResults, id: string): number =>
  find(results.invocations, id).medianUs - find(results.invocations, 'logMetrics').medianUs

/** advise streams: a GiB of log lines in under a minute, and the same peak memory for ten times the input. */
const adviseBudgets = ({ advise = [] }: BenchResults): BudgetOutcome[] => {
  const small = advise.find((row) => row.id === 'advise100')
  const large = advise.find((row) => row.id === 'advise1024')
  if (!small || !large) return []
  const growth = large.peakRssBytes - small.peakRssBytes
  return [
    {
      budget: '1 GiB of log lines through `utilization-metrics advise`',
      limit: `< ${LIMITS.adviseGibSeconds} s`,
      measured: `${large.seconds.toFixed(1)} s`,
      met: large.seconds < LIMITS.adviseGibSeconds,
    },
    {
      budget: "advise's peak memory, 1 GiB of input against 100 MiB",
      limit: `< ${formatBytes(LIMITS.advisePeakGrowthBytes, true)}`,
      measured: `${formatBytes(growth, true)} (${formatBytes(small.peakRssBytes)} -> ${formatBytes(large.peakRssBytes)})`,
      met: growth < LIMITS.advisePeakGrowthBytes,
    },
  ]
}

export const evaluateBudgets = (results: BenchResults, platform: NodeJS.Platform): BudgetOutcome[] => {
  const added = addedOverLogMetrics(results, 'defaultGroups')
  const naiveAdded = addedOverLogMetrics(results, 'naive')
  const intervalAdded = addedOverLogMetrics(results, 'interval')
  const importAdded = find(results.importTimes, 'oursAfterBaseline').medianMs
  const memory = find(results.memory, 'defaultGroups')
  const heapGrowth = memory.late.heapUsedBytes - memory.early.heapUsedBytes
  const probe = find(results.probes, 'ours')
  const ourRows = results.invocations.filter((row) => OUR_ROWS.has(row.id))
  const childProcesses = ourRows.reduce((sum, row) => sum + row.childProcesses, probe.childProcessesStarted)
  const invocations = ourRows.reduce((sum, row) => sum + row.countedInvocations, probe.invocations)
  const noChildProcess =
    childProcesses === 0 && !probe.systeminformationLoaded && !probe.childProcessModuleLoaded

  return [
    {
      budget:
        'Added time per invocation, every-invocation mode, default groups (median over the logMetrics row)',
      limit: `<= ${LIMITS.addedUs} µs`,
      measured: formatAddedMicros(added),
      met: added <= LIMITS.addedUs,
    },
    {
      budget: 'The same, stretch goal',
      limit: `<= ${LIMITS.addedStretchUs} µs`,
      measured: formatAddedMicros(added),
      met: added <= LIMITS.addedStretchUs,
    },
    {
      budget: "Times less added time than the naive systeminformation sampler's",
      limit: `>= ${LIMITS.naiveFactor}x`,
      measured: `${formatRatio(naiveAdded, added)} (${formatAddedMicros(naiveAdded)} vs ${formatAddedMicros(added)})`,
      met: added > 0 ? naiveAdded / added >= LIMITS.naiveFactor : naiveAdded > 0,
    },
    {
      budget:
        'Added time of an invocation that does not publish, interval set (median over the logMetrics row)',
      limit: `<= ${LIMITS.intervalUs} µs`,
      measured: formatAddedMicros(intervalAdded),
      met: intervalAdded <= LIMITS.intervalUs,
    },
    {
      budget: 'Added import time (median of fresh processes, imported after Middy and Powertools)',
      limit: `<= ${LIMITS.importMs} ms`,
      measured: `+${importAdded.toFixed(2)} ms`,
      met: importAdded <= LIMITS.importMs,
    },
    {
      budget: 'Heap growth from 1,000 to 100,000 invocations (default groups, after forced GC)',
      limit: `< ${formatBytes(LIMITS.heapGrowthBytes)}`,
      measured: formatBytes(heapGrowth, true),
      met: heapGrowth < LIMITS.heapGrowthBytes,
    },
    ...adviseBudgets(results),
    {
      budget: 'No child process on Linux',
      limit: '0',
      measured:
        platform === 'linux'
          ? `${childProcesses} in ${invocations} invocations; systeminformation ${probe.systeminformationLoaded ? '' : 'not '}loaded, node:child_process ${probe.childProcessModuleLoaded ? '' : 'not '}loaded`
          : `not checked: this is ${platform}`,
      met: platform === 'linux' && noChildProcess,
    },
  ]
}
