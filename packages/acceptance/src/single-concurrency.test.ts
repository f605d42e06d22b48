import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AcceptanceEvent } from './example-handler.mjs'
import { type InvokeResult, type LambdaRuntime, startRuntime } from './runtime.ts'
import {
  answerOf,
  expectedOutcome,
  expectHostRecord,
  expectUserRecord,
  FUNCTION_ENV,
  HANDLER_FILE,
  SKIP_WITHOUT_RUNTIME_CLIENT,
  sortRecords,
} from './test-support/expectations.ts'

const ordinary = (seq: number): AcceptanceEvent => ({
  action: 'echo',
  seq,
  payload: { order: seq, note: 'ü€' },
})

// One warm execution environment serves them all, in this order: the unusual ones sit between ordinary
// ones, so a failure, a large answer or a CPU burst that disturbed the next invocation would show.
const events: AcceptanceEvent[] = [
  ...[0, 1, 2, 3, 4].map(ordinary),
  { action: 'throw', seq: 5 },
  ...[6, 7, 8].map(ordinary),
  { action: 'large', seq: 9, bytes: 1_000_000 },
  ...[10, 11, 12].map(ordinary),
  { action: 'cpu', seq: 13, rounds: 100_000_000 },
  ...[14, 15, 16].map(ordinary),
  { action: 'tmp', seq: 17, bytes: 16 * 1024 * 1024 },
  ...[18, 19, 20].map(ordinary),
  { action: 'throw', seq: 21 },
  { action: 'sleep', seq: 22, ms: 50 },
  ...[23, 24, 25].map(ordinary),
]

describe.skipIf(SKIP_WITHOUT_RUNTIME_CLIENT)(
  'the example handler under the runtime interface client, one invocation at a time',
  () => {
    let runtime: LambdaRuntime
    const results = new Map<number, InvokeResult>()

    beforeAll(async () => {
      runtime = await startRuntime({ handlerFile: HANDLER_FILE, env: FUNCTION_ENV })
      for (const event of events) results.set(event.seq, await runtime.invoke(event))
    })

    afterAll(async () => {
      await runtime?.stop()
    })

    it.each(events)('answers $action #$seq as the handler without the middleware does', async (event) => {
      const outcome = results.get(event.seq)
      expect(outcome).toBeDefined()
      expect(answerOf(outcome as InvokeResult)).toEqual(await expectedOutcome(event))
    })

    it.each(events)('leaves one host record and the untouched user record for $action #$seq', (event) => {
      const { requestId, stdoutLines } = results.get(event.seq) as InvokeResult
      const { user, host } = sortRecords(stdoutLines)
      expect(host).toHaveLength(1)
      expectHostRecord(host[0] as (typeof host)[number], requestId)
      expect(user).toHaveLength(1)
      expectUserRecord(user[0] as (typeof user)[number], requestId)
    })

    it('writes nothing else on stdout but Powertools Logger lines and the runtime log of each failure', () => {
      const failures = events.filter((event) => event.action === 'throw').length
      const others = runtime.stdoutLines.filter((line) => !line.includes('"_aws"'))
      const logLines = others.filter((line) => line.startsWith('{"level":"INFO","message":"handling"'))
      const invokeErrors = others.filter((line) => /^\S+\t[\w-]+\tERROR\tInvoke Error /.test(line))
      expect(logLines).toHaveLength(events.length)
      expect(invokeErrors).toHaveLength(failures)
      expect(others).toHaveLength(events.length + failures)
      expect(sortRecords(runtime.stdoutLines).host).toHaveLength(events.length)
    })

    it('serves every invocation from one warm process', () => {
      const coldStarts = runtime.stdoutLines
        .filter((line) => line.startsWith('{"level"'))
        .map((line) => (JSON.parse(line) as { cold_start: boolean }).cold_start)
      expect(coldStarts).toEqual([true, ...Array<boolean>(events.length - 1).fill(false)])
      expect(() => process.kill(runtime.pid, 0)).not.toThrow()
      expect(runtime.stderrLines).toEqual([])
    })

    it('stops without leaving a process behind', async () => {
      await runtime.stop()
      expect(() => process.kill(runtime.pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }))
      expect(() => process.kill(-runtime.pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }))
    })
  },
)
