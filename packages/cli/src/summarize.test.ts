import { describe, expect, it } from 'vitest'
import { createSummarizer, median, summarize } from './summarize.js'
import { emfLine } from './test-support/emf-line.js'

describe('median', () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[-1, 10], 4.5],
  ])('of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected)
  })

  it('refuses no values rather than inventing one', () => {
    expect(() => median([])).toThrow(RangeError)
  })
})

describe('summarize', () => {
  const record = (cpu: number, build: string) =>
    emfLine({
      dimensions: [['service'], ['service', 'BuildId']],
      values: { BuildId: build, CPUPercent: cpu, Load1: 0.5 },
      metrics: { CPUPercent: 'Percent', Load1: 'None' },
    })

  it('gives min, median and max per metric for each namespace and dimension set, in order of appearance', () => {
    // Act
    const summary = summarize([record(10, 'a'), record(30, 'b'), record(20, 'a')])

    // Assess
    expect(summary.series.map((series) => [series.dimensions, series.records])).toEqual([
      [[['service', 'orders']], 3],
      [
        [
          ['service', 'orders'],
          ['BuildId', 'a'],
        ],
        2,
      ],
      [
        [
          ['service', 'orders'],
          ['BuildId', 'b'],
        ],
        1,
      ],
    ])
    expect(summary.series[0]?.metrics).toEqual([
      { name: 'CPUPercent', unit: 'Percent', count: 3, min: 10, median: 20, max: 30 },
      { name: 'Load1', unit: 'None', count: 3, min: 0.5, median: 0.5, max: 0.5 },
    ])
    expect(summary.series[1]?.metrics[0]).toMatchObject({ count: 2, min: 10, median: 15, max: 20 })
  })

  it('counts every value of a metric published as an array', () => {
    const line = emfLine({ values: { Bytes: [1, 2, 3, 4] }, metrics: { Bytes: 'Bytes' } })

    expect(summarize([line]).series[0]?.metrics[0]).toMatchObject({ count: 4, min: 1, median: 2.5, max: 4 })
  })

  it('keeps one metric published under two units apart, as CloudWatch does', () => {
    const lines = [
      emfLine({ values: { Uptime: 1 }, metrics: { Uptime: 'Seconds' } }),
      emfLine({ values: { Uptime: 1000 }, metrics: { Uptime: 'Milliseconds' } }),
    ]

    expect(summarize(lines).series[0]?.metrics.map((metric) => metric.unit)).toEqual([
      'Seconds',
      'Milliseconds',
    ])
  })

  it('separates namespaces with the same dimensions', () => {
    const lines = [
      emfLine({ namespace: 'one', values: { A: 1 }, metrics: { A: 'Count' } }),
      emfLine({ namespace: 'two', values: { A: 1 }, metrics: { A: 'Count' } }),
    ]

    expect(summarize(lines).series.map((series) => series.namespace)).toEqual(['one', 'two'])
  })

  it('ignores other lines, skips blank ones and reports malformed ones with their line numbers', () => {
    // Arrange
    const good = record(10, 'a')
    const lines = [
      'START RequestId: 1',
      '',
      good,
      '{"_aws": truncated',
      '   ',
      '{"_aws":{}}',
      good.slice(0, 50),
      'x',
    ]

    // Act
    const summary = summarize([...lines, '{"_aws":[]}'])

    // Assess
    expect(summary).toMatchObject({ emfRecords: 1, ignoredLines: 2, malformedLines: 4 })
    expect(summary.malformedExamples).toEqual([
      { line: 4, reason: 'not valid JSON' },
      { line: 6, reason: '_aws.Timestamp is not a number' },
      { line: 7, reason: 'not valid JSON' },
    ])
  })

  it('streams: results so far are available after every line', () => {
    const summarizer = createSummarizer()

    summarizer.add(record(10, 'a'))
    const first = summarizer.result()
    summarizer.add(record(50, 'a'))

    expect(first.series[0]?.metrics[0]?.max).toBe(10)
    expect(summarizer.result().series[0]?.metrics[0]?.max).toBe(50)
  })

  it('summarizes more values than a function call takes as arguments', () => {
    const line = emfLine({
      values: { A: Array.from({ length: 200_000 }, (_, i) => i) },
      metrics: { A: 'Count' },
    })

    expect(summarize([line]).series[0]?.metrics[0]).toMatchObject({ count: 200_000, min: 0, max: 199_999 })
  })

  it('is empty for input without records', () => {
    expect(summarize(['hello'])).toEqual({
      emfRecords: 0,
      ignoredLines: 1,
      malformedLines: 0,
      malformedExamples: [],
      series: [],
    })
  })
})
