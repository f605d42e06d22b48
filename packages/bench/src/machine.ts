import { arch, availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os'
import type { Machine } from './results.ts'

export const describeMachine = (): Machine => ({
  cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
  cores: availableParallelism(),
  memoryBytes: totalmem(),
  os: `${type()} ${release()} ${arch()}`,
  node: process.version,
  date: new Date().toISOString(),
  loadAverageAtStart: loadavg()[0] ?? 0,
})
