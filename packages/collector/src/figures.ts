/**
 * How readings become figures: the pure arithmetic every metric definition in `metrics.ts` is built from.
 * A figure that cannot be known is `undefined`; `measure` also drops anything not finite or negative.
 */
import type { CpuTimes, ProcessCpuReading, Reading, Sample } from './types.js'

/**
 * Below this much CPU time (summed over all CPUs) an interval is too short for /proc/stat, which counts in
 * 10 ms ticks: a 2 ms invocation usually reads as 0 busy ticks out of 0. Such intervals report CPUPercent
 * over the trailing window the collector keeps instead (see `Sample.cpuBaseline`). 1,000 ms is 100 ticks,
 * so the figure has 1 % resolution; on Lambda's usual two vCPUs it is half a second of wall time.
 */
export const MIN_CPU_WINDOW_MS = 1000

const PERCENT = 100

/** A counter's growth; undefined when it went backwards (a reset or a wrapped counter). */
export const growth = (before: number, after: number): number | undefined =>
  after >= before ? after - before : undefined

/** `part` as a share of `whole`, capped at 100; undefined for an empty whole. */
export const percentOf = (part: number, whole: number): number | undefined =>
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

/** What a metric definition says about its figure: the reading it needs and how it becomes the figure. */
export interface FigureRule {
  /** The part of a {@link Sample} the figure comes from; its reader runs only when a selected metric needs it. */
  readonly reading: Reading
  /** `counter`: read at both ends of the interval (in `counters` samples too); `gauge`: only at the end. */
  readonly kind: 'counter' | 'gauge'
  /** The figure for the interval between two samples; undefined when it cannot be known. */
  readonly figure: (before: Sample, after: Sample) => number | undefined
}

type ReadingOf<R extends Reading> = NonNullable<Sample[R]>

/** A figure from the reading at the end of the interval. */
export const gauge = <R extends Reading>(
  reading: R,
  figure: (end: ReadingOf<R>) => number | undefined,
): FigureRule => ({
  reading,
  kind: 'gauge',
  figure: (_before, after) => {
    const end = after[reading]
    return end === undefined ? undefined : figure(end as ReadingOf<R>)
  },
})

/** A figure from the readings at both ends of the interval; undefined when either is missing. */
export const counter = <R extends Reading>(
  reading: R,
  figure: (start: ReadingOf<R>, end: ReadingOf<R>, before: Sample, after: Sample) => number | undefined,
): FigureRule => ({
  reading,
  kind: 'counter',
  figure: (before, after) => {
    const start = before[reading]
    const end = after[reading]
    return start === undefined || end === undefined
      ? undefined
      : figure(start as ReadingOf<R>, end as ReadingOf<R>, before, after)
  },
})

export const cpuPercentRule: FigureRule = {
  reading: 'cpu',
  kind: 'counter',
  // A figure even without a starting reading: the trailing window in `cpuBaseline` stands in for it.
  figure: (before, after) =>
    after.cpu === undefined ? undefined : cpuBusyPercent(before.cpu, after.cpu, after.cpuBaseline),
}

/** Process CPU time (user + system) between two readings, in milliseconds. */
export const processCpuMs = (start: ProcessCpuReading, end: ProcessCpuReading): number | undefined => {
  const user = growth(start.userMicros, end.userMicros)
  const system = growth(start.systemMicros, end.systemMicros)
  return user === undefined || system === undefined ? undefined : (user + system) / 1000
}

/**
 * performance.eventLoopUtilization(after, before) does not check the order, and readings that went
 * backwards make it report utilizations above 1: treat idle and active time as the counters they are.
 */
export const eventLoopBusyPercent = (
  start: { readonly idle: number; readonly active: number },
  end: { readonly idle: number; readonly active: number },
): number | undefined => {
  const idle = growth(start.idle, end.idle)
  const active = growth(start.active, end.active)
  return idle === undefined || active === undefined ? undefined : percentOf(active, idle + active)
}
