import { fstatSync } from 'node:fs'
import { formatNumber, formatValue } from './format.js'

export interface ProgressStream {
  readonly isTTY?: boolean
  write(text: string): unknown
}

export interface ProgressOptions {
  /** The input's size in bytes when it is a regular file, for the share done. */
  readonly totalBytes?: number | undefined
  /** Milliseconds on a monotonic clock. */
  readonly now?: () => number
  /** The least time between two progress lines, in ms. */
  readonly intervalMs?: number
}

export interface Progress {
  /** One line read; `record` when it holds an EMF record or a REPORT line. */
  line(record: boolean): void
  /** Input bytes consumed. */
  bytes(count: number): void
  /** Prints the final figures and ends the line, so that what follows starts on a line of its own. */
  finish(): void
}

const DEFAULT_INTERVAL_MS = 250
// Carriage return and erase-to-end-of-line: each update overwrites the last on the terminal.
const REWRITE = '\r\u001b[K'

const plural = (count: number, noun: string): string =>
  `${formatNumber(count)} ${noun}${count === 1 ? '' : 's'}`

/**
 * Progress on `stream` while a long input is read, or `undefined` when the stream is not a terminal: a
 * pipe, a file or CI then gets nothing at all.
 */
export const createProgress = (
  stream: ProgressStream,
  options: ProgressOptions = {},
): Progress | undefined => {
  if (!stream.isTTY) return undefined
  const now = options.now ?? (() => performance.now())
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS
  const { totalBytes } = options
  const startedMs = now()
  let lastWrittenMs = startedMs
  let lines = 0
  let records = 0
  let bytesRead = 0

  const figures = (elapsedMs: number): string => {
    const parts = [plural(lines, 'line'), plural(records, 'record')]
    if (elapsedMs > 0) {
      const seconds = elapsedMs / 1000
      parts.push(
        `${formatNumber(Math.round(lines / seconds))} lines/s`,
        `${formatValue(bytesRead / seconds, 'Bytes')}/s`,
      )
    }
    if (totalBytes !== undefined && totalBytes > 0) {
      const share = Math.min(100, Math.floor((bytesRead / totalBytes) * 100))
      parts.push(`${share} % of ${formatValue(totalBytes, 'Bytes')}`)
    }
    return `utilization-metrics: ${parts.join(', ')}`
  }

  return {
    line(record) {
      lines++
      if (record) records++
      const nowMs = now()
      if (nowMs - lastWrittenMs < intervalMs) return
      lastWrittenMs = nowMs
      stream.write(`${REWRITE}${figures(nowMs - startedMs)}`)
    },
    bytes(count) {
      bytesRead += count
    },
    finish() {
      stream.write(`${REWRITE}${figures(now() - startedMs)}\n`)
    },
  }
}

/** The size of the input behind a stream when it is a regular file (`< file`), from fstat of its fd. */
export const regularFileSize = (input: object): number | undefined => {
  const { fd } = input as { fd?: unknown }
  if (typeof fd !== 'number') return undefined
  try {
    const stat = fstatSync(fd)
    return stat.isFile() ? stat.size : undefined
  } catch {
    return undefined
  }
}

/**
 * Whether a line holds a record, as far as a substring shows: a cheap count for the progress line only;
 * the command's own parsing decides what it uses.
 */
export const looksLikeRecord = (line: string): boolean =>
  line.includes('"_aws"') || line.includes('REPORT RequestId:')
