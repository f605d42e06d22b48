import type { CpuTimes, Sample, Utilization } from './types.js'

/**
 * Below this much CPU time (summed over all CPUs) an interval is too short for /proc/stat, which counts in
 * 10 ms ticks: a 2 ms invocation usually reads as 0 busy ticks out of 0. Such intervals report CPUPercent
 * over the trailing window the collector keeps instead (see `Sample.cpuBaseline`). 1,000 ms is 100 ticks,
 * so the figure has 1 % resolution; on Lambda's usual two vCPUs it is half a second of wall time.
 */
export const MIN_CPU_WINDOW_MS = 1000

const PERCENT = 100

type MutableUtilization = { -readonly [Name in keyof Utilization]: Utilization[Name] }

/** Keeps only figures that are real measurements: finite and not negative. */
const put = (figures: MutableUtilization, name: keyof Utilization, value: number | undefined): void => {
  if (value !== undefined && Number.isFinite(value) && value >= 0) figures[name] = value
}

/** A counter's growth; undefined when it went backwards (a reset or a wrapped counter). */
const growth = (before: number, after: number): number | undefined =>
  after >= before ? after - before : undefined

const percentOf = (part: number, whole: number): number | undefined =>
  whole > 0 ? Math.min(PERCENT, (PERCENT * part) / whole) : undefined

/** Busy share of the CPU window: the interval itself when long enough, else the collector's trailing window. */
export const cpuBusyPercent = (
  before: CpuTimes | undefined,
  after: CpuTimes,
  baseline: CpuTimes | undefined,
): number | undefined => {
  const start = before && after.totalMs - before.totalMs >= MIN_CPU_WINDOW_MS ? before : (baseline ?? before)
  if (!start) return undefined
  const busy = growth(start.busyMs, after.busyMs)
  const total = growth(start.totalMs, after.totalMs)
  if (busy === undefined || total === undefined) return undefined
  return percentOf(busy, total)
}

/**
 * The figures for the interval between two samples of one collector. Counters (CPU, network, process CPU,
 * event loop) are differences between the two; gauges (disk, load, uptime, memory, descriptors, threads)
 * are the `after` reading. A figure whose readings are missing or inconsistent is absent.
 */
export const measure = (before: Sample, after: Sample): Utilization => {
  const figures: MutableUtilization = {}
  const intervalMs = after.takenAtMs - before.takenAtMs

  if (after.cpu) put(figures, 'CPUPercent', cpuBusyPercent(before.cpu, after.cpu, after.cpuBaseline))

  if (after.disk) {
    const { usedBytes, availableBytes } = after.disk
    put(figures, 'DiskUsedPercent', percentOf(usedBytes, usedBytes + availableBytes))
    put(figures, 'DiskUsedBytes', usedBytes)
    put(figures, 'DiskFreeBytes', availableBytes)
  }

  put(figures, 'Uptime', after.uptimeMs)

  if (after.load) {
    put(figures, 'Load1', after.load.load1)
    put(figures, 'Load5', after.load.load5)
    put(figures, 'Load15', after.load.load15)
  }

  if (before.network && after.network) {
    put(figures, 'NetBytesSent', growth(before.network.bytesSent, after.network.bytesSent))
    put(figures, 'NetBytesRecv', growth(before.network.bytesRecv, after.network.bytesRecv))
    put(figures, 'NetErrin', growth(before.network.errorsIn, after.network.errorsIn))
    put(figures, 'NetErrout', growth(before.network.errorsOut, after.network.errorsOut))
  }

  if (after.memory) {
    put(figures, 'MemoryUsed', after.memory.usedBytes)
    put(figures, 'MemoryUtilization', percentOf(after.memory.usedBytes, after.memory.limitBytes))
  }

  if (before.processCpu && after.processCpu) {
    const user = growth(before.processCpu.userMicros, after.processCpu.userMicros)
    const system = growth(before.processCpu.systemMicros, after.processCpu.systemMicros)
    if (user !== undefined && system !== undefined) {
      const cpuMs = (user + system) / 1000
      put(figures, 'ProcessCPUTime', cpuMs)
      if (after.vcpuEntitlement !== undefined) {
        put(figures, 'ProcessCPUPercent', percentOf(cpuMs, intervalMs * after.vcpuEntitlement))
      }
    }
  }

  if (after.processMemory) {
    put(figures, 'ProcessRSS', after.processMemory.rssBytes)
    put(figures, 'ProcessHeapUsed', after.processMemory.heapUsedBytes)
  }

  if (after.fileDescriptors) {
    const { open, softLimit } = after.fileDescriptors
    put(figures, 'FileDescriptors', open)
    if (softLimit !== undefined) put(figures, 'FileDescriptorUtilization', percentOf(open, softLimit))
  }

  put(figures, 'Threads', after.threads)

  if (before.eventLoop && after.eventLoop) {
    // performance.eventLoopUtilization(after, before) does not check the order, and readings that went
    // backwards make it report utilizations above 1: treat idle and active time as the counters they are.
    const idle = growth(before.eventLoop.idle, after.eventLoop.idle)
    const active = growth(before.eventLoop.active, after.eventLoop.active)
    if (idle !== undefined && active !== undefined) {
      put(figures, 'EventLoopUtilization', percentOf(active, idle + active))
    }
  }

  return figures
}
