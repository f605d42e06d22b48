/** A reading and the monotonic time (`performance.now()` ms) it was taken at. */
export interface Timed<Reading> {
  readonly reading: Reading
  readonly takenAtMs: number
}

/**
 * Keeps, per collector, the readings that give an interval too short for a coarse counter a defined figure:
 * the most recent reading at least `minSpan` before the current one. Two anchors suffice: the newer one
 * moves forward once the current reading is a full span past it, so the window served is between one and
 * about two minimum spans long. The window is seeded by the first reading, never "since boot": until a
 * reading is a full span past the seed there is no window, and the figure is absent rather than stale.
 */
export class TrailingWindow<Reading> {
  readonly #minSpan: number
  readonly #spanOf: (reading: Reading) => number
  #older: Timed<Reading> | undefined
  #newer: Timed<Reading> | undefined

  /** `spanOf` maps a reading to the counter the span is measured on (say, total CPU milliseconds). */
  constructor(minSpan: number, spanOf: (reading: Reading) => number) {
    this.#minSpan = minSpan
    this.#spanOf = spanOf
  }

  /** Records `current` and returns the start of the trailing window that ends at it, if there is one. */
  startFor(current: Timed<Reading>): Timed<Reading> | undefined {
    const span = this.#spanOf(current.reading)
    if (this.#newer === undefined || span < this.#spanOf(this.#newer.reading)) {
      // The first reading, or counters that went backwards (a restored snapshot): seed again from here.
      this.#older = undefined
      this.#newer = current
      return undefined
    }
    if (span - this.#spanOf(this.#newer.reading) < this.#minSpan) return this.#older
    const start = this.#newer
    this.#older = this.#newer
    this.#newer = current
    return start
  }
}
