import { describe, expect, it } from 'vitest'
import { invocationCostUsd, LIST_PRICES, listPrices } from './prices.js'

describe('list prices', () => {
  it('are the published ones, with the day they were read', () => {
    expect(LIST_PRICES).toMatchObject({
      date: '2026-12-01',
      requestUsdPerMillion: 0.2,
      gbSecondUsd: { x86_64: 0.0000166667, arm64: 0.0000133334 },
      billingStepMs: 1,
    })
  })
})

describe('invocationCostUsd, by hand', () => {
  it.each([
    // memory, duration, architecture, cost: ceil(ms) / 1000 s x MB / 1024 GB x price + $0.20 / 1e6
    [128, 126.19, 'x86_64', 0.127 * 0.125 * 0.0000166667 + 0.0000002],
    [1024, 102, 'x86_64', 0.102 * 0.0000166667 + 0.0000002],
    [1024, 102, 'arm64', 0.102 * 0.0000133334 + 0.0000002],
    [1769, 0.4, 'x86_64', 0.001 * (1769 / 1024) * 0.0000166667 + 0.0000002],
    [10240, 1000, 'arm64', 10 * 0.0000133334 + 0.0000002],
  ] as const)('%i MB for %d ms on %s costs %d USD', (memoryMb, durationMs, architecture, cost) => {
    expect(invocationCostUsd(memoryMb, durationMs, listPrices(architecture))).toBeCloseTo(cost, 15)
  })

  it('bills a started millisecond in full', () => {
    const prices = listPrices('x86_64')

    expect(invocationCostUsd(1024, 100.01, prices)).toBe(invocationCostUsd(1024, 101, prices))
    expect(invocationCostUsd(1024, 100, prices)).toBeLessThan(invocationCostUsd(1024, 100.01, prices))
  })

  it('gives $0.4646 per million at 128 MB and 126.19 ms, as docs/advise.md works out', () => {
    expect(invocationCostUsd(128, 126.19, listPrices('x86_64')) * 1e6).toBeCloseTo(0.4646, 4)
  })
})
