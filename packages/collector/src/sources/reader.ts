import type { CpuCounters } from '../cpu/cpu-counters.js'
import type { ReaderName, Reading, Sample, SampleMode } from '../types.js'

export type MutableSample = { -readonly [Key in keyof Sample]: Sample[Key] }

/**
 * One reader: fills one reading of a sample from one file or API; a failure is reported under its name.
 * `mode` says whether the sample starts an interval (`counters`) or ends one (`full`).
 */
export interface Reader {
  readonly name: ReaderName
  readonly reading: Reading
  readonly read: (sample: MutableSample, mode: SampleMode) => void | Promise<void>
}

/** The readers of one source, and how to release what they keep open. */
export interface Source {
  readonly readers: readonly Reader[]
  readonly close: () => void
}

/** What the readers of every source share, fixed when the collector is created. */
export interface SourceContext {
  readonly procRoot: string
  readonly diskPath: string
  /** Configured function memory in bytes; undefined off Lambda, where total memory is the limit. */
  readonly configuredMemoryBytes: number | undefined
  /** The vCPU entitlement, worked out at its first use: only the `process` group needs it. */
  readonly vcpuEntitlement: () => number
  /** Owned by the collector, so the probed counters and their windows survive `close()`. */
  readonly cpu: CpuCounters
  /** Reports a failed reading that a fallback stood in for (the collector's `onReadProblem`). */
  readonly report: (reader: ReaderName, error: unknown) => void
}

/** A reader that sets `reading` to what `read` returns (or resolves to). */
export const fill = <R extends Reading>(
  name: ReaderName,
  reading: R,
  read: () => Sample[R] | Promise<Sample[R]>,
): Reader => ({
  name,
  reading,
  read: (sample) => {
    const value = read()
    if (value instanceof Promise) {
      return value.then((resolved) => {
        sample[reading] = resolved as MutableSample[R]
      })
    }
    sample[reading] = value as MutableSample[R]
  },
})

/**
 * `primary`, or for one sample `fallback` when `primary` throws: the failure is reported and the next
 * sample tries `primary` again, so a file that failed once is not given up on. Only for gauges: a counter
 * read from two sources at the two ends of a window would give a meaningless difference.
 */
export const withFallback = (context: SourceContext, primary: Reader, fallback: Reader): Reader => ({
  name: primary.name,
  reading: primary.reading,
  read: (sample, mode) => {
    try {
      return primary.read(sample, mode)
    } catch (error) {
      context.report(primary.name, error)
      return fallback.read(sample, mode)
    }
  },
})
