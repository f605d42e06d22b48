/**
 * The duration model behind `advise` (docs/advise.md). Lambda gives a function CPU in proportion to its
 * memory: 1,769 MB buys one vCPU-second per second, linearly, enforced on 20 ms periods. An invocation is
 * split into the time it waited (I/O, sleeps, other services) and the time its CPU work took at the
 * share it could use; only the second part depends on the memory size.
 */

/** Memory that buys one full vCPU. */
export const MB_PER_VCPU = 1769

/** vCPUs the execution environment shows at a memory size (AWS documents 6 at 10,240 MB). */
export const visibleVcpus = (memoryMb: number): number => {
  if (memoryMb <= 3008) return 2
  if (memoryMb <= 5307) return 3
  if (memoryMb <= 7076) return 4
  if (memoryMb <= 8845) return 5
  return 6
}

/**
 * CPU per second of wall time an invocation can use at `memoryMb`: the quota memory/1,769, capped by the
 * parallelism the function showed (a single-threaded handler gains nothing above one vCPU) and by the vCPUs
 * the environment has.
 */
export const cpuShare = (memoryMb: number, parallelism: number): number =>
  Math.min(memoryMb / MB_PER_VCPU, parallelism, visibleVcpus(memoryMb))

/** One invocation as the model sees it, at the memory size it ran with. */
export interface Observation {
  readonly durationMs: number
  readonly cpuMs: number
}

/** Time not spent on CPU work: the duration less the CPU time at the share the invocation had. */
export const waitMs = (observation: Observation, measuredMb: number, parallelism: number): number =>
  Math.max(0, observation.durationMs - observation.cpuMs / cpuShare(measuredMb, parallelism))

/** The duration the same invocation would have had at `memoryMb`. */
export const predictDurationMs = (
  observation: Observation,
  measuredMb: number,
  memoryMb: number,
  parallelism: number,
): number =>
  waitMs(observation, measuredMb, parallelism) + observation.cpuMs / cpuShare(memoryMb, parallelism)

/**
 * The parallelism a function showed: the 95th percentile of CPU time over duration, and at least one
 * thread, since Node.js runs a handler's JavaScript on one thread that a full vCPU could keep busy. An
 * invocation held at its quota shows no more than the quota, so the floor of one is what lets the model
 * predict the speed-up of more memory at all.
 */
export const parallelismOf = (ratios: readonly number[]): number => {
  if (ratios.length === 0) return 1
  return Math.max(1, percentile(ratios, 95))
}

/** Nearest-rank percentile of `values` (need not be sorted); NaN for no values. */
export const percentile = (values: readonly number[], rank: number): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1))
  return sorted[index] as number
}
