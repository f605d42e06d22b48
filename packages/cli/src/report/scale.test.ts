import { describe, expect, it } from 'vitest'
import { linearScale, logScale, niceTicks, powerOfTwoTicks } from './scale.js'

describe('scales', () => {
  it.each([
    [37.04, [0, 10, 20, 30, 40]],
    [250, [0, 50, 100, 150, 200, 250]],
    [2.575, [0, 1, 2, 3]],
    [0.61, [0, 0.2, 0.4, 0.6, 0.8]],
    [0, [0, 1]],
  ])('niceTicks(%d) steps roundly from 0 past the maximum', (max, ticks) => {
    expect(niceTicks(max)).toEqual(ticks)
  })

  it.each([
    [107, 12177, [128, 256, 512, 1024, 2048, 4096, 8192]],
    [128, 1024, [128, 256, 512, 1024]],
  ])('powerOfTwoTicks(%d, %d) is every power of two between', (min, max, ticks) => {
    expect(powerOfTwoTicks(min, max)).toEqual(ticks)
  })

  it('puts each doubling of memory the same distance apart', () => {
    const x = logScale([128, 1024], [0, 300])

    expect([x(128), x(256), x(512), x(1024)]).toEqual([0, 100, 200, 300])
  })

  it('maps a flat domain to the middle of the range', () => {
    expect(linearScale([5, 5], [0, 100])(5)).toBe(50)
  })
})
