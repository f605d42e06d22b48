import { ADVICE_KEYS } from './constants.js'

/** Where an invocation's CPU time starts, and whether it is the first of this execution environment. */
export interface AdviceStart {
  readonly cpuMicros: number
  /** Milliseconds from the process start to the first invocation: the init time, on the first only. */
  readonly initMs: number | undefined
}

const round3 = (value: number): string => String(Math.round(value * 1000) / 1000)

/** Configured memory in MB as Lambda sets it; undefined off Lambda or when it is not a whole number. */
const configuredMemoryMb = (value: string | undefined): string | undefined =>
  value !== undefined && /^[1-9]\d*$/.test(value) ? value : undefined

/**
 * The advice fields of each record: configured memory, process CPU time (getrusage, about 1.5 µs at
 * each end), peak resident set and, on the first record of the instance, the cold start with the time
 * since the process started. One instance per middleware: its first invocation is the environment's.
 */
export const createAdviceReader = (env: NodeJS.ProcessEnv = process.env) => {
  const memoryMb = configuredMemoryMb(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE)
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME || undefined
  let first = true
  return {
    start(): AdviceStart {
      const { user, system } = process.cpuUsage()
      // performance.now() counts from the process start: the Node.js part of the init phase.
      const initMs = first ? performance.now() : undefined
      first = false
      return { cpuMicros: user + system, initMs }
    },
    fields(start: AdviceStart | undefined): Record<string, string> {
      const usage = process.resourceUsage()
      const fields: Record<string, string> = {}
      if (functionName !== undefined) fields[ADVICE_KEYS.functionName] = functionName
      if (memoryMb !== undefined) fields[ADVICE_KEYS.memoryMb] = memoryMb
      if (start !== undefined) {
        const cpuMicros = usage.userCPUTime + usage.systemCPUTime - start.cpuMicros
        fields[ADVICE_KEYS.cpuTimeMs] = round3(Math.max(0, cpuMicros) / 1000)
      }
      // maxRSS is in KiB.
      fields[ADVICE_KEYS.maxRssBytes] = String(usage.maxRSS * 1024)
      if (start?.initMs !== undefined) {
        fields[ADVICE_KEYS.coldStart] = 'true'
        fields[ADVICE_KEYS.initMs] = round3(start.initMs)
      }
      return fields
    },
  }
}
