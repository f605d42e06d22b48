import type { Timed } from '../cpu/trailing-window.js'

/**
 * The last reading of a kernel file whose content cannot have moved (or moves only predictably) for
 * `maxAgeMs`, kept by its collector: reused while younger than `maxAgeMs` at the sample's time, read again
 * from that age on. A read that throws drops what was kept, so a failure is never served as a reading and
 * the next sample reads again. Ages are measured on the collector's clock (the sample's `takenAtMs`); a
 * clock that went backwards (a test's) reads again.
 */
export class RecentReading<Value> {
  readonly #maxAgeMs: number
  readonly #read: () => Value
  #last: Timed<Value> | undefined

  constructor(maxAgeMs: number, read: () => Value) {
    this.#maxAgeMs = maxAgeMs
    this.#read = read
  }

  /** The kept reading while it is young enough at `atMs`, else a new one stamped `atMs`. */
  at(atMs: number): Timed<Value> {
    const last = this.#last
    if (last !== undefined) {
      const ageMs = atMs - last.takenAtMs
      if (ageMs >= 0 && ageMs < this.#maxAgeMs) return last
    }
    return this.fresh(atMs)
  }

  /**
   * A new reading stamped `atMs`, kept, however young the kept one: for a sample that must not reuse.
   * What was kept is dropped first, so a read that throws leaves nothing to reuse.
   */
  fresh(atMs: number): Timed<Value> {
    this.#last = undefined
    const last = { reading: this.#read(), takenAtMs: atMs }
    this.#last = last
    return last
  }

  /** Keeps `reading`, taken at `atMs` by the caller (say, a probe that had to read the file anyway). */
  keep(reading: Value, atMs: number): void {
    this.#last = { reading, takenAtMs: atMs }
  }

  /** Drops the kept reading: the next call reads. */
  forget(): void {
    this.#last = undefined
  }
}
