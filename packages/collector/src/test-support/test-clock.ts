/**
 * A monotonic clock that moves only when the test says so: a collector on it (`createCollectorOnClock`)
 * stamps its samples with it and ages the readings it keeps on it, so a test proves reuse below a limit and
 * a new reading at it without sleeping. Starts at 1,000 ms, as `performance.now()` never starts at 0.
 */
export class TestClock {
  nowMs = 1_000

  readonly read = (): number => this.nowMs

  advance(ms: number): void {
    this.nowMs += ms
  }
}
