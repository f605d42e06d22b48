import { loadavg } from 'node:os'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import si from 'systeminformation'

/**
 * The comparison point: the same twelve metrics sampled the obvious way with systeminformation
 * (`currentLoad`, `fsSize`, `time`, `mem`, `networkStats` in `before` and again in `after`) and published
 * through a Powertools Metrics instance of its own. Not a straw man: the readings run concurrently.
 */

interface Reading {
  readonly cpuPercent: number
  readonly disks: readonly si.Systeminformation.FsSizeData[]
  readonly uptimeSeconds: number
  readonly memory: si.Systeminformation.MemData
  readonly interfaces: readonly si.Systeminformation.NetworkStatsData[]
}

const read = async (): Promise<Reading> => {
  const [load, disks, memory, interfaces] = await Promise.all([
    si.currentLoad(),
    si.fsSize(),
    si.mem(),
    si.networkStats('*'),
  ])
  return { cpuPercent: load.currentLoad, disks, uptimeSeconds: si.time().uptime, memory, interfaces }
}

const sumOf = (
  interfaces: readonly si.Systeminformation.NetworkStatsData[],
  key: 'rx_bytes' | 'tx_bytes' | 'rx_errors' | 'tx_errors',
): number => interfaces.reduce((total, stats) => (stats.iface === 'lo' ? total : total + stats[key]), 0)

export const naiveSystemInformationSampler = () => {
  const metrics = new Metrics({ namespace: 'Bench', serviceName: 'bench' })
  const starts = new WeakMap<object, Reading>()

  const naiveBefore = async (request: object): Promise<void> => {
    starts.set(request, await read())
  }

  const naiveAfter = async (request: object): Promise<void> => {
    const start = starts.get(request)
    if (!start) return
    const end = await read()
    const disk =
      end.disks.find((entry) => entry.mount === '/tmp') ?? end.disks.find((entry) => entry.mount === '/')
    const [load1 = 0, load5 = 0, load15 = 0] = loadavg()
    metrics.addMetric('CPUPercent', MetricUnit.Percent, end.cpuPercent)
    metrics.addMetric('DiskUsedPercent', MetricUnit.Percent, disk?.use ?? 0)
    metrics.addMetric('Uptime', MetricUnit.Milliseconds, end.uptimeSeconds * 1000)
    metrics.addMetric('Load1', MetricUnit.NoUnit, load1)
    metrics.addMetric('Load5', MetricUnit.NoUnit, load5)
    metrics.addMetric('Load15', MetricUnit.NoUnit, load15)
    for (const [name, key, unit] of [
      ['NetBytesSent', 'tx_bytes', MetricUnit.Bytes],
      ['NetBytesRecv', 'rx_bytes', MetricUnit.Bytes],
      ['NetErrin', 'rx_errors', MetricUnit.Count],
      ['NetErrout', 'tx_errors', MetricUnit.Count],
    ] as const) {
      metrics.addMetric(name, unit, Math.max(0, sumOf(end.interfaces, key) - sumOf(start.interfaces, key)))
    }
    metrics.addMetric('MemoryUsed', MetricUnit.Bytes, end.memory.active)
    metrics.addMetric('MemoryUtilization', MetricUnit.Percent, (100 * end.memory.active) / end.memory.total)
    metrics.publishStoredMetrics()
  }

  return { before: naiveBefore, after: naiveAfter }
}
