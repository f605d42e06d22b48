import { describe, expect, it } from 'vitest'
import { combineRounds } from './latency.ts'

const round = (medianUs: number, p99Us: number, samples: number) => ({
  id: 'defaultGroups',
  label: '+ utilizationMetrics(), default groups',
  medianUs,
  p99Us,
  samples,
})

describe('combineRounds', () => {
  it("takes the median of the rounds' medians and p99s and counts every sample", () => {
    // Prepare: one slow round (a busy neighbour) among five.
    const rounds = [
      round(40, 90, 100),
      round(41, 95, 110),
      round(90, 300, 40),
      round(39, 88, 105),
      round(42, 99, 95),
    ]

    // Act
    const row = combineRounds(rounds)

    // Assess
    expect(row).toEqual({ ...round(41, 95, 450) })
  })

  it('refuses an empty list, so no row is silently empty', () => {
    expect(() => combineRounds([])).toThrow('no rounds')
  })
})
