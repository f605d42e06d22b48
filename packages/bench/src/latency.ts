import type { Task } from 'tinybench'
import { median } from './format.ts'
import type { LatencyRow } from './results.ts'

const MICROS_PER_MS = 1000

/** A finished tinybench task as a row in microseconds; throws when the task failed, so no row is silently empty. */
export const latencyRow = (task: Task, id: string, label: string): LatencyRow => {
  const { result } = task
  if (result.state !== 'completed') {
    const reason = result.state === 'errored' ? `: ${result.error.message}` : ''
    throw new Error(`benchmark '${label}' did not complete (${result.state})${reason}`)
  }
  return {
    id,
    label,
    medianUs: result.latency.p50 * MICROS_PER_MS,
    p99Us: result.latency.p99 * MICROS_PER_MS,
    samples: result.latency.samplesCount,
  }
}

/**
 * One row from the same benchmark run in several rounds: the median of the rounds' medians and of their
 * p99s, and every sample. On a shared machine a slow spell then shifts one round of every row, rather than
 * all of one row.
 */
export const combineRounds = (rounds: readonly LatencyRow[]): LatencyRow => {
  const [first] = rounds
  if (!first) throw new Error('combineRounds: no rounds')
  return {
    id: first.id,
    label: first.label,
    medianUs: median(rounds.map((round) => round.medianUs)),
    p99Us: median(rounds.map((round) => round.p99Us)),
    samples: rounds.reduce((sum, round) => sum + round.samples, 0),
  }
}
