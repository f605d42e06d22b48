import { describe, expect, it } from 'vitest'
import { cpuShare, parallelismOf, percentile, predictDurationMs, visibleVcpus, waitMs } from './model.js'

describe('cpuShare', () => {
  it.each([
    // memory, parallelism, share: memory / 1,769, capped by the parallelism and the visible vCPUs
    [128, 1, 128 / 1769],
    [1769, 1, 1],
    [3538, 1, 1],
    [3538, 4, 2],
    [6144, 6, 6144 / 1769],
    [10240, 8, 10240 / 1769],
    [10240, 2.5, 2.5],
  ])('at %i MB with parallelism %d is %d vCPU', (memoryMb, parallelism, share) => {
    expect(cpuShare(memoryMb, parallelism)).toBeCloseTo(share, 10)
  })

  it.each([
    [128, 2],
    [3008, 2],
    [3009, 3],
    [5307, 3],
    [7076, 4],
    [8845, 5],
    [10240, 6],
  ])('counts the vCPUs Lambda shows at %i MB: %i', (memoryMb, vcpus) => {
    expect(visibleVcpus(memoryMb)).toBe(vcpus)
  })
})

describe('the duration model, by hand', () => {
  // A CPU-bound invocation: 35 ms of CPU took 260 ms at 256 MB (the measurement).
  const cpuBound = { durationMs: 260, cpuMs: 35 }
  // An I/O-bound one: 2 ms of CPU in 102 ms at 1,024 MB.
  const ioBound = { durationMs: 102, cpuMs: 2 }

  it('derives the wait as the duration less the CPU time at the measured share', () => {
    // 35 / (256 / 1769) = 241.855 ms of CPU work; 2 / (1024 / 1769) = 3.455 ms
    expect(waitMs(cpuBound, 256, 1)).toBeCloseTo(260 - 241.855, 2)
    expect(waitMs(ioBound, 1024, 1)).toBeCloseTo(102 - 3.455, 2)
  })

  it.each([
    // 18.145 ms of wait + 35 ms at the new share
    [cpuBound, 256, 1024, 18.145 + 35 / (1024 / 1769)],
    [cpuBound, 256, 1769, 18.145 + 35],
    // a single thread gains nothing above one vCPU
    [cpuBound, 256, 4096, 18.145 + 35],
    [ioBound, 1024, 128, 98.545 + 2 / (128 / 1769)],
    [ioBound, 1024, 1024, 102],
  ])('predicts %j measured at %i MB to take %d ms at %i MB', (observation, measured, target, expected) => {
    expect(predictDurationMs(observation, measured, target, 1)).toBeCloseTo(expected, 2)
  })

  it('lets a function that showed two vCPUs of parallelism speed up to 3,538 MB', () => {
    const parallel = { durationMs: 100, cpuMs: 200 }

    expect(predictDurationMs(parallel, 3538, 1769, 2)).toBeCloseTo(200, 6)
    expect(predictDurationMs(parallel, 3538, 7076, 2)).toBeCloseTo(100, 6)
  })

  it('never derives a negative wait from CPU time that ran faster than the quota allows', () => {
    expect(waitMs({ durationMs: 10, cpuMs: 10 }, 128, 1)).toBe(0)
  })
})

describe('parallelismOf and percentile', () => {
  it.each([
    [[], 1],
    [[0.1, 0.14, 0.12], 1],
    [[1.9, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2.4], 2],
  ])('of CPU-over-duration ratios %j is %d (95th percentile, at least one)', (ratios, parallelism) => {
    expect(parallelismOf(ratios)).toBe(parallelism)
  })

  it.each([
    [50, 5],
    [95, 10],
    [100, 10],
    [0, 1],
  ])('takes the nearest rank: p%i of 1..10 is %i', (rank, value) => {
    expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], rank)).toBe(value)
  })

  it('is NaN for no values', () => {
    expect(percentile([], 50)).toBeNaN()
  })
})
