import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AcceptanceEvent } from './example-handler.mjs'
import { type InvokeResult, type LambdaRuntime, startRuntime } from './runtime.ts'
import type { Answer } from './runtime-api.ts'
import {
  answerOf,
  byRequestId,
  expectedOutcome,
  expectHostRecord,
  expectUserRecord,
  FUNCTION_ENV,
  HANDLER_FILE,
  SKIP_WITHOUT_RUNTIME_CLIENT,
  sortRecords,
} from './test-support/expectations.ts'

const MAX_CONCURRENCY = 4
const SLEEP_MS = 300

const events: AcceptanceEvent[] = Array.from({ length: 20 }, (_, seq) =>
  seq % 5 === 4 ? { action: 'echo', seq, payload: { order: seq } } : { action: 'sleep', seq, ms: SLEEP_MS },
)

/** The most invocations that were between hand-out and answer at the same moment. */
const peakOverlap = (results: readonly InvokeResult[]): number => {
  const edges = results.flatMap((result) => [
    { at: result.dispatchedAt, step: 1 },
    { at: result.answeredAt, step: -1 },
  ])
  // An answer and a hand-out at the same instant do not overlap.
  edges.sort((a, b) => a.at - b.at || a.step - b.step)
  let running = 0
  let peak = 0
  for (const edge of edges) {
    running += edge.step
    peak = Math.max(peak, running)
  }
  return peak
}

describe.skipIf(SKIP_WITHOUT_RUNTIME_CLIENT)(
  'the example handler under the runtime interface client, with AWS_LAMBDA_MAX_CONCURRENCY',
  () => {
    let runtime: LambdaRuntime
    let results: InvokeResult[] = []
    let expected: Answer[] = []

    beforeAll(async () => {
      runtime = await startRuntime({
        handlerFile: HANDLER_FILE,
        maxConcurrency: MAX_CONCURRENCY,
        env: {
          ...FUNCTION_ENV,
          // The client's defaults where it cannot read cgroup cpu.max (8 workers, libuv's 4 threads), pinned
          // so that every machine sees the same: more polling workers than pool threads, so idle polls
          // (blocking native calls on libuv's shared pool) hold every pool thread. The middleware must work
          // without that pool; this test would hang if it used asynchronous fs (see README).
          AWS_LAMBDA_NODEJS_WORKER_COUNT: '8',
          UV_THREADPOOL_SIZE: '4',
        },
      })
      ;[results, expected] = await Promise.all([
        Promise.all(events.map((event) => runtime.invoke(event))),
        Promise.all(events.map(expectedOutcome)),
      ])
      // Worker threads reach stdout through the main thread, after their answers: wait for every record.
      await runtime.waitForStdout((lines) => sortRecords(lines).host.length >= events.length)
      await runtime.waitForStdout((lines) => sortRecords(lines).user.length >= events.length)
    })

    afterAll(async () => {
      await runtime?.stop()
    })

    it.each(events)('answers $action #$seq as the handler without the middleware does', (event) => {
      expect(answerOf(results[event.seq] as InvokeResult)).toEqual(expected[event.seq])
    })

    it(`runs up to ${MAX_CONCURRENCY} invocations at once in one process`, () => {
      expect(peakOverlap(results)).toBe(MAX_CONCURRENCY)
      expect(new Set(results.map((result) => result.requestId)).size).toBe(events.length)
    })

    it('stops without leaving a process behind, then shows one host and one user record per invocation', async () => {
      await runtime.stop()
      expect(() => process.kill(runtime.pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }))
      expect(() => process.kill(-runtime.pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }))

      // All output is in once the process is gone: nothing can add a second record any more.
      const { user, host } = sortRecords(runtime.stdoutLines)
      expect(host).toHaveLength(events.length)
      expect(user).toHaveLength(events.length)
      const hostById = byRequestId(host, 'host')
      const userById = byRequestId(user, 'user')
      for (const { requestId } of results) {
        expectHostRecord(hostById.get(requestId) ?? expect.fail(`no host record for ${requestId}`), requestId)
        expectUserRecord(userById.get(requestId) ?? expect.fail(`no user record for ${requestId}`), requestId)
      }
      expect(runtime.stderrLines).toEqual([])
    })
  },
)
