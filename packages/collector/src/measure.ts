import { METRICS } from './metrics.js'
import type { Sample, Utilization } from './types.js'

type MutableUtilization = { -readonly [Name in keyof Utilization]: Utilization[Name] }

/**
 * The figures for the interval between two samples of one collector, by the rules of each metric's
 * definition: counters (CPU, network, process CPU, event loop) from the readings at both ends, gauges (disk,
 * load, uptime, memory, descriptors, threads) from the `after` reading. A figure whose readings are missing
 * or inconsistent is absent, and so is anything that is not a real measurement: not finite, or negative.
 */
export const measure = (before: Sample, after: Sample): Utilization => {
  const figures: MutableUtilization = {}
  for (const metric of METRICS) {
    const value = metric.figure(before, after)
    if (value !== undefined && Number.isFinite(value) && value >= 0) figures[metric.name] = value
  }
  return figures
}
