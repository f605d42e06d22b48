import { describe, expect, it } from 'vitest'
import { createCollector, measure, type Utilization } from '../../src/index.js'
import { busyFor, kernelProcessCpuMs, measureAround, sleep } from './support.js'

describe('CPU figures against the kernel', () => {
  it('a busy loop raises ProcessCPUTime by the CPU time the kernel counted, within 10%', async () => {
    // Prepare: spin until the kernel has charged this process 500 ms (50 ticks) of CPU time.
    const startKernelMs = kernelProcessCpuMs()
    let kernelMs = 0

    // Act
    const figures = await measureAround(
      () => {
        while (kernelProcessCpuMs() - startKernelMs < 500) busyFor(5)
        kernelMs = kernelProcessCpuMs() - startKernelMs
      },
      { groups: ['process'] },
    )

    // Assess: the kernel count has 10 ms ticks, so allow one tick on top of 10%.
    expect(Math.abs((figures.ProcessCPUTime ?? 0) - kernelMs)).toBeLessThanOrEqual(kernelMs * 0.1 + 10)
  })

  it('CPUPercent and ProcessCPUTime of a busy interval exceed those of a sleeping one of equal length', async () => {
    const busy = await measureAround(() => busyFor(700), { groups: ['cpu', 'process'] })
    const idle = await measureAround(() => sleep(700), { groups: ['cpu', 'process'] })

    expect(busy.CPUPercent).toBeGreaterThan((idle.CPUPercent ?? 0) + 15)
    expect(busy.ProcessCPUTime).toBeGreaterThan((idle.ProcessCPUTime ?? 0) + 300)
    for (const figures of [busy, idle]) {
      expect(figures.CPUPercent).toBeGreaterThanOrEqual(0)
      expect(figures.CPUPercent).toBeLessThanOrEqual(100)
    }
  })

  it('a stream of 2 ms busy invocations reads clearly busier than a stream of 2 ms sleeping ones', async () => {
    // Each 2 ms interval is far below /proc/stat's 10 ms tick; CPUPercent then covers the trailing window.
    const stream = async (work: () => unknown): Promise<Utilization[]> => {
      const collector = createCollector({ source: 'procfs', groups: ['cpu'] })
      const figures: Utilization[] = []
      try {
        for (let i = 0; i < 500; i++) {
          const before = await collector.sample('counters')
          await work()
          figures.push(measure(before, await collector.sample()))
        }
      } finally {
        collector.close()
      }
      return figures
    }

    const busy = await stream(() => busyFor(2))
    const idle = await stream(() => sleep(2))

    for (const figures of [...busy, ...idle]) {
      expect(figures.CPUPercent).toBeDefined()
      expect(figures.CPUPercent).toBeGreaterThanOrEqual(0)
      expect(figures.CPUPercent).toBeLessThanOrEqual(100)
    }
    // The last quarter of each stream: by then the trailing window holds only that stream's load.
    const tail = (figures: Utilization[]) => figures.slice(-125).map((f) => f.CPUPercent ?? 0)
    const average = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length
    expect(average(tail(busy))).toBeGreaterThan(average(tail(idle)) + 20)
  })
})
