import { os } from '../builtins.js'
import type { ProcessCpuReading, ProcessMemoryReading } from '../types.js'

/** AWS Lambda allocates CPU in proportion to memory: one full vCPU at 1,769 MB. */
export const MB_PER_LAMBDA_VCPU = 1769

/**
 * The process's CPU time and peak resident set from one getrusage call (`process.resourceUsage()`, 0.1 µs
 * dearer than `process.cpuUsage()`): a caller that wants both at the end of an invocation, the
 * middleware's advice fields, then makes one system call instead of two.
 */
export const readProcessCpu = (): ProcessCpuReading => {
  const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage()
  // maxRSS is in KiB (getrusage's ru_maxrss on Linux).
  return { userMicros: userCPUTime, systemMicros: systemCPUTime, maxRssBytes: maxRSS * 1024 }
}

export const readProcessMemory = (): ProcessMemoryReading => {
  const { rss, heapUsed } = process.memoryUsage()
  // maxRSS is in KiB (getrusage's ru_maxrss on Linux).
  return { rssBytes: rss, heapUsedBytes: heapUsed, maxRssBytes: process.resourceUsage().maxRSS * 1024 }
}

export const readEventLoop = () => performance.eventLoopUtilization()

/**
 * vCPUs the function may use: configured memory / 1,769 MB on Lambda, never more than the CPUs the VM
 * shows; all available CPUs when no memory size is configured.
 */
export const vcpuEntitlement = (
  configuredMemoryMb: number | undefined,
  cpuCount = os().availableParallelism(),
) =>
  configuredMemoryMb === undefined ? cpuCount : Math.min(cpuCount, configuredMemoryMb / MB_PER_LAMBDA_VCPU)
