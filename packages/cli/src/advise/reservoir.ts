import type { Observation } from './model.js'

/** Invocations kept per function: enough for a stable p95, and a fixed memory whatever the input size. */
export const RESERVOIR_SIZE = 10_000

/** mulberry32: a small seeded generator, so the same input always gives the same sample and advice. */
const seededRandom = (seed: number) => {
  let state = seed >>> 0
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/**
 * A uniform sample of at most `size` observations out of any number (Vitter's algorithm R): every
 * observation seen has the same chance to be in it, and memory stays fixed.
 */
export const createReservoir = (size = RESERVOIR_SIZE) => {
  const durations = new Float64Array(size)
  const cpu = new Float64Array(size)
  const random = seededRandom(1)
  let seen = 0
  return {
    add(observation: Observation): void {
      const slot = seen < size ? seen : Math.floor(random() * (seen + 1))
      seen++
      if (slot >= size) return
      durations[slot] = observation.durationMs
      cpu[slot] = observation.cpuMs
    },
    get seen(): number {
      return seen
    },
    observations(): Observation[] {
      const kept = Math.min(seen, size)
      return Array.from({ length: kept }, (_, index) => ({
        durationMs: durations[index] as number,
        cpuMs: cpu[index] as number,
      }))
    },
  }
}

export type Reservoir = ReturnType<typeof createReservoir>
