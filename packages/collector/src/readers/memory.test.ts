import { describe, expect, it } from 'vitest'
import { configuredMemoryBytes } from './memory.js'

const MiB = 1024 * 1024

describe('configuredMemoryBytes', () => {
  it.each([
    { case: 'the option', option: 512, env: {}, bytes: 512 * MiB },
    {
      case: 'the option over the environment',
      option: 512,
      env: { AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024' },
      bytes: 512 * MiB,
    },
    {
      case: "Lambda's AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
      option: undefined,
      env: { AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1769' },
      bytes: 1769 * MiB,
    },
    { case: 'neither (off Lambda)', option: undefined, env: {}, bytes: undefined },
    {
      case: 'an empty variable',
      option: undefined,
      env: { AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '' },
      bytes: undefined,
    },
    {
      case: 'a garbled variable',
      option: undefined,
      env: { AWS_LAMBDA_FUNCTION_MEMORY_SIZE: 'lots' },
      bytes: undefined,
    },
    { case: 'a zero option', option: 0, env: {}, bytes: undefined },
    { case: 'a negative option', option: -128, env: {}, bytes: undefined },
  ])('reads $case', ({ option, env, bytes }) => {
    expect(configuredMemoryBytes(option, env)).toBe(bytes)
  })
})
