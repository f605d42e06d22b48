import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { type RuntimeApi, startRuntimeApi } from './runtime-api.ts'

// A fake runtime client: plain fetch calls against the emulator, as the real client makes them.
const next = (api: RuntimeApi): Promise<Response> =>
  fetch(`http://${api.address}/2018-06-01/runtime/invocation/next`)

const post = (api: RuntimeApi, path: string, body: unknown): Promise<Response> =>
  fetch(`http://${api.address}/2018-06-01/runtime${path}`, { method: 'POST', body: JSON.stringify(body) })

describe('the Runtime API emulator', () => {
  let api: RuntimeApi | undefined

  afterEach(async () => {
    await api?.close()
    api = undefined
  })

  it('listens on loopback only', async () => {
    api = await startRuntimeApi()
    expect(api.address).toMatch(/^127\.0\.0\.1:\d+$/)
  })

  it('hands an invocation to a poll with the Lambda headers and returns the runtime answer', async () => {
    api = await startRuntimeApi({ timeoutMs: 5_000 })
    const outcome = api.invoke({ hello: 'world' })
    const poll = await next(api)
    const requestId = poll.headers.get('Lambda-Runtime-Aws-Request-Id') ?? ''
    expect(await poll.json()).toEqual({ hello: 'world' })
    expect(Number(poll.headers.get('Lambda-Runtime-Deadline-Ms')) - Date.now()).toBeGreaterThan(4_000)
    expect(poll.headers.get('Lambda-Runtime-Invoked-Function-Arn')).toMatch(/^arn:aws:lambda:/)
    expect(poll.headers.get('Lambda-Runtime-Trace-Id')).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=/)
    expect((await post(api, `/invocation/${requestId}/response`, { ok: true })).status).toBe(202)
    await expect(outcome).resolves.toMatchObject({ requestId, result: { ok: true } })
    await api.ready
  })

  it('returns the error a runtime posts for an invocation', async () => {
    api = await startRuntimeApi()
    const outcome = api.invoke({})
    const requestId = (await next(api)).headers.get('Lambda-Runtime-Aws-Request-Id') ?? ''
    const error = { errorType: 'TypeError', errorMessage: 'nope', trace: [] }
    expect((await post(api, `/invocation/${requestId}/error`, error)).status).toBe(202)
    await expect(outcome).resolves.toMatchObject({ requestId, error })
  })

  it('rejects an answer for a request id it never handed out', async () => {
    api = await startRuntimeApi()
    expect((await post(api, '/invocation/unknown/response', {})).status).toBe(400)
  })

  it('hands out no more invocations at once than its concurrency', async () => {
    api = await startRuntimeApi({ maxConcurrency: 1 })
    const outcomes = [api.invoke({ n: 1 }), api.invoke({ n: 2 })]
    const first = await next(api)
    const second = next(api)
    const secondState = await Promise.race([second.then(() => 'answered'), sleep(100, 'waiting')])
    expect(secondState).toBe('waiting')
    await post(api, `/invocation/${first.headers.get('Lambda-Runtime-Aws-Request-Id')}/response`, 1)
    expect(await (await second).json()).toEqual({ n: 2 })
    await outcomes[0]
    await api.close()
    await expect(outcomes[1]).rejects.toThrow('closed')
  })

  it('fails `ready` on an init error', async () => {
    api = await startRuntimeApi()
    await post(api, '/init/error', { errorType: 'Runtime.ImportModuleError', errorMessage: 'no module' })
    await expect(api.ready).rejects.toThrow('Runtime.ImportModuleError: no module')
  })
})
