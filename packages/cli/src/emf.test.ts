import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseLogLine } from './emf.js'
import { emfLine } from './test-support/emf-line.js'

const fixture = readFileSync(new URL('./fixtures/aws-logs-tail.txt', import.meta.url), 'utf8').split('\n')
const bareRecord = emfLine({
  dimensions: [['service'], ['service', 'BuildId']],
  values: { BuildId: 'b-7', CPUPercent: 12.5, NetBytesSent: [10, 20] },
  metrics: { CPUPercent: 'Percent', NetBytesSent: 'Bytes' },
})

describe('parseLogLine', () => {
  it('reads a bare record: every dimension set with its values, every metric with its unit and values', () => {
    // Act
    const parsed = parseLogLine(bareRecord)

    // Assess
    expect(parsed).toEqual({
      kind: 'emf',
      root: JSON.parse(bareRecord),
      record: {
        timestamp: 1_795_000_000_000,
        bytes: Buffer.byteLength(bareRecord),
        directives: [
          {
            namespace: 'app',
            dimensionSets: [
              [['service', 'orders']],
              [
                ['service', 'orders'],
                ['BuildId', 'b-7'],
              ],
            ],
            metrics: [
              { name: 'CPUPercent', unit: 'Percent', values: [12.5] },
              { name: 'NetBytesSent', unit: 'Bytes', values: [10, 20] },
            ],
          },
        ],
      },
    })
  })

  it.each([
    ['a CloudWatch Logs export prefix', `2026-11-26T22:17:01.862Z\t1b716214-e2f1-4b57\tINFO\t${bareRecord}`],
    ['an aws logs tail prefix with braces in the stream name', `2026-11-26T22:17:01 stream{1} ${bareRecord}`],
    ['trailing whitespace', `${bareRecord}  \r`],
  ])('finds the record behind %s', (_case, line) => {
    // Act
    const parsed = parseLogLine(line)

    // Assess
    expect(parsed.kind).toBe('emf')
    expect(parsed.kind === 'emf' && parsed.record.bytes).toBe(Buffer.byteLength(bareRecord))
  })

  it('reads the unit of a metric declared without one as None, as CloudWatch does', () => {
    const parsed = parseLogLine(emfLine({ values: { Load1: 0.5 }, metrics: { Load1: undefined } }))

    expect(parsed.kind === 'emf' && parsed.record.directives[0]?.metrics[0]?.unit).toBe('None')
  })

  it.each([
    ['an application log line', '{"level":"INFO","message":"work done"}'],
    ['a platform line', 'REPORT RequestId: 1b716214 Duration: 0.62 ms'],
    ['a JSON line that only mentions _aws inside a string', '{"message":"\\"_aws\\" is the EMF key"}'],
    ['a JSON line with _aws below the root', '{"detail":{"_aws":{}}}'],
    ['an empty line', ''],
  ])('ignores %s', (_case, line) => {
    expect(parseLogLine(line)).toEqual({ kind: 'other' })
  })

  it.each([
    ['a truncated record', bareRecord.slice(0, 120), 'not valid JSON'],
    ['a record without a Timestamp', '{"_aws":{"CloudWatchMetrics":[]}}', '_aws.Timestamp is not a number'],
    [
      'a record without directives',
      '{"_aws":{"Timestamp":1,"CloudWatchMetrics":[]}}',
      'is not a non-empty array',
    ],
    ['_aws that is not an object', '{"_aws":[]}', '_aws is not an object'],
    [
      'a directive without a Namespace',
      '{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Dimensions":[],"Metrics":[{"Name":"A"}]}]},"A":1}',
      'a directive has no Namespace',
    ],
    [
      'a directive without Dimensions',
      '{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"n","Metrics":[{"Name":"A"}]}]},"A":1}',
      'no Dimensions array',
    ],
    [
      'a directive without Metrics',
      '{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[]}]}}',
      'has no Metrics',
    ],
    [
      'a metric without a value (NaN, which Powertools prints as null)',
      emfLine({ values: { CPUPercent: null }, metrics: { CPUPercent: 'Percent' } }),
      "metric 'CPUPercent' has no numeric value",
    ],
    [
      'a metric with an empty array of values',
      emfLine({ values: { CPUPercent: [] }, metrics: { CPUPercent: 'Percent' } }),
      "metric 'CPUPercent' has no numeric value",
    ],
    [
      'a metric definition without a Name',
      '{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[],"Metrics":[{}]}]}}',
      'a metric definition has no Name',
    ],
    [
      'a Unit that is not a string',
      '{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[],"Metrics":[{"Name":"A","Unit":5}]}]},"A":1}',
      "metric 'A' has a Unit that is not a string",
    ],
    [
      'a dimension without a value',
      emfLine({ dimensions: [['service', 'BuildId']], values: { A: 1 }, metrics: { A: 'Count' } }),
      "dimension 'BuildId' has no string value",
    ],
    [
      'a dimension set that is not an array',
      '{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"n","Dimensions":["service"],"Metrics":[{"Name":"A"}]}]},"A":1}',
      'a dimension set is not an array',
    ],
  ])('reports %s as malformed, saying why', (_case, line, reason) => {
    const parsed = parseLogLine(line)

    expect(parsed.kind).toBe('malformed')
    expect(parsed.kind === 'malformed' && parsed.reason).toContain(reason)
  })

  it('classifies every line of a real `aws logs tail` capture of the demo', () => {
    // Act
    const kinds = fixture.filter((line) => line !== '').map((line) => parseLogLine(line).kind)

    // Assess: 3 invocations, each with START, END, REPORT, 2 or 3 EMF records, a Logger line or an error
    expect(kinds.filter((kind) => kind === 'emf')).toHaveLength(7)
    expect(kinds.filter((kind) => kind === 'other')).toHaveLength(12)
    expect(kinds).not.toContain('malformed')
  })
})
