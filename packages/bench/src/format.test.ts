import { describe, expect, it } from 'vitest'
import { formatAddedMicros, formatBytes, formatMicros, formatRatio, median, renderTable } from './format.ts'

describe('renderTable', () => {
  it('pads every column to its widest cell and marks right-aligned columns in the rule', () => {
    const table = renderTable({
      columns: ['Handler', 'Median'],
      align: ['left', 'right'],
      rows: [
        ['bare', '1.07 µs'],
        ['logMetrics + 1 user metric', '6.38 µs'],
      ],
    })
    expect(table.split('\n')).toEqual([
      '| Handler                    |  Median |',
      '| -------------------------- | ------: |',
      '| bare                       | 1.07 µs |',
      '| logMetrics + 1 user metric | 6.38 µs |',
    ])
  })

  it('escapes pipes and fills missing cells, so a row never breaks the table', () => {
    expect(renderTable({ columns: ['a', 'b'], rows: [['x|y']] }).split('\n')).toEqual([
      '| a    | b   |',
      '| ---- | --- |',
      '| x\\|y |     |',
    ])
  })
})

describe('figures', () => {
  it.each([
    [0.3094, '0.31 µs'],
    [54.71, '54.7 µs'],
    [122.24, '122 µs'],
    [29_439.8, '29.44 ms'],
    [Number.NaN, 'n/a'],
  ])('formatMicros(%s) is %s', (micros, text) => {
    expect(formatMicros(micros)).toBe(text)
  })

  it.each([
    [54.71, '+54.7 µs'],
    [-0.2, '-0.20 µs'],
  ])('formatAddedMicros(%s) is %s', (micros, text) => {
    expect(formatAddedMicros(micros)).toBe(text)
  })

  it.each([
    [512, false, '512 B'],
    [22_094, false, '22.1 kB'],
    [470_000, true, '+470.0 kB'],
    [-1_500_000, true, '-1.50 MB'],
    [25_276_520_448, false, '25.3 GB'],
  ])('formatBytes(%s, signed %s) is %s', (bytes, signed, text) => {
    expect(formatBytes(bytes, signed)).toBe(text)
  })

  it.each([
    [6.38, 6.38, '1.00x'],
    [61.1, 6.38, '9.58x'],
    [122.2, 6.38, '19.2x'],
    [29_439.8, 54.7, '538x'],
    [1, 0, 'n/a'],
  ])('formatRatio(%s, %s) is %s', (value, reference, text) => {
    expect(formatRatio(value, reference)).toBe(text)
  })

  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeNaN()
  })
})
