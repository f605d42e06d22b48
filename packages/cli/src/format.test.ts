import { describe, expect, it } from 'vitest'
import { parseLogLine } from './emf.js'
import { formatNumber, formatRecord, formatSummary, formatValue } from './format.js'
import { summarize } from './summarize.js'
import { emfLine } from './test-support/emf-line.js'

describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [7, '7'],
    [1234567, '1,234,567'],
    [1234.56, '1,235'],
    [12.345, '12.3'],
    [0.52, '0.52'],
    [0.000123, '0.000123'],
  ])('%d reads %s', (value, expected) => {
    expect(formatNumber(value)).toBe(expected)
  })
})

describe('formatValue', () => {
  it.each([
    [42.06, 'Percent', '42.1%'],
    [100, 'Percent', '100%'],
    [512, 'Bytes', '512 B'],
    [1536, 'Bytes', '1.5 KiB'],
    [642_000_000, 'Bytes', '612 MiB'],
    [5 * 1024 ** 4, 'Bytes', '5 TiB'],
    [0.639, 'Milliseconds', '0.639 ms'],
    [999, 'Milliseconds', '999 ms'],
    [1500, 'Milliseconds', '1.5 s'],
    [660_000, 'Milliseconds', '11 min'],
    [7_200_000, 'Milliseconds', '2 h'],
    [3 * 86_400_000, 'Milliseconds', '3 d'],
    [3, 'Count', '3'],
    [0.43, 'None', '0.43'],
    [2, 'Seconds', '2 Seconds'],
  ])('%d %s reads %s', (value, unit, expected) => {
    expect(formatValue(value, unit)).toBe(expected)
  })
})

describe('formatSummary', () => {
  it('prints one aligned table per series and a closing count of what was skipped', () => {
    // Arrange
    const lines = [
      emfLine({
        dimensions: [['service', 'BuildId']],
        values: { BuildId: 'b-1', CPUPercent: 5, MemoryUsed: 1024 },
        metrics: { CPUPercent: 'Percent', MemoryUsed: 'Bytes' },
      }),
      emfLine({
        dimensions: [['service', 'BuildId']],
        values: { BuildId: 'b-1', CPUPercent: 95.5, MemoryUsed: 3 * 1024 },
        metrics: { CPUPercent: 'Percent', MemoryUsed: 'Bytes' },
      }),
      'START RequestId: 1',
      '{"_aws": cut',
    ]

    // Act
    const text = formatSummary(summarize(lines))

    // Assess
    expect(text).toBe(
      [
        'app  service=orders BuildId=b-1  (2 records)',
        '  metric      unit     n    min  median    max',
        '  CPUPercent  Percent  2     5%   50.3%  95.5%',
        '  MemoryUsed  Bytes    2  1 KiB   2 KiB  3 KiB',
        '',
        '2 EMF records, 1 other line ignored, 1 malformed EMF line (line 4: not valid JSON).',
        '',
      ].join('\n'),
    )
  })

  it('says so when there is nothing to summarize, and elides malformed lines beyond the examples', () => {
    const text = formatSummary(summarize(['{"_aws":1}', '{"_aws":2}', '{"_aws":3}', '{"_aws":4}']))

    expect(text).toBe(
      'No EMF records found.\n\n0 EMF records, 0 other lines ignored, 4 malformed EMF lines (line 1: _aws is not an object; ' +
        'line 2: _aws is not an object; line 3: _aws is not an object; ...).\n',
    )
  })

  it('labels a series without dimensions', () => {
    const text = formatSummary(
      summarize([emfLine({ dimensions: [[]], values: { A: 1 }, metrics: { A: 'Count' } })]),
    )

    expect(text.split('\n')[0]).toBe('app  (no dimensions)  (1 record)')
  })
})

describe('formatRecord', () => {
  it('puts a record on one line: namespace, dimension sets, size, then each metric with its unit', () => {
    // Arrange
    const line = emfLine({
      dimensions: [['service'], ['service', 'BuildId']],
      values: { BuildId: 'b-1', CPUPercent: 12.34, NetBytesSent: [1, 2048] },
      metrics: { CPUPercent: 'Percent', NetBytesSent: 'Bytes' },
    })
    const parsed = parseLogLine(line)
    if (parsed.kind !== 'emf') throw new Error('fixture is not EMF')

    // Act
    const text = formatRecord(parsed.record)

    // Assess
    expect(text).toBe(
      `app [service][service,BuildId] ${Buffer.byteLength(line)} B  CPUPercent 12.3%  NetBytesSent 1 B|2 KiB`,
    )
  })
})
