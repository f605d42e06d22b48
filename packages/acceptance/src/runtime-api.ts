import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The body a runtime posts to `/invocation/{id}/error` or `/init/error`. */
export interface RuntimeError {
  errorType: string
  errorMessage: string
  trace?: string[]
}

/** What the runtime answered: `result` on success, `error` when the handler failed. */
export interface Answer {
  result?: unknown
  error?: RuntimeError
}

export interface InvocationOutcome extends Answer {
  requestId: string
  /** `performance.now()` when a poll of the runtime received the invocation, and when its answer came. */
  dispatchedAt: number
  answeredAt: number
}

export interface RuntimeApiOptions {
  /** Invocations handed out at once, as Lambda does for `AWS_LAMBDA_MAX_CONCURRENCY`. Default 1. */
  readonly maxConcurrency?: number
  /** Sent as `Lambda-Runtime-Invoked-Function-Arn`. */
  readonly functionArn?: string
  /** Sets `Lambda-Runtime-Deadline-Ms`; the emulator does not enforce it. Default 60 000. */
  readonly timeoutMs?: number
}

export interface InvokeHooks {
  /** Called when a runtime's `/next` poll receives this invocation. */
  readonly onDispatch?: (requestId: string) => void
}

/** A local Lambda Runtime API (the `2018-06-01` interface a runtime client polls), for tests. */
export interface RuntimeApi {
  /** `host:port`, the value for `AWS_LAMBDA_RUNTIME_API`. */
  readonly address: string
  /** Resolves at the runtime's first `/next` poll (init done); rejects on `/init/error` or {@link abort}. */
  readonly ready: Promise<void>
  invoke(event: unknown, hooks?: InvokeHooks): Promise<InvocationOutcome>
  /** Rejects every queued and running invocation, e.g. because the runtime process died. */
  abort(reason: Error): void
  close(): Promise<void>
}

interface Pending {
  readonly requestId: string
  dispatchedAt: number
  readonly body: string
  readonly hooks: InvokeHooks
  readonly resolve: (outcome: InvocationOutcome) => void
  readonly reject: (reason: Error) => void
}

const PREFIX = '/2018-06-01/runtime'
const INVOCATION_PATH = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/
// Lambda's own limit for a buffered response is 6 MB; anything larger is a harness bug, not a test input.
const MAX_BODY_BYTES = 8 * 1024 * 1024

/** Starts the emulator on 127.0.0.1 at a random port. */
export const startRuntimeApi = async (options: RuntimeApiOptions = {}): Promise<RuntimeApi> => {
  const maxConcurrency = options.maxConcurrency ?? 1
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
    throw new TypeError(`maxConcurrency must be a positive integer, got ${maxConcurrency}`)
  }
  const functionArn = options.functionArn ?? 'arn:aws:lambda:us-east-1:123456789012:function:acceptance'
  const timeoutMs = options.timeoutMs ?? 60_000

  const queued: Pending[] = []
  const pollers: ServerResponse[] = []
  const running = new Map<string, Pending>()
  let readyState: { resolve: () => void; reject: (reason: Error) => void } | undefined
  const ready = new Promise<void>((resolve, reject) => {
    readyState = { resolve, reject }
  })
  // A caller that only awaits invocations must not see an unhandled rejection from `ready`.
  ready.catch(() => undefined)
  const settleReady = (error?: Error): void => {
    if (error) readyState?.reject(error)
    else readyState?.resolve()
    readyState = undefined
  }

  const dispatch = (): void => {
    while (running.size < maxConcurrency) {
      const [pending] = queued
      const [poller] = pollers
      if (!pending || !poller) return
      queued.shift()
      pollers.shift()
      running.set(pending.requestId, pending)
      pending.dispatchedAt = performance.now()
      poller.writeHead(200, {
        'Content-Type': 'application/json',
        'Lambda-Runtime-Aws-Request-Id': pending.requestId,
        'Lambda-Runtime-Deadline-Ms': String(Date.now() + timeoutMs),
        'Lambda-Runtime-Invoked-Function-Arn': functionArn,
        'Lambda-Runtime-Trace-Id': traceHeader(),
      })
      poller.end(pending.body)
      pending.hooks.onDispatch?.(pending.requestId)
    }
  }

  const answer = (requestId: string, body: Answer): boolean => {
    const pending = running.get(requestId)
    if (!pending) return false
    running.delete(requestId)
    pending.resolve({
      requestId,
      ...body,
      dispatchedAt: pending.dispatchedAt,
      answeredAt: performance.now(),
    })
    dispatch()
    return true
  }

  const onNext = (response: ServerResponse): void => {
    settleReady()
    pollers.push(response)
    // A runtime that goes away mid-poll must not be handed an invocation it will never answer.
    response.on('close', () => {
      const index = pollers.indexOf(response)
      if (index !== -1) pollers.splice(index, 1)
    })
    dispatch()
  }

  const onPost = async (path: string, request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request)
    if (path === `${PREFIX}/init/error`) {
      const error = parseRuntimeError(body)
      settleReady(new Error(`runtime init failed: ${error.errorType}: ${error.errorMessage}`))
      reply(response, 202, { status: 'OK' })
      return
    }
    const match = INVOCATION_PATH.exec(path)
    const requestId = decodeURIComponent(match?.[1] ?? '')
    const outcome =
      match?.[2] === 'response' ? { result: parseJson(body) } : { error: parseRuntimeError(body) }
    if (!match || !answer(requestId, outcome)) {
      reply(response, 400, { errorType: 'InvalidRequestID', errorMessage: `unknown request id ${requestId}` })
      return
    }
    reply(response, 202, { status: 'OK' })
  }

  const server = createServer((request, response) => {
    const path = request.url ?? ''
    if (request.method === 'GET' && path === `${PREFIX}/invocation/next`) {
      onNext(response)
      return
    }
    if (request.method === 'POST' && path.startsWith(PREFIX)) {
      onPost(path, request, response).catch((error: unknown) => {
        if (!response.headersSent)
          reply(response, 413, { errorType: 'BadRequest', errorMessage: String(error) })
      })
      return
    }
    reply(response, 404, { errorType: 'NotFound', errorMessage: `${request.method} ${path}` })
  })
  // Long polls and slow handlers must never be cut by Node's server defaults.
  server.requestTimeout = 0
  server.headersTimeout = 0
  server.keepAliveTimeout = 0

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  const abort = (reason: Error): void => {
    settleReady(reason)
    for (const pending of [...queued, ...running.values()]) pending.reject(reason)
    queued.length = 0
    running.clear()
  }

  return {
    address: `127.0.0.1:${port}`,
    ready,
    invoke: (event, hooks = {}) =>
      new Promise<InvocationOutcome>((resolve, reject) => {
        queued.push({
          requestId: randomUUID(),
          dispatchedAt: Number.NaN,
          body: JSON.stringify(event),
          hooks,
          resolve,
          reject,
        })
        dispatch()
      }),
    abort,
    close: async () => {
      abort(new Error('runtime API emulator closed'))
      for (const poller of pollers.splice(0)) poller.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new Error(`body larger than ${MAX_BODY_BYTES} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

const reply = (response: ServerResponse, status: number, body: object): void => {
  response.writeHead(status, { 'Content-Type': 'application/json' })
  response.end(JSON.stringify(body))
}

const parseJson = (body: string): unknown => {
  try {
    return JSON.parse(body)
  } catch {
    return body
  }
}

const parseRuntimeError = (body: string): RuntimeError => {
  const value = parseJson(body)
  if (typeof value === 'object' && value !== null && 'errorType' in value && 'errorMessage' in value) {
    return value as RuntimeError
  }
  return { errorType: 'Unknown', errorMessage: body }
}

// X-Ray's format: Root=1-<epoch seconds, hex>-<96-bit random>;Parent=<64-bit random>;Sampled=0
const traceHeader = (): string => {
  const epoch = Math.floor(Date.now() / 1000).toString(16)
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`
}
