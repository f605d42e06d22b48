/**
 * How readings become figures: the pure arithmetic every metric definition in `metrics.ts` is built from.
 * A figure that cannot be known is `undefined`; `measure` also drops anything not finite or negative.
 */
import type { CpuTimes, HeldTimes, ProcessCpuReading, Reading, Sample, TrailingWindowOf } from './types.js'

/**
 * Below this much CPU time (summed over all CPUs) an interval is too short for /proc/stat, which counts in
 * 10 ms ticks: a 2 ms invocation usually reads as 0 busy ticks out of 0. Where the tick counters are the only
 * machine-wide ones, such intervals report CPUPercent over the trailing window the collector keeps instead
 * (see `TrailingWindowOf`). 1,000 ms is 100 ticks, so the figure has 1 % resolution; on Lambda's usual two
 * vCPUs it is half a second of wall time.
 */
export const MIN_CPU_WINDOW_MS = 1000

const PERCENT = 100

/** A counter's growth; undefined when it went backwards (a reset or a wrapped counter). */
export const growth = (before: number, after: number): number | undefined =>
  after >= before ? after - before : undefined

/** `part` as a percentage of `whole`, not capped: above 100 means more than the whole. */
export const uncappedPercentOf = (part: number, whole: number): number | undefined =>
  whole > 0 ? (PERCENT * part) / whole : undefined

/** `part` as a share of `whole`, capped at 100; undefined for an empty whole. */
export const percentOf = (part: number, whole: number): number | undefined =>
  whole > 0 ? Math.min(PERCENT, (PERCENT * part) / whole) : undefined

/**
 * The reading a windowed counter's figure starts from: the interval's own start when the interval spans at
 * least the counter's minimum, else the start of the trailing window (flagged, so the record can say which
 * window it covers); undefined when there is neither.
 */
export const windowedStart = <Counters>(
  before: Counters | undefined,
  after: Counters & TrailingWindowOf<Counters>,
  spanOf: (counters: Counters) => number,
): { readonly start: Counters; readonly startMs?: number } | undefined => {
  if (before !== undefined && spanOf(after) - spanOf(before) >= after.minWindow) return { start: before }
  const { windowStart } = after
  return windowStart === undefined ? undefined : { start: windowStart, startMs: windowStart.takenAtMs }
}

const totalMsOf = (times: CpuTimes) => times.totalMs
const wallMsOf = (times: HeldTimes) => times.wallMs

/** `part` over `whole` between `start` and `end`; undefined when either went backwards. */
const shareOfGrowth = (
  startPart: number,
  endPart: number,
  startWhole: number,
  endWhole: number,
): number | undefined => {
  const part = growth(startPart, endPart)
  const whole = growth(startWhole, endWhole)
  return part === undefined || whole === undefined ? undefined : percentOf(part, whole)
}

/** Busy share of all CPUs over the interval, or over the trailing window for a coarse counter. */
export const cpuBusyPercent = (before: Sample, after: Sample): number | undefined => {
  if (after.cpu === undefined) return undefined
  const from = windowedStart(before.cpu, after.cpu, totalMsOf)
  return from && shareOfGrowth(from.start.busyMs, after.cpu.busyMs, from.start.totalMs, after.cpu.totalMs)
}

/** Held-back time as a share of wall time over the interval, or over the trailing window for steal. */
export const cpuThrottledPercent = (before: Sample, after: Sample): number | undefined => {
  if (after.cpuThrottle === undefined) return undefined
  const from = windowedStart(before.cpuThrottle, after.cpuThrottle, wallMsOf)
  return (
    from &&
    shareOfGrowth(from.start.heldMs, after.cpuThrottle.heldMs, from.start.wallMs, after.cpuThrottle.wallMs)
  )
}

/**
 * The windows, in wall milliseconds, that the CPU figures of a record cover where they cover more than the
 * interval between `before` and `after` (a trailing window of a coarse counter); a figure over the
 * interval itself, or absent, has no entry.
 */
export const cpuWindowsMs = (
  before: Sample,
  after: Sample,
): { readonly CPUPercent?: number; readonly CPUThrottledPercent?: number } => {
  const busy = after.cpu && windowedStart(before.cpu, after.cpu, totalMsOf)?.startMs
  const held = after.cpuThrottle && windowedStart(before.cpuThrottle, after.cpuThrottle, wallMsOf)?.startMs
  // A window ends at its end reading, which a reused /proc/stat reading dates before the sample.
  return {
    ...(busy === undefined ? {} : { CPUPercent: (after.cpu?.takenAtMs ?? after.takenAtMs) - busy }),
    ...(held === undefined
      ? {}
      : { CPUThrottledPercent: (after.cpuThrottle?.takenAtMs ?? after.takenAtMs) - held }),
  }
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

// Counters whose figure needs no starting reading when the trailing window stands in for it.
export const cpuPercentRule: FigureRule = { reading: 'cpu', kind: 'counter', figure: cpuBusyPercent }
// The `cpu` reader reads held-back time too.
export const cpuThrottledPercentRule: FigureRule = {
  reading: 'cpu',
  kind: 'counter',
  figure: cpuThrottledPercent,
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
