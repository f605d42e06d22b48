import type { Architecture } from './prices.js'

/** Percentiles of a duration over the invocations `advise` kept (all of them, up to 10,000 per function). */
export interface DurationPercentiles {
  readonly p50: number
  readonly p95: number
}

/** One memory size `advise` priced. */
export interface Candidate {
  readonly memoryMb: number
  /** At the measured size, what was measured; elsewhere, what the model predicts. */
  readonly predictedDurationMs: DurationPercentiles
  /** Duration billed in 1 ms steps at the GB-second price, plus the request price, for a million invocations. */
  readonly costPerMillionUsd: number
  /** False below the memory floor (peak memory plus headroom): never recommended. */
  readonly fitsMemory: boolean
}

export type ConfidenceLevel = 'low' | 'medium' | 'high'

export interface Confidence {
  readonly level: ConfidenceLevel
  /** The invocations the advice rests on. */
  readonly invocations: number
  /** Why the level is lower than the count alone would give: where the model does not apply. */
  readonly caveats: readonly string[]
}

export interface Recommendation {
  readonly memoryMb: number
  /** In words, the first one the verdict: "faster and cheaper", "cheaper at the same speed", ... */
  readonly reasons: readonly string[]
  readonly confidence: Confidence
}

/** The advice for one function (and one value of the `--by` dimensions) at one configured memory size. */
export interface FunctionAdvice {
  readonly namespace: string
  readonly service: string
  readonly functionName: string
  /** The `--by` dimensions and their values; empty without `--by`. */
  readonly dimensions: Readonly<Record<string, string>>
  /** The configured memory the invocations ran with. */
  readonly memoryMb: number
  readonly invocations: number
  readonly durationMs: DurationPercentiles
  readonly cpuTimeMs: { readonly p50: number }
  /** Share (0..1) of invocations whose CPU time over duration reached 90 % of their CPU quota. */
  readonly atCpuQuotaShare: number
  /** Share (0..1) of invocations with CPUThrottledPercent above 0; null when no record carries it. */
  readonly throttledShare: number | null
  /** CPU per second the function used at most (95th percentile, at least 1): where more memory stops helping. */
  readonly parallelism: number
  /** The largest peak resident set seen (REPORT's Max Memory Used or ProcessMaxRSS), in MB; null if none. */
  readonly peakMemoryMb: number | null
  /** Configured memory less the peak, in MB; null if no peak is known. */
  readonly headroomMb: number | null
  /** Peak memory plus the headroom share: no smaller size is recommended. */
  readonly memoryFloorMb: number
  readonly coldStarts: number
  readonly candidates: readonly Candidate[]
  readonly recommendation: Recommendation
}

/** What `advise --json` prints. Fields are only ever added, never renamed or removed. */
export interface AdviceReport {
  readonly functions: readonly FunctionAdvice[]
  readonly architecture: Architecture
  readonly prices: {
    readonly date: string
    readonly gbSecondUsd: number
    readonly requestUsdPerMillion: number
    /** True when `--price` replaced the list price. */
    readonly overridden: boolean
  }
  readonly input: {
    readonly lines: number
    readonly utilizationRecords: number
    readonly reportLines: number
    /** Records joined with their REPORT line through the request id. */
    readonly joinedWithReport: number
    /** Utilization records `advise` could not use: no CPU time or no memory size (older records, interval mode). */
    readonly unusable: number
  }
}
