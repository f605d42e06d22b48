import type { EmfRecord } from '@utilization-metrics/emf-spec'

/** The EMF records among the lines of `text` (other lines, JSON or not, are left out). */
export const emfRecordsIn = (text: string): EmfRecord[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as EmfRecord)
    .filter((record) => typeof record._aws === 'object')

export interface OutputCapture {
  /** Non-blank lines written so far. */
  lines(): string[]
  /** The lines that are EMF records, parsed. */
  records(): EmfRecord[]
  /** Puts the streams' own `write` back. */
  restore(): void
}

/**
 * Collects what is written to the given streams (stdout by default) until `restore()`. Powertools keeps
 * its own Console on process.stdout and process.stderr, which calls `write` for every record, so
 * replacing `write` sees every line it prints.
 */
export const captureStdout = (streams: readonly NodeJS.WriteStream[] = [process.stdout]): OutputCapture => {
  let text = ''
  const originals = streams.map((stream) => stream.write)
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
      return true
    }) as typeof stream.write
  }
  const lines = () => text.split('\n').filter((line) => line.trim() !== '')
  return {
    lines,
    records: () => emfRecordsIn(text),
    restore: () => {
      streams.forEach((stream, index) => {
        stream.write = originals[index] as typeof stream.write
      })
    },
  }
}

export interface CapturedOutput<T> {
  readonly result: { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown }
  /** Complete lines written to stdout and stderr while `run` ran. */
  readonly lines: readonly string[]
}

/** Runs `run` while collecting what it writes to stdout and stderr; never rejects. */
export const captureOutput = async <T>(run: () => Promise<T>): Promise<CapturedOutput<T>> => {
  const capture = captureStdout([process.stdout, process.stderr])
  try {
    return { result: { ok: true, value: await run() }, lines: capture.lines() }
  } catch (error) {
    return { result: { ok: false, error }, lines: capture.lines() }
  } finally {
    capture.restore()
  }
}
