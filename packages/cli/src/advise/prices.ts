/** An instruction set Lambda runs functions on; the price of a GB-second depends on it. */
export type Architecture = 'x86_64' | 'arm64'

export const ARCHITECTURES: readonly Architecture[] = ['x86_64', 'arm64']

export interface Prices {
  /** USD per GB-second of configured memory (1 GB = 1,024 MB, as Lambda bills it). */
  readonly gbSecondUsd: number
  /** USD per request. */
  readonly requestUsd: number
}

/**
 * Lambda on-demand list prices (us-east-1, first tier), as published on the day below. `--price`
 * overrides the GB-second price for other regions, tiers or a Savings Plan.
 */
export const LIST_PRICES = {
  date: '2026-12-01',
  region: 'us-east-1',
  requestUsdPerMillion: 0.2,
  gbSecondUsd: { x86_64: 0.0000166667, arm64: 0.0000133334 },
  /** Lambda bills duration rounded up to the next millisecond. */
  billingStepMs: 1,
} as const

export const listPrices = (architecture: Architecture): Prices => ({
  gbSecondUsd: LIST_PRICES.gbSecondUsd[architecture],
  requestUsd: LIST_PRICES.requestUsdPerMillion / 1_000_000,
})

/** What one invocation of `durationMs` costs at `memoryMb`, with its duration billed in 1 ms steps. */
export const invocationCostUsd = (memoryMb: number, durationMs: number, prices: Prices): number => {
  const billedMs = Math.ceil(durationMs / LIST_PRICES.billingStepMs) * LIST_PRICES.billingStepMs
  return (billedMs / 1000) * (memoryMb / 1024) * prices.gbSecondUsd + prices.requestUsd
}
