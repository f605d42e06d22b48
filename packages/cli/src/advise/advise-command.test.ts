import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { AdviceReport, FunctionAdvice } from '../index.js'
import { runCli } from '../run.js'

// Real records of the middleware (8 invocations at 512 MB, BuildId 1.4.2, half with an `aws logs tail`
// prefix), Powertools' own records and Logger lines, and START, END and REPORT lines in Lambda's format.
const fixture = readFileSync(new URL('../fixtures/advise-mixed.txt', import.meta.url), 'utf8')

const run = async (args: string[], input = fixture) => {
  const out = { stdout: '', stderr: '' }
  const code = await runCli(args, {
    stdin: Object.assign(Readable.from([input]), { isTTY: false }),
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
  })
  return { code, ...out }
}

const json = async (args: string[], input = fixture): Promise<AdviceReport> =>
  JSON.parse((await run(['advise', '--json', ...args], input)).stdout) as AdviceReport

/** The fixture's utilization records as a Logs Insights result exported as CSV, with the docs' query fields. */
const asLogsInsightsCsv = (log: string): string => {
  const fields = [
    '@timestamp',
    '@log',
    'function_request_id',
    'function_memory_size',
    'utilization_window_ms',
    'utilization_cpu_time_ms',
    'utilization_max_rss_bytes',
    'cold_start',
    'utilization_init_ms',
    'service',
    'BuildId',
  ]
  const rows = log
    .split('\n')
    .filter((line) => line.includes('utilization_window_ms'))
    .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>)
    .map((record) =>
      fields
        .map((field) =>
          field === '@log' ? '123456789012:/aws/lambda/orders-handler' : String(record[field] ?? ''),
        )
        .map((value) => `"${value.replaceAll('"', '""')}"`)
        .join(','),
    )
  return [fields.join(','), ...rows].join('\n')
}

describe('utilization-metrics advise', () => {
  it('reads records, REPORT lines and other lines, and prints the facts, the candidates and the advice', async () => {
    // Act
    const { code, stdout, stderr } = await run(['advise'])

    // Assess
    expect(code).toBe(0)
    expect(stderr).toBe('')
    expect(stdout).toContain('orders-handler  shop  service=orders\n')
    expect(stdout).toContain('  8 invocations at 512 MB (1 cold start)\n')
    expect(stdout).toMatch(/peak memory 96 MB, headroom 416 MB; nothing below 120 MB is advised/)
    expect(stdout).toMatch(/^ {2}\* +\d[\d,]* MB .*recommended$/m)
    expect(stdout).toMatch(/^ {4} *512 MB +[\d.]+ ms +[\d.]+ ms +\$[\d.]+ {2}measured/m)
    expect(stdout).toMatch(/^ {2}recommendation: [\d,]+ MB$/m)
    expect(stdout).toContain('confidence: low (8 invocations)')
    expect(stdout).toContain(
      '8 utilization records (0 without CPU time or memory size), 8 REPORT lines (8 joined)',
    )
  })

  it('prints the documented JSON shape with --json, Lambda REPORT figures joined by request id', async () => {
    // Act
    const report = await json([])

    // Assess
    const [advice] = report.functions
    expect(report.functions).toHaveLength(1)
    expect(Object.keys(advice ?? {})).toEqual([
      'namespace',
      'service',
      'functionName',
      'dimensions',
      'memoryMb',
      'invocations',
      'durationMs',
      'cpuTimeMs',
      'atCpuQuotaShare',
      'throttledShare',
      'parallelism',
      'peakMemoryMb',
      'headroomMb',
      'memoryFloorMb',
      'coldStarts',
      'candidates',
      'recommendation',
    ])
    expect(advice).toMatchObject({
      namespace: 'shop',
      service: 'orders',
      functionName: 'orders-handler',
      dimensions: {},
      memoryMb: 512,
      invocations: 8,
      peakMemoryMb: 96,
      coldStarts: 1,
      throttledShare: null,
    })
    expect(advice?.candidates.map((candidate) => candidate.memoryMb)).toEqual([
      128, 256, 512, 1024, 1536, 1769, 2048, 3008, 4096, 6144, 8192, 10240,
    ])
    expect(Object.keys(advice?.candidates[0] ?? {})).toEqual([
      'memoryMb',
      'predictedDurationMs',
      'costPerMillionUsd',
      'fitsMemory',
    ])
    expect(Object.keys(advice?.recommendation ?? {})).toEqual(['memoryMb', 'reasons', 'confidence'])
    expect(report.input).toEqual({
      lines: 48,
      utilizationRecords: 8,
      reportLines: 8,
      joinedWithReport: 8,
      unusable: 0,
    })
    expectTypeOf(report.functions).toEqualTypeOf<readonly FunctionAdvice[]>()
  })

  it('splits by a dimension with --by', async () => {
    const report = await json(['--by', 'BuildId'])

    expect(report.functions.map((advice) => advice.dimensions)).toEqual([{ BuildId: '1.4.2' }])
  })

  it('prices arm64 and a --price override, and prices only the --memory-sizes given plus the measured one', async () => {
    // Act
    const x86 = await json(['--memory-sizes', '128,1024'])
    const arm = await json(['--memory-sizes', '128,1024', '--arch', 'arm64'])
    const override = await json(['--memory-sizes', '128,1024', '--price', '0.00002'])

    // Assess
    const costs = (report: AdviceReport) =>
      report.functions[0]?.candidates.map((candidate) => candidate.costPerMillionUsd) ?? []
    expect(x86.functions[0]?.candidates.map((candidate) => candidate.memoryMb)).toEqual([128, 512, 1024])
    for (const [index, cost] of costs(arm).entries()) expect(cost).toBeLessThan(costs(x86)[index] ?? 0)
    for (const [index, cost] of costs(override).entries()) {
      expect(cost).toBeGreaterThan(costs(x86)[index] ?? 0)
    }
    expect(arm.prices).toMatchObject({ gbSecondUsd: 0.0000133334, overridden: false })
    expect(override.prices).toMatchObject({ gbSecondUsd: 0.00002, overridden: true })
  })

  it('reads a CloudWatch Logs Insights result exported as CSV, as the EMF lines themselves', async () => {
    // Act
    const fromCsv = await json([], asLogsInsightsCsv(fixture))
    const fromRecords = await json([], fixture.replaceAll(/^.*REPORT.*$/gm, ''))

    // Assess
    expect(fromCsv.input).toMatchObject({ utilizationRecords: 8, unusable: 0 })
    expect(fromCsv.functions[0]).toMatchObject({
      functionName: 'orders-handler',
      memoryMb: 512,
      invocations: 8,
    })
    expect(fromCsv.functions[0]?.durationMs).toEqual(fromRecords.functions[0]?.durationMs)
    expect(fromCsv.functions[0]?.cpuTimeMs).toEqual(fromRecords.functions[0]?.cpuTimeMs)
  })

  it('exits 1 and says what is missing when no record can be used', async () => {
    const { code, stdout } = await run(
      ['advise'],
      'START RequestId: 1\nREPORT RequestId: 1\tDuration: 1 ms\n',
    )

    expect(code).toBe(1)
    expect(stdout).toContain('No utilization records with CPU time and memory size found')
  })

  it.each([
    [['advise', '--arch', 'sparc'], "--arch must be x86_64 or arm64, not 'sparc'"],
    [['advise', '--memory-sizes', '64,128'], '--memory-sizes must be whole MB from 128 to 10240'],
    [['advise', '--memory-sizes', '128,abc'], '--memory-sizes must be whole MB'],
    [['advise', '--price', '0'], '--price must be a positive number'],
    [['advise', '--price', 'cheap'], '--price must be a positive number'],
    [['advise', '--by', ''], '--by needs a dimension name'],
    [['summarize', '--arch', 'arm64'], '--arch is an option of advise, not of summarize'],
  ])('exits 2 with the usage for %j', async (args, problem) => {
    const { code, stderr } = await run(args)

    expect(code).toBe(2)
    expect(stderr).toContain(problem)
    expect(stderr).toContain('utilization-metrics advise [--json]')
  })
})
