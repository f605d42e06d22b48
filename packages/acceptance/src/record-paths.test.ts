import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CACHED_ANSWER, ERROR_ANSWER } from './paths-handler.mjs'
import { type InvokeResult, type LambdaRuntime, startRuntime } from './runtime.ts'
import {
  expectHostRecord,
  expectUserRecord,
  FUNCTION_ENV,
  SKIP_WITHOUT_RUNTIME_CLIENT,
  sortRecords,
} from './test-support/expectations.ts'

const PATHS_HANDLER_FILE = new URL('./paths-handler.mjs', import.meta.url).pathname
const INVOCATIONS = 5

// Under the real runtime client, the record of a request that another middleware ended must arrive among
// the lines written before the client posted the answer: that is when Lambda may freeze the sandbox.
describe.skipIf(SKIP_WITHOUT_RUNTIME_CLIENT)('records when other middlewares end the request', () => {
  const runtimes: LambdaRuntime[] = []
  const results = new Map<string, InvokeResult[]>()

  beforeAll(async () => {
    for (const handlerName of ['earlyReturn', 'answeredError']) {
      const runtime = await startRuntime({ handlerFile: PATHS_HANDLER_FILE, handlerName, env: FUNCTION_ENV })
      runtimes.push(runtime)
      const outcomes: InvokeResult[] = []
      for (let i = 0; i < INVOCATIONS; i++) outcomes.push(await runtime.invoke({ seq: i }))
      results.set(handlerName, outcomes)
    }
  })

  afterAll(async () => {
    for (const runtime of runtimes) await runtime.stop()
  })

  it('an early return through cleanupMiddlewares: the cached answer, our record and the user record', () => {
    for (const outcome of results.get('earlyReturn') ?? []) {
      expect(outcome.result).toEqual(CACHED_ANSWER)
      const { host, user } = sortRecords(outcome.stdoutLines)
      expect(host).toHaveLength(1)
      expectHostRecord(host[0] as (typeof host)[number], outcome.requestId)
      expect(user).toHaveLength(1)
      expectUserRecord(user[0] as (typeof user)[number], outcome.requestId)
    }
    expect(results.get('earlyReturn')).toHaveLength(INVOCATIONS)
  })

  it('an error handler answering the error before our onError runs: the answer and our record', () => {
    for (const outcome of results.get('answeredError') ?? []) {
      expect(outcome.result).toEqual(ERROR_ANSWER)
      expect(outcome.error).toBeUndefined()
      const { host } = sortRecords(outcome.stdoutLines)
      expect(host).toHaveLength(1)
      expectHostRecord(host[0] as (typeof host)[number], outcome.requestId)
      expect(host[0]).toHaveProperty('CPUPercent')
    }
    expect(results.get('answeredError')).toHaveLength(INVOCATIONS)
  })

  it('writes nothing on stderr', () => {
    for (const runtime of runtimes) expect(runtime.stderrLines).toEqual([])
  })
})
