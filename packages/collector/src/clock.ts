/**
 * Monotonic milliseconds: `performance.now()` (CLOCK_MONOTONIC), or a test's own clock. One clock per
 * collector stamps every sample (`takenAtMs`); the readings it reuses are aged on the same clock, so a test
 * that moves it proves reuse and re-reading without sleeping.
 */
export type MonotonicClock = () => number

export const performanceNowMs: MonotonicClock = () => performance.now()
