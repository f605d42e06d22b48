import type { UtilizationLogger } from './types.js'

/** Past this many kinds, problems are no longer reported: memory stays bounded however messages vary. */
export const MAX_REPORTED_KINDS = 64

const describeError = (error: unknown): string => {
  try {
    return error instanceof Error ? error.message : String(error)
  } catch {
    return 'an error that cannot be printed'
  }
}

/**
 * The kind of a free-text message (a Powertools warning): numbers and quoted names stripped, so
 * "Dimension 'a' skipped" and "Dimension 'b' skipped" are one kind.
 */
export const messageKind = (message: string): string =>
  message
    .slice(0, 200)
    .replace(/(["'`]).*?\1/g, '_')
    .replace(/\d+(\.\d+)?/g, '#')
    .slice(0, 80)

/**
 * Reports each kind of problem once per middleware instance, so a broken reader does not write a warning
 * on every invocation. The kind is the caller's (a reader's name, a hook's), never the error's message.
 */
export const createReporter = (logger: UtilizationLogger) => {
  const reported = new Set<string>()
  const say = (level: 'warn' | 'debug', message: string, error?: unknown) => {
    try {
      if (error === undefined) logger[level](`utilizationMetrics: ${message}`)
      else logger[level](`utilizationMetrics: ${message}: ${describeError(error)}`, { error })
    } catch {
      // The logger itself failing must never reach the handler.
    }
  }
  const once = (level: 'warn' | 'debug', kind: string, message: string, error?: unknown) => {
    if (reported.has(kind) || reported.size > MAX_REPORTED_KINDS) return
    reported.add(kind)
    if (reported.size > MAX_REPORTED_KINDS) {
      say('warn', `more than ${MAX_REPORTED_KINDS} kinds of problems; no further ones are reported`)
      return
    }
    say(level, message, error)
  }
  return {
    warn: (kind: string, message: string, error?: unknown) => once('warn', kind, message, error),
    debug: (kind: string, message: string) => once('debug', kind, message),
  }
}

export type Reporter = ReturnType<typeof createReporter>
