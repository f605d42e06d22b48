import { describe, expect, it } from 'vitest'
import { emfProblems, emfRecords } from './index.ts'

const valid = {
  _aws: {
    Timestamp: 1_700_000_000_000,
    CloudWatchMetrics: [
      {
        Namespace: 'shop',
        Dimensions: [['service'], ['service', 'BuildId']],
        Metrics: [
          { Name: 'CPUPercent', Unit: 'Percent' },
          { Name: 'Latency', Unit: 'Milliseconds', StorageResolution: 1 },
        ],
      },
    ],
  },
  service: 'orders',
  BuildId: '1.4.2',
  CPUPercent: 12.5,
  Latency: [3, 4],
  requestId: 'metadata is free-form',
}

/** `valid` with one change made by `edit` on a deep copy. */
const breaking = (edit: (record: typeof valid) => void): unknown => {
  const copy = structuredClone(valid)
  edit(copy)
  return copy
}

describe('emfProblems', () => {
  it('accepts a record that follows the specification', () => {
    expect(emfProblems(valid)).toEqual([])
  })

  it.each([
    ['no _aws object', { service: 'orders' }, 'no _aws object'],
    [
      'a timestamp in seconds as a string',
      breaking((r) => Object.assign(r._aws, { Timestamp: '1700000000' })),
      'Timestamp',
    ],
    ['no directive', breaking((r) => Object.assign(r._aws, { CloudWatchMetrics: [] })), 'CloudWatchMetrics'],
    [
      'an empty namespace',
      breaking((r) => Object.assign(r._aws.CloudWatchMetrics[0] ?? {}, { Namespace: '' })),
      'Namespace',
    ],
    [
      'a dimension without a value',
      breaking((r) => Object.assign(r, { BuildId: undefined })),
      'dimension BuildId',
    ],
    ['a numeric dimension value', breaking((r) => Object.assign(r, { BuildId: 142 })), 'dimension BuildId'],
    [
      'a metric without a value',
      breaking((r) => Object.assign(r, { CPUPercent: undefined })),
      'metric CPUPercent',
    ],
    ['a metric as a string', breaking((r) => Object.assign(r, { CPUPercent: '12.5' })), 'metric CPUPercent'],
    ['an empty value array', breaking((r) => Object.assign(r, { Latency: [] })), 'metric Latency'],
    [
      'an unknown unit',
      breaking((r) => Object.assign(r._aws.CloudWatchMetrics[0]?.Metrics[0] ?? {}, { Unit: 'Percentage' })),
      'not a CloudWatch unit',
    ],
    [
      'a storage resolution of 5',
      breaking((r) => Object.assign(r._aws.CloudWatchMetrics[0]?.Metrics[1] ?? {}, { StorageResolution: 5 })),
      'StorageResolution 5',
    ],
    [
      'no metric',
      breaking((r) => Object.assign(r._aws.CloudWatchMetrics[0] ?? {}, { Metrics: [] })),
      '.Metrics',
    ],
  ])('rejects %s', (_name, record, problem) => {
    expect(emfProblems(record).join('; ')).toContain(problem)
  })
})

describe('emfRecords', () => {
  it('reads bare JSON lines and skips lines that are not EMF', () => {
    const lines = ['{"level":"INFO","message":"hello"}', JSON.stringify(valid), 'plain text']
    expect(emfRecords(lines)).toEqual([valid])
  })

  it('refuses a record behind a runtime log prefix, which CloudWatch would not extract', () => {
    const line = `2026-01-01T00:00:00.000Z\tabc\tINFO\t${JSON.stringify(valid)}`
    expect(() => emfRecords([line])).toThrow('not a bare JSON line')
  })

  it('refuses an invalid record', () => {
    expect(() => emfRecords([JSON.stringify({ ...valid, CPUPercent: null })])).toThrow('metric CPUPercent')
  })
})
