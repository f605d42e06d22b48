import type { Task } from 'tinybench'
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
