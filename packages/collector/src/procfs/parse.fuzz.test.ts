import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseProcStat } from '../readers/cpu.js'
import { parseProcLoadavg, parseProcUptime } from '../readers/host.js'
import { parseMeminfo } from '../readers/memory.js'
import { parseNetDev } from '../readers/network.js'
import { parseThreads } from '../readers/threads.js'
import { fixture } from '../test-support/proc-trees.js'

/** Every number anywhere in a parser's result. */
const numbersIn = (value: unknown): number[] => {
  if (typeof value === 'number') return [value]
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(numbersIn)
  return []
}

const PARSERS: readonly [string, string, (bytes: Buffer) => unknown][] = [
  ['stat', 'stat', parseProcStat],
  ['net/dev', 'net/dev', parseNetDev],
  ['uptime', 'uptime', parseProcUptime],
  ['loadavg', 'loadavg', parseProcLoadavg],
  ['meminfo', 'meminfo', parseMeminfo],
  ['self/status', 'self/status', parseThreads],
]

/** Bytes near a real file: the captured text with bytes replaced, cut short or with digits run long. */
const nearly = (real: Buffer) =>
  fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    fc
      .array(fc.tuple(fc.nat(real.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 })
      .map((edits) => {
        const copy = Buffer.from(real)
        for (const [at, byte] of edits) copy[at] = byte
        return copy
      }),
    fc.nat(real.length).map((length) => real.subarray(0, length)),
    fc
      .nat(real.length - 1)
      .map((at) => Buffer.concat([real.subarray(0, at), Buffer.from('9'.repeat(400)), real.subarray(at)])),
  )

describe('no byte string makes a /proc parser misbehave', () => {
  it.each(PARSERS)(
    '%s: an Error of its own, or figures that are finite and not negative',
    (_, file, parse) => {
      const real = readFileSync(fixture(`proc-linux/${file}`))
      fc.assert(
        fc.property(nearly(real), (bytes) => {
          let result: unknown
          try {
            result = parse(bytes)
          } catch (error) {
            // A refusal the reader reports: a plain Error naming the file, never one from deep inside.
            expect(error).toBeInstanceOf(Error)
            expect([Error.name, 'ProcParseError']).toContain((error as Error).name)
            return
          }
          for (const figure of numbersIn(result)) {
            expect(Number.isFinite(figure)).toBe(true)
            expect(figure).toBeGreaterThanOrEqual(0)
          }
        }),
        { numRuns: 400 },
      )
    },
  )
})
