import type { UtilizationLogger } from './types.js'

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/**
 * Reports each distinct problem once per middleware instance, so a broken reader does not write a warning
 * on every invocation. The set lives as long as the execution environment; its size is bounded by the
 * number of readers and metrics.
 */
export const createReporter = (logger: UtilizationLogger) => {
  const reported = new Set<string>()
  const once = (level: 'warn' | 'debug', key: string, message: string, error?: unknown) => {
    if (reported.has(key)) return
    reported.add(key)
    try {
      if (error === undefined) logger[level](`utilizationMetrics: ${message}`)
      else logger[level](`utilizationMetrics: ${message}: ${describeError(error)}`, { error })
    } catch {
      // The logger itself failing must never reach the handler.
    }
  }
  return {
    warn: (key: string, message: string, error?: unknown) =>
      once('warn', `${key}:${describeError(error)}`, message, error),
    debug: (key: string, message: string) => once('debug', key, message),
  }
}

export type Reporter = ReturnType<typeof createReporter>
