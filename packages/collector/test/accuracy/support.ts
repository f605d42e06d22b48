import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createCollector, measure, type Utilization } from '../../src/index.js'
import type { CollectorOptions, ReadProblem } from '../../src/types.js'

/** User + system CPU time of this process from /proc/self/stat, in ms (10 ms ticks): the kernel's count. */
export const kernelProcessCpuMs = (): number => {
  const stat = readFileSync('/proc/self/stat', 'latin1')
  // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

export const busyFor = (ms: number): void => {
  const end = performance.now() + ms
  let spin = 0
  while (performance.now() < end) spin++
  if (spin < 0) throw new Error('unreachable')
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A procfs collector that fails the test on any read problem, measuring the interval around `between`. */
export const measureAround = async (
  between: () => unknown,
  options: Omit<CollectorOptions, 'onReadProblem'> = {},
): Promise<Utilization> => {
  const problems: ReadProblem[] = []
  const collector = createCollector({ source: 'procfs', ...options, onReadProblem: (p) => problems.push(p) })
  try {
    const before = await collector.sample()
    await between()
    const after = await collector.sample()
    if (problems.length > 0) throw new Error(`read problems: ${JSON.stringify(problems)}`)
    return measure(before, after)
  } finally {
    collector.close()
  }
}

export { median } from '@utilization-metrics/test-support'

/** Runs a root-only system command, returning false (instead of throwing) where it is not permitted. */
export const tryCommand = (command: string, args: readonly string[]): boolean => {
  try {
    execFileSync(command, args, { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export const within = (actual: number, expected: number, fraction: number) =>
  Math.abs(actual - expected) <= Math.abs(expected) * fraction
