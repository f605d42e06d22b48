// The advice shape the report draws. Declared here, in one place, until `advise` exports its own types from
// packages/cli/src/advise/types.ts; then this file re-exports those and nothing else changes.

export interface ReportPercentiles {
  readonly p50: number
  readonly p95: number
}

export interface ReportCandidate {
  readonly memoryMb: number
  readonly predictedDurationMs: ReportPercentiles
  readonly costPerMillionUsd: number
  /** False below the memory floor. */
  readonly fitsMemory?: boolean
}

export interface ReportConfidence {
  readonly level: string
  readonly invocations: number
  readonly caveats: readonly string[]
}

export interface ReportFunction {
  readonly namespace: string
  readonly service: string
  readonly functionName: string
  readonly dimensions: Readonly<Record<string, string>>
  readonly memoryMb: number
  readonly invocations: number
  readonly durationMs: ReportPercentiles
  readonly cpuTimeMs: { readonly p50: number }
  readonly peakMemoryMb: number | null
  /** Peak memory plus headroom: shaded on the chart. */
  readonly memoryFloorMb?: number
  /** CPUs the function used at most: more memory than this many vCPUs' worth stops buying speed. */
  readonly parallelism?: number
  readonly candidates: readonly ReportCandidate[]
  readonly recommendation: {
    readonly memoryMb: number
    readonly reasons: readonly string[]
    readonly confidence: ReportConfidence
  }
}

export interface ReportInput {
  readonly functions: readonly ReportFunction[]
  readonly architecture?: string
  readonly prices?: {
    readonly date: string
    readonly gbSecondUsd: number
    readonly requestUsdPerMillion: number
  }
}
