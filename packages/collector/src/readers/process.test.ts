import { availableParallelism } from 'node:os'
import { describe, expect, it } from 'vitest'
import { MB_PER_LAMBDA_VCPU, vcpuEntitlement } from './process.js'

describe('vcpuEntitlement', () => {
  // Lambda gives one vCPU per 1,769 MB, never more than the CPUs the micro-VM shows:
  //   128 / 1769 = 0.072357   3008 / 1769 = 1.700396   10240 / 1769 = 5.788581
  it.each([
    { memoryMb: 128, cpus: 2, vcpus: 0.07235726399095534 },
    { memoryMb: 128, cpus: 6, vcpus: 0.07235726399095534 },
    { memoryMb: 1769, cpus: 2, vcpus: 1 },
    { memoryMb: 1769, cpus: 6, vcpus: 1 },
    { memoryMb: 3008, cpus: 2, vcpus: 1.7003957037874506 },
    { memoryMb: 3008, cpus: 6, vcpus: 1.7003957037874506 },
    { memoryMb: 3538, cpus: 2, vcpus: 2 },
    { memoryMb: 10240, cpus: 2, vcpus: 2 },
    { memoryMb: 10240, cpus: 6, vcpus: 5.788581119276428 },
  ])('$memoryMb MB on $cpus CPUs: $vcpus vCPUs', ({ memoryMb, cpus, vcpus }) => {
    expect(vcpuEntitlement(memoryMb, cpus)).toBeCloseTo(vcpus, 12)
  })

  it.each([2, 6])('is every one of %i CPUs when no memory size is configured', (cpus) => {
    expect(vcpuEntitlement(undefined, cpus)).toBe(cpus)
  })

  it('defaults to the CPUs this process may use', () => {
    expect(vcpuEntitlement(undefined)).toBe(availableParallelism())
  })

  it('is one vCPU per 1,769 MB', () => {
    expect(MB_PER_LAMBDA_VCPU).toBe(1769)
  })
})
