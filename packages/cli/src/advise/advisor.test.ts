import { describe, expect, it } from 'vitest'
import { emfLine } from '../test-support/emf-line.js'
import { advise } from './advisor.js'
import { csvFields } from './csv.js'
import { formatAdvice } from './format.js'
import { createReservoir } from './reservoir.js'

/** A utilization record as the middleware writes it, with the advice fields. */
const record = (fields: Record<string, unknown>) =>
  emfLine({
    namespace: 'shop',
    values: {
      utilization_window_ms: '100',
      function_name: 'orders',
      function_memory_size: '1024',
      utilization_cpu_time_ms: '10',
      CPUPercent: 5,
      ...fields,
    },
    metrics: { CPUPercent: 'Percent' },
  })

const report = (id: string, durationMs: number) =>
  `REPORT RequestId: ${id}\tDuration: ${durationMs} ms\tBilled Duration: ${Math.ceil(durationMs)} ms\tMemory Size: 1024 MB\tMax Memory Used: 80 MB`

describe('advise, line by line', () => {
  it('joins a REPORT line that comes before its record, and one that comes after', () => {
    const result = advise([
      report('a', 200),
      record({ function_request_id: 'a' }),
      record({ function_request_id: 'b' }),
      report('b', 300),
    ])

    expect(result.input).toMatchObject({ utilizationRecords: 2, reportLines: 2, joinedWithReport: 2 })
    expect(result.functions[0]?.durationMs).toEqual({ p50: 200, p95: 300 })
    expect(result.functions[0]?.peakMemoryMb).toBe(80)
  })

  it('lets records without a REPORT line go on once 1,000 others wait, and keeps their own figures', () => {
    const records = Array.from({ length: 1500 }, (_, index) => record({ function_request_id: `r${index}` }))

    const result = advise(records)

    expect(result.functions[0]).toMatchObject({ invocations: 1500, peakMemoryMb: null, headroomMb: null })
    expect(result.functions[0]?.durationMs.p50).toBe(100)
  })

  it('counts records without CPU time or memory size as unusable, and ignores REPORT lines alone', () => {
    const result = advise([
      record({ utilization_cpu_time_ms: undefined }),
      record({ function_memory_size: 'lots' }),
      report('lonely', 10),
    ])

    expect(result.functions).toEqual([])
    expect(result.input).toMatchObject({ utilizationRecords: 2, unusable: 2, joinedWithReport: 0 })
  })

  it('counts throttled invocations where records carry CPUThrottledPercent, and cold starts', () => {
    const result = advise([
      record({ CPUThrottledPercent: 40, cold_start: 'true', utilization_init_ms: '300' }),
      record({ CPUThrottledPercent: 0 }),
    ])

    expect(result.functions[0]).toMatchObject({ throttledShare: 0.5, coldStarts: 1 })
  })

  it('names a function without a name, in its heading', () => {
    const result = advise([record({ function_name: undefined })])

    expect(formatAdvice(result)).toMatch(/^\(no function name\) {2}shop {2}service=orders$/m)
  })
})

describe('csvFields', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['"a, b",c', ['a, b', 'c']],
    ['"say ""hi""",2', ['say "hi"', '2']],
    ['x,,\r', ['x', '', '']],
  ])('splits %j', (line, fields) => {
    expect(csvFields(line)).toEqual(fields)
  })
})

describe('createReservoir', () => {
  it('keeps a fixed number of observations out of any number, the same ones for the same input', () => {
    // Prepare
    const first = createReservoir(10)
    const second = createReservoir(10)

    // Act
    for (let index = 0; index < 1000; index++) {
      first.add({ durationMs: index, cpuMs: index / 10 })
      second.add({ durationMs: index, cpuMs: index / 10 })
    }

    // Assess
    const kept = first.observations()
    expect(first.seen).toBe(1000)
    expect(kept).toHaveLength(10)
    expect(kept).toEqual(second.observations())
    expect(kept.some((observation) => observation.durationMs >= 10)).toBe(true)
    for (const observation of kept) expect(observation.cpuMs).toBeCloseTo(observation.durationMs / 10, 10)
  })

  it('keeps every observation while there is room', () => {
    const reservoir = createReservoir(10)
    reservoir.add({ durationMs: 1, cpuMs: 2 })

    expect(reservoir.observations()).toEqual([{ durationMs: 1, cpuMs: 2 }])
  })
})
