import { describe, expect, it } from 'vitest'
import { RecentReading } from './recent-reading.js'

/** A RecentReading over a counter that says how often it was read. */
const counting = (maxAgeMs: number) => {
  const reads = { count: 0, fail: false }
  const recent = new RecentReading(maxAgeMs, () => {
    if (reads.fail) throw new Error('unreadable')
    reads.count++
    return reads.count
  })
  return { reads, recent }
}

describe('RecentReading', () => {
  it.each([
    { ageMs: 0, reads: 1 },
    { ageMs: 9.999, reads: 1 },
    { ageMs: 10, reads: 2 },
    { ageMs: -0.001, reads: 2 },
  ])('a reading $ageMs ms old (limit 10 ms) makes $reads reads in all', ({ ageMs, reads: expected }) => {
    // Prepare
    const { reads, recent } = counting(10)
    const first = recent.at(1_000)

    // Act
    const second = recent.at(1_000 + ageMs)

    // Assess: a kept reading keeps the time it was taken at.
    expect(reads.count).toBe(expected)
    expect(second).toEqual(expected === 1 ? first : { reading: 2, takenAtMs: 1_000 + ageMs })
  })

  it('never serves a reading once a read failed: the next call reads again', () => {
    // Prepare
    const { reads, recent } = counting(10)
    recent.at(1_000)
    reads.fail = true

    // Act
    const failure = (() => {
      try {
        recent.at(1_010)
      } catch (error) {
        return error
      }
    })()
    reads.fail = false
    const after = recent.at(1_011)

    // Assess
    expect(failure).toBeInstanceOf(Error)
    expect(after).toEqual({ reading: 2, takenAtMs: 1_011 })
  })

  it('reads again after forget()', () => {
    // Prepare
    const { reads, recent } = counting(10)
    recent.at(1_000)

    // Act
    recent.forget()
    const after = recent.at(1_000)

    // Assess
    expect(reads.count).toBe(2)
    expect(after).toEqual({ reading: 2, takenAtMs: 1_000 })
  })

  it('fresh() reads however young the kept reading, and keeps what it read', () => {
    // Prepare
    const { reads, recent } = counting(10)
    recent.at(1_000)

    // Act
    const fresh = recent.fresh(1_001)
    const reused = recent.at(1_002)

    // Assess
    expect(reads.count).toBe(2)
    expect(fresh).toEqual({ reading: 2, takenAtMs: 1_001 })
    expect(reused).toBe(fresh)
  })

  it('fresh() that fails leaves nothing kept: the next at() reads again, even within the limit', () => {
    // Prepare
    const { reads, recent } = counting(10)
    recent.at(1_000)
    reads.fail = true

    // Act
    expect(() => recent.fresh(1_001)).toThrow('unreadable')
    reads.fail = false
    const after = recent.at(1_002)

    // Assess
    expect(after).toEqual({ reading: 2, takenAtMs: 1_002 })
  })
})
