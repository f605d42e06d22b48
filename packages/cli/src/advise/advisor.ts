import { parseLogLine } from '../emf.js'
import { csvFields, csvRow, isCsvHeader } from './csv.js'
import { ADVICE_FIELDS } from './fields.js'
import { type Invocation, invocationOf, mergeReport, type Report, reportOf } from './invocation.js'
import { cpuShare, parallelismOf, percentile } from './model.js'
import { type Architecture, LIST_PRICES, listPrices, type Prices } from './prices.js'
import {
  candidateAt,
  DEFAULT_MEMORY_SIZES,
  type FunctionFacts,
  memoryFloorMb,
  recommend,
} from './recommend.js'
import { createReservoir, type Reservoir } from './reservoir.js'
import type { AdviceReport, FunctionAdvice } from './types.js'

export interface AdvisorOptions {
  /** Dimensions (or any record field) to advise on separately, e.g. `['BuildId']`. */
  readonly by?: readonly string[]
  readonly architecture?: Architecture
  /** Replaces the list price of a GB-second. */
  readonly gbSecondUsd?: number
  readonly memorySizes?: readonly number[]
}

/** REPORT lines and records waiting for each other; past this many, the oldest go on alone. */
const MAX_PENDING = 1000
const AT_QUOTA = 0.9
const MIB = 1024 * 1024

interface Pending {
  invocation?: Invocation
  report?: Report
}

interface FunctionAccumulator {
  readonly first: Invocation
  readonly memoryMb: number
  invocations: number
  readonly reservoir: Reservoir
  atQuota: number
  throttledKnown: number
  throttled: number
  peakBytes: number
  coldStarts: number
  initMsTotal: number
  durationMsTotal: number
  inFlightMax: number
}

/**
 * Reads log lines one at a time and keeps, per function and memory size, counters and a fixed-size
 * sample of invocations: memory stays flat whatever the input size. `result()` runs the model.
 */
export const createAdvisor = (options: AdvisorOptions = {}) => {
  const by = options.by ?? []
  const architecture = options.architecture ?? 'x86_64'
  const listed = listPrices(architecture)
  const prices: Prices =
    options.gbSecondUsd === undefined ? listed : { ...listed, gbSecondUsd: options.gbSecondUsd }
  const memorySizes = options.memorySizes ?? DEFAULT_MEMORY_SIZES
  const functions = new Map<string, FunctionAccumulator>()
  const pending = new Map<string, Pending>()
  let csvHeader: string[] | undefined
  const input = { lines: 0, utilizationRecords: 0, reportLines: 0, joinedWithReport: 0, unusable: 0 }

  const account = (invocation: Invocation): void => {
    const { memoryMb, cpuMs } = invocation
    if (memoryMb === undefined || cpuMs === undefined || memoryMb <= 0) {
      input.unusable++
      return
    }
    const key = JSON.stringify([
      invocation.namespace,
      invocation.service,
      invocation.functionName,
      invocation.by,
      memoryMb,
    ])
    let entry = functions.get(key)
    if (!entry) {
      entry = {
        first: invocation,
        memoryMb,
        invocations: 0,
        reservoir: createReservoir(),
        atQuota: 0,
        throttledKnown: 0,
        throttled: 0,
        peakBytes: 0,
        coldStarts: 0,
        initMsTotal: 0,
        durationMsTotal: 0,
        inFlightMax: 1,
      }
      functions.set(key, entry)
    }
    entry.invocations++
    entry.reservoir.add({ durationMs: invocation.durationMs, cpuMs })
    if (invocation.durationMs > 0 && cpuMs / invocation.durationMs >= AT_QUOTA * cpuShare(memoryMb, 1)) {
      entry.atQuota++
    }
    if (invocation.throttledPercent !== undefined) {
      entry.throttledKnown++
      if (invocation.throttledPercent > 0) entry.throttled++
    }
    entry.peakBytes = Math.max(entry.peakBytes, invocation.maxRssBytes ?? 0)
    if (invocation.coldStart) entry.coldStarts++
    entry.initMsTotal += invocation.initMs ?? 0
    entry.durationMsTotal += invocation.durationMs
    entry.inFlightMax = Math.max(entry.inFlightMax, invocation.inFlight ?? 1)
  }

  const settle = (requestId: string, entry: Pending): void => {
    pending.delete(requestId)
    if (!entry.invocation) return
    if (entry.report) {
      input.joinedWithReport++
      mergeReport(entry.invocation, entry.report)
    }
    account(entry.invocation)
  }

  const meet = (requestId: string, part: Pending): void => {
    const entry = pending.get(requestId) ?? {}
    Object.assign(entry, part)
    if (entry.invocation && entry.report) {
      settle(requestId, entry)
      return
    }
    pending.set(requestId, entry)
    if (pending.size > MAX_PENDING) {
      const [oldest, waiting] = pending.entries().next().value as [string, Pending]
      settle(oldest, waiting)
    }
  }

  const addInvocation = (invocation: Invocation | undefined): void => {
    if (!invocation) return
    input.utilizationRecords++
    if (invocation.requestId === undefined) account(invocation)
    else meet(invocation.requestId, { invocation })
  }

  const adviceOf = (entry: FunctionAccumulator): FunctionAdvice => {
    const observations = entry.reservoir.observations()
    const peakMemoryMb = entry.peakBytes > 0 ? entry.peakBytes / MIB : null
    const ratios = observations.filter((o) => o.durationMs > 0).map((o) => o.cpuMs / o.durationMs)
    const facts: FunctionFacts = {
      memoryMb: entry.memoryMb,
      invocations: entry.invocations,
      observations,
      parallelism: parallelismOf(ratios),
      medianCpuRatio: ratios.length === 0 ? 0 : percentile(ratios, 50),
      peakMemoryMb,
      inFlightMax: entry.inFlightMax,
      initMsTotal: entry.initMsTotal,
      durationMsTotal: entry.durationMsTotal,
    }
    const floorMb = memoryFloorMb(peakMemoryMb)
    const sizes = [...new Set([...memorySizes, entry.memoryMb])].sort((a, b) => a - b)
    const candidates = sizes.map((memoryMb) => candidateAt(facts, memoryMb, prices, floorMb))
    const durations = observations.map((o) => o.durationMs)
    return {
      namespace: entry.first.namespace,
      service: entry.first.service,
      functionName: entry.first.functionName,
      dimensions: Object.fromEntries(by.map((name, index) => [name, entry.first.by[index] ?? ''])),
      memoryMb: entry.memoryMb,
      invocations: entry.invocations,
      durationMs: { p50: percentile(durations, 50), p95: percentile(durations, 95) },
      cpuTimeMs: {
        p50: percentile(
          observations.map((o) => o.cpuMs),
          50,
        ),
      },
      atCpuQuotaShare: entry.atQuota / entry.invocations,
      throttledShare: entry.throttledKnown === 0 ? null : entry.throttled / entry.throttledKnown,
      parallelism: facts.parallelism,
      peakMemoryMb,
      headroomMb: peakMemoryMb === null ? null : entry.memoryMb - peakMemoryMb,
      memoryFloorMb: floorMb,
      coldStarts: entry.coldStarts,
      candidates,
      recommendation: recommend(facts, candidates, floorMb),
    }
  }

  return {
    add(line: string): void {
      input.lines++
      const report = reportOf(line)
      if (report) {
        input.reportLines++
        meet(report.requestId, { report })
        return
      }
      const parsed = parseLogLine(line)
      if (parsed.kind === 'emf') {
        const namespace = parsed.record.directives[0]?.namespace ?? ''
        addInvocation(invocationOf(parsed.root, namespace, by))
      } else if (parsed.kind === 'other') {
        if (csvHeader) {
          const row = csvRow(csvHeader, line)
          addInvocation(invocationOf(row, row['_aws.CloudWatchMetrics.0.Namespace'] ?? '', by))
        } else if (isCsvHeader(line, ADVICE_FIELDS.windowMs)) {
          csvHeader = csvFields(line.replace(/^\uFEFF/, '')).map((name) => name.trim())
        }
      }
    },
    result(): AdviceReport {
      for (const [requestId, entry] of [...pending]) settle(requestId, entry)
      return {
        functions: [...functions.values()].map(adviceOf),
        architecture,
        prices: {
          date: LIST_PRICES.date,
          gbSecondUsd: prices.gbSecondUsd,
          requestUsdPerMillion: prices.requestUsd * 1_000_000,
          overridden: options.gbSecondUsd !== undefined,
        },
        input: { ...input },
      }
    },
  }
}

/** Advice over a whole set of log lines at once. */
export const advise = (lines: Iterable<string>, options: AdvisorOptions = {}): AdviceReport => {
  const advisor = createAdvisor(options)
  for (const line of lines) advisor.add(line)
  return advisor.result()
}
