import { formatAddedMicros, formatBytes, formatRatio } from './format.ts'
import type { BenchResults } from './results.ts'

/** The performance budgets of the issue, each checked against one run's figures. */

export interface BudgetOutcome {
  readonly budget: string
  readonly limit: string
  readonly measured: string
  readonly met: boolean
}

const ADDED_LIMIT_US = 40
const ADDED_STRETCH_US = 30
const NAIVE_FACTOR = 500
const INTERVAL_LIMIT_US = 2
const IMPORT_LIMIT_MS = 1.5
const HEAP_GROWTH_LIMIT_BYTES = 1_000_000
const ADVISE_GIB_LIMIT_SECONDS = 60
const ADVISE_PEAK_GROWTH_LIMIT_BYTES = 20_000_000
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
      limit: `< ${ADVISE_GIB_LIMIT_SECONDS} s`,
      measured: `${large.seconds.toFixed(1)} s`,
      met: large.seconds < ADVISE_GIB_LIMIT_SECONDS,
    },
    {
      budget: "advise's peak memory, 1 GiB of input against 100 MiB",
      limit: `< ${formatBytes(ADVISE_PEAK_GROWTH_LIMIT_BYTES, true)}`,
      measured: `${formatBytes(growth, true)} (${formatBytes(small.peakRssBytes)} -> ${formatBytes(large.peakRssBytes)})`,
      met: growth < ADVISE_PEAK_GROWTH_LIMIT_BYTES,
    },
  ]
}

export const evaluateBudgets = (results: BenchResults, platform: NodeJS.Platform): BudgetOutcome[] => {
  const added = addedOverLogMetrics(results, 'defaultGroups')
  const naiveAdded = addedOverLogMetrics(results, 'naive')
  const intervalAdded = addedOverLogMetrics(results, 'interval')
  const importAdded =
    find(results.importTimes, 'withOurs').medianMs - find(results.importTimes, 'baseline').medianMs
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
      limit: `<= ${ADDED_LIMIT_US} µs`,
      measured: formatAddedMicros(added),
      met: added <= ADDED_LIMIT_US,
    },
    {
      budget: 'The same, stretch goal',
      limit: `<= ${ADDED_STRETCH_US} µs`,
      measured: formatAddedMicros(added),
      met: added <= ADDED_STRETCH_US,
    },
    {
      budget: "Times less added time than the naive systeminformation sampler's",
      limit: `>= ${NAIVE_FACTOR}x`,
      measured: `${formatRatio(naiveAdded, added)} (${formatAddedMicros(naiveAdded)} vs ${formatAddedMicros(added)})`,
      met: added > 0 ? naiveAdded / added >= NAIVE_FACTOR : naiveAdded > 0,
    },
    {
      budget:
        'Added time of an invocation that does not publish, interval set (median over the logMetrics row)',
      limit: `<= ${INTERVAL_LIMIT_US} µs`,
      measured: formatAddedMicros(intervalAdded),
      met: intervalAdded <= INTERVAL_LIMIT_US,
    },
    {
      budget: 'Added import time (median of fresh processes)',
      limit: `<= ${IMPORT_LIMIT_MS} ms`,
      measured: `+${importAdded.toFixed(2)} ms`,
      met: importAdded <= IMPORT_LIMIT_MS,
    },
    {
      budget: 'Heap growth from 1,000 to 100,000 invocations (default groups, after forced GC)',
      limit: `< ${formatBytes(HEAP_GROWTH_LIMIT_BYTES)}`,
      measured: formatBytes(heapGrowth, true),
      met: heapGrowth < HEAP_GROWTH_LIMIT_BYTES,
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
