import { describe, expectTypeOf, it } from 'vitest'
import {
  type AdviceReport,
  type AdvisorOptions,
  advise,
  type Candidate,
  type ConfidenceLevel,
  createAdvisor,
  type FunctionAdvice,
  type Summary,
  summarize,
} from './index.js'

describe('advise', () => {
  it('takes lines and options, and returns the report --json prints', () => {
    expectTypeOf(advise).toBeCallableWith(['line'])
    expectTypeOf(advise).toBeCallableWith(['line'], { by: ['BuildId'], architecture: 'arm64' })
    expectTypeOf(advise).returns.toEqualTypeOf<AdviceReport>()
    expectTypeOf(createAdvisor).returns.toHaveProperty('add').toEqualTypeOf<(line: string) => void>()
    // @ts-expect-error Lambda runs x86_64 and arm64 only
    expectTypeOf(advise).toBeCallableWith(['line'], { architecture: 'riscv' })
    expectTypeOf<{ memorySizes: readonly number[] }>().toExtend<AdvisorOptions>()
  })

  it('has the documented shape, read-only', () => {
    expectTypeOf<AdviceReport['functions']>().toEqualTypeOf<readonly FunctionAdvice[]>()
    expectTypeOf<FunctionAdvice>().toHaveProperty('memoryMb').toEqualTypeOf<number>()
    expectTypeOf<FunctionAdvice['durationMs']>().toEqualTypeOf<{
      readonly p50: number
      readonly p95: number
    }>()
    expectTypeOf<FunctionAdvice['cpuTimeMs']>().toEqualTypeOf<{ readonly p50: number }>()
    expectTypeOf<FunctionAdvice['peakMemoryMb']>().toEqualTypeOf<number | null>()
    expectTypeOf<FunctionAdvice['dimensions']>().toEqualTypeOf<Readonly<Record<string, string>>>()
    expectTypeOf<Candidate>().toHaveProperty('costPerMillionUsd').toEqualTypeOf<number>()
    expectTypeOf<FunctionAdvice['recommendation']['reasons']>().toEqualTypeOf<readonly string[]>()
    expectTypeOf<ConfidenceLevel>().toEqualTypeOf<'low' | 'medium' | 'high'>()
  })
})

describe('summarize', () => {
  it('returns the summary --json prints', () => {
    expectTypeOf(summarize).returns.toEqualTypeOf<Summary>()
  })
})
