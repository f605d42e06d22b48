import type { Sample } from '@utilization-metrics/collector'
import { ADVICE_KEYS } from './constants.js'

/** Where an invocation's CPU time starts, and whether it is the first of this execution environment. */
export interface AdviceStart {
  /** Process CPU time at the starting sample, set with it ({@link AdviceReader.startCpu}). */
  cpuMicros: number | undefined
  /** Milliseconds from the process start to the first invocation: the init time, on the first only. */
  readonly initMs: number | undefined
}

export interface AdviceReader {
  start(): AdviceStart
  startCpu(start: AdviceStart, sample: Sample): void
  fields(start: AdviceStart | undefined, end: Sample): Record<string, string>
}

/** Process CPU time and peak resident set, as the collector's `processCpu` reading carries them. */
const readUsage = () => {
  const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage()
  // maxRSS is in KiB.
  return { userMicros: userCPUTime, systemMicros: systemCPUTime, maxRssBytes: maxRSS * 1024 }
}

const round3 = (value: number): string => String(Math.round(value * 1000) / 1000)

/** Configured memory in MB as Lambda sets it; undefined off Lambda or when it is not a whole number. */
const configuredMemoryMb = (value: string | undefined): string | undefined =>
  value !== undefined && /^[1-9]\d*$/.test(value) ? value : undefined

/**
 * The advice fields of each record: configured memory, process CPU time (getrusage at the end; at the
 * start, the collector's reading where it took one), peak resident set and, on the first record of the
 * instance, the cold start with the time since the process started. One instance per middleware: its
 * first invocation is the environment's.
 */
export const createAdviceReader = (env: NodeJS.ProcessEnv = process.env): AdviceReader => {
  const memoryMb = configuredMemoryMb(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE)
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME || undefined
  let first = true
  return {
    /** At the invocation's start, before its sample (which may take a while on the first one). */
    start(): AdviceStart {
      // performance.now() counts from the process start: the Node.js part of the init phase.
      const initMs = first ? performance.now() : undefined
      first = false
      return { cpuMicros: undefined, initMs }
    },
    /**
     * With the starting sample: the process CPU time it carries where the collector read it anyway (to
     * charge the running thread before a nanosecond CPU counter), else a getrusage call of our own.
     */
    startCpu(start: AdviceStart, sample: Sample): void {
      if (sample.processCpu) {
        start.cpuMicros = sample.processCpu.userMicros + sample.processCpu.systemMicros
        return
      }
      const { user, system } = process.cpuUsage()
      start.cpuMicros = user + system
    },
    /** At the end: from the end sample's getrusage reading where it has one, else from a call of our own. */
    fields(start: AdviceStart | undefined, end: Sample): Record<string, string> {
      const usage = end.processCpu?.maxRssBytes === undefined ? readUsage() : end.processCpu
      const fields: Record<string, string> = {}
      if (functionName !== undefined) fields[ADVICE_KEYS.functionName] = functionName
      if (memoryMb !== undefined) fields[ADVICE_KEYS.memoryMb] = memoryMb
      if (start?.cpuMicros !== undefined) {
        const cpuMicros = usage.userMicros + usage.systemMicros - start.cpuMicros
        fields[ADVICE_KEYS.cpuTimeMs] = round3(Math.max(0, cpuMicros) / 1000)
      }
      fields[ADVICE_KEYS.maxRssBytes] = String(usage.maxRssBytes)
      if (start?.initMs !== undefined) {
        fields[ADVICE_KEYS.coldStart] = 'true'
        fields[ADVICE_KEYS.initMs] = round3(start.initMs)
      }
      return fields
    },
  }
}
