import { cleanupMiddlewares } from '@aws-lambda-powertools/commons'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware'
import middy, { type MiddlewareObj } from '@middy/core'
import { afterRuntimeTurn } from '@utilization-metrics/test-support'
import { describe, expect, it, vi } from 'vitest'
import { captureRecordsPerTest, type EmfRecord, expectValidEmf, lambdaContext } from '../test/emf.js'
import { utilizationMetrics } from './index.js'

// Every way a request can end, with other middlewares returning early or throwing around ours, in both
// `.use()` orders where the order matters. Each invocation must leave exactly one host record. The
// records a safety net writes are looked for only after what a runtime leaves before its next poll.

const answer = { statusCode: 200, body: 'cached' }
const badRequest = Object.assign(new Error('body must be JSON'), { statusCode: 400 })
const ours = () => utilizationMetrics({ BuildId: 'paths' }, { logger: { warn: vi.fn(), debug: vi.fn() } })

/** Returns early from `before`, cleaning up through Powertools first, as its idempotency middleware does. */
const idempotentHit = (): MiddlewareObj => ({
  before: async (request) => {
    await cleanupMiddlewares(request)
    return answer
  },
})
/** Returns early from `before` without Powertools' cleanup (a cache, a warm-up ping). */
const plainEarlyReturn = (): MiddlewareObj => ({ before: () => answer })
/** A validator that refuses the event in `before`. */
const validator = (): MiddlewareObj => ({
  before: () => {
    throw badRequest
  },
})
/** Answers an error by returning a response from `onError`. */
const errorAnswerer = (): MiddlewareObj => ({
  onError: (request) => ({ statusCode: (request.error as { statusCode?: number }).statusCode ?? 500 }),
})
/** Answers an error as `@middy/http-error-handler` 7 does: replaces `request.error`, sets `request.response`. */
const httpErrorHandlerLike = (): MiddlewareObj => ({
  onError: (request) => {
    if (request.response !== undefined) return
    request.error = Object.assign(new Error('Internal Server Error'), { statusCode: 500, expose: true })
    request.response = { statusCode: 500, body: 'Internal Server Error' }
  },
})
const throwingOnError = (failure: Error): MiddlewareObj => ({
  onError: () => {
    throw failure
  },
})
const throwingAfter = (failure: Error): MiddlewareObj => ({
  after: () => {
    throw failure
  },
})
const answeringAfter = (): MiddlewareObj => ({ after: () => answer })

describe('exactly one host record per invocation, however the request ends', () => {
  const { stdout, hostRecords } = captureRecordsPerTest({
    POWERTOOLS_METRICS_NAMESPACE: 'paths',
    POWERTOOLS_SERVICE_NAME: 'orders',
    POWERTOOLS_METRICS_DISABLED: 'false',
  })

  /** Invokes twice, lets the runtime's turn pass, and checks one valid host record per request id. */
  const invokeTwice = async (handler: (event: unknown, context: unknown) => Promise<unknown>) => {
    const outcomes = []
    for (const id of ['first', 'second']) {
      outcomes.push(
        await handler({}, lambdaContext(id)).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        ),
      )
      await afterRuntimeTurn()
    }
    const records = hostRecords()
    expect(records.map((record) => record.function_request_id)).toEqual(['first', 'second'])
    for (const record of records) expectValidEmf(record)
    return { outcomes, records }
  }

  const userRecordsWith = (name: string) => stdout.records().filter((record) => name in record)

  it.each([
    ['ours, logMetrics, early return', 'ours-first'],
    ['logMetrics, ours, early return', 'logMetrics-first'],
  ] as const)(
    'early return through cleanupMiddlewares (%s): both records, and ours at once',
    async (_, order) => {
      // Prepare
      const metrics = new Metrics({ namespace: 'shop', serviceName: 'orders' })
      const base = middy(async () => 'not reached')
      const withBoth =
        order === 'ours-first'
          ? base.use(ours()).use(logMetrics(metrics))
          : base.use(logMetrics(metrics)).use(ours())
      const handler = withBoth.use({
        before: async (request) => {
          metrics.addMetric('CacheHit', MetricUnit.Count, 1)
          await cleanupMiddlewares(request)
          // Written by the cleanup itself: no safety net involved yet.
          expect(hostRecords()).toHaveLength(1)
          return answer
        },
      })

      // Act
      const result = await handler({}, lambdaContext('cleanup'))

      // Assess
      expect(result).toBe(answer)
      expect(hostRecords().map((record) => record.function_request_id)).toEqual(['cleanup'])
      expect(userRecordsWith('CacheHit')).toHaveLength(1)
    },
  )

  it.each([
    ['an idempotency hit through cleanupMiddlewares', idempotentHit],
    ['a plain early return', plainEarlyReturn],
  ])('%s after ours', async (_, earlyReturner) => {
    const handler = middy(async () => 'not reached')
      .use(ours())
      .use(earlyReturner())

    const { outcomes, records } = await invokeTwice(handler)

    expect(outcomes).toEqual([{ value: answer }, { value: answer }])
    for (const record of records) expect(record).toHaveProperty('CPUPercent')
  })

  it('a validator before ours throws: the error passes through and the record has the gauges', async () => {
    const handler = middy(async () => 'not reached')
      .use(validator())
      .use(ours())

    const { outcomes, records } = await invokeTwice(handler)

    expect(outcomes).toEqual([{ error: badRequest }, { error: badRequest }])
    for (const record of records) {
      // Our `before` never ran: no counter can be measured, the gauges still can.
      expect(record).toHaveProperty('MemoryUsed')
      expect(record).toHaveProperty('Uptime')
      expect(record).not.toHaveProperty('CPUPercent')
      expect(record).not.toHaveProperty('NetBytesSent')
      expect(record.utilization_window_ms).toBe('0')
    }
  })

  it.each([
    ['returns the answer', errorAnswerer, { statusCode: 400 }],
    [
      'sets request.response (http-error-handler)',
      httpErrorHandlerLike,
      { statusCode: 500, body: 'Internal Server Error' },
    ],
  ])('an error handler after ours %s', async (_, errorHandler, expected) => {
    const handler = middy(async () => {
      throw badRequest
    })
      .use(ours())
      .use(errorHandler())

    const { outcomes } = await invokeTwice(handler)

    expect(outcomes).toEqual([{ value: expected }, { value: expected }])
  })

  it('an onError after ours throws: its error passes through', async () => {
    const failure = new Error('onError failed')
    const handler = middy(async () => {
      throw badRequest
    })
      .use(ours())
      .use(throwingOnError(failure))

    const { outcomes } = await invokeTwice(handler)

    expect(outcomes).toEqual([{ error: failure }, { error: failure }])
  })

  it('logMetrics with throwOnEmptyMetrics after ours, no user metric: the RangeError passes through', async () => {
    const metrics = new Metrics({ namespace: 'shop', serviceName: 'orders' })
    const handler = middy(async () => 'no metric')
      .use(ours())
      .use(logMetrics(metrics, { throwOnEmptyMetrics: true }))

    const { outcomes } = await invokeTwice(handler)

    for (const outcome of outcomes) expect((outcome as { error: unknown }).error).toBeInstanceOf(RangeError)
  })

  it('an after hook after ours throws: Middy runs our onError', async () => {
    const failure = new Error('after failed')
    const handler = middy(async () => 'done')
      .use(ours())
      .use(throwingAfter(failure))

    const { outcomes, records } = await invokeTwice(handler)

    expect(outcomes).toEqual([{ error: failure }, { error: failure }])
    for (const record of records) expect(record).toHaveProperty('CPUPercent')
  })

  it('an after hook after ours answers early', async () => {
    const handler = middy(async () => 'done')
      .use(ours())
      .use(answeringAfter())

    const { outcomes } = await invokeTwice(handler)

    expect(outcomes).toEqual([{ value: answer }, { value: answer }])
  })

  it.each([
    ['a thrown string', 'plain string'],
    ['undefined', undefined],
    ['null', null],
  ])('the handler throws %s: it passes through unchanged', async (_, thrown) => {
    const handler = middy(async () => {
      throw thrown
    }).use(ours())

    const { outcomes } = await invokeTwice(handler)

    expect(outcomes).toEqual([{ error: thrown }, { error: thrown }])
  })

  it('the request object keeps what Middy and other middlewares read and write', async () => {
    let seen: { response: unknown; error: unknown; keys: string[] } | undefined
    const handler = middy(async () => ({ ok: true }))
      .use({
        after: (request) => {
          seen = { response: request.response, error: request.error, keys: Object.keys(request).sort() }
        },
      })
      .use(ours())

    await invokeTwice(handler)

    expect(seen).toEqual({
      response: { ok: true },
      error: undefined,
      keys: ['context', 'error', 'event', 'internal', 'response'],
    })
  })

  const onErrorFailure = new Error('onError failed')
  type Lambda = () => Promise<unknown>
  it.each<[string, Lambda, MiddlewareObj[], { value: unknown } | { error: unknown }]>([
    ['the handler returns', async () => ({ ok: true }), [], { value: { ok: true } }],
    [
      'a middleware after both answers early',
      async () => 'not reached',
      [plainEarlyReturn()],
      { value: answer },
    ],
    [
      'an onError after both throws',
      async () => {
        throw badRequest
      },
      [throwingOnError(onErrorFailure)],
      { error: onErrorFailure },
    ],
  ])(
    'two of ours on one handler (%s): one record each, the outcome passes through',
    async (_, lambda, after, expected) => {
      const logger = { warn: vi.fn(), debug: vi.fn() }
      const handler = middy(lambda)
        .use(utilizationMetrics({ Stage: 'outer' }, { logger }))
        .use(utilizationMetrics({ Stage: 'inner' }, { logger }))
        .use(after)

      const outcome = await handler({}, lambdaContext('both')).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      )
      await afterRuntimeTurn()

      expect(outcome).toEqual(expected)
      const records = hostRecords()
      expect(records.map((record) => record.Stage).sort()).toEqual(['inner', 'outer'])
      for (const record of records) {
        expectValidEmf(record)
        expect(record.function_request_id).toBe('both')
        expect(record).toHaveProperty('CPUPercent')
      }
      expect(logger.warn).not.toHaveBeenCalled()
    },
  )

  it('a later after hook writes request.response once ours is done: Middy returns what it wrote', async () => {
    const replaced = { statusCode: 202 }
    const handler = middy(async () => ({ ok: true }))
      .use({
        after: (request) => {
          request.response = replaced
        },
      })
      .use(ours())

    const { outcomes } = await invokeTwice(handler)

    expect(outcomes).toEqual([{ value: replaced }, { value: replaced }])
  })

  it("keeps a function already under Powertools' idempotency key, calling it after ours", async () => {
    const calls: string[] = []
    const handler = middy(async () => 'not reached')
      .use({
        before: (request) => {
          request.internal['powertools-for-aws.idempotency'] = () => {
            calls.push(`theirs, after ${hostRecords().length} host record`)
          }
        },
      })
      .use(ours())
      .use(idempotentHit())

    const { outcomes } = await invokeTwice(handler)

    expect(outcomes).toEqual([{ value: answer }, { value: answer }])
    expect(calls).toEqual(['theirs, after 1 host record', 'theirs, after 2 host record'])
  })

  it('publishes once when every path fires for one request', async () => {
    const metrics = new Metrics({ namespace: 'shop', serviceName: 'orders' })
    const failure = new Error('onError failed')
    const handler = middy(async () => {
      throw badRequest
    })
      .use(ours())
      .use(logMetrics(metrics))
      .use(throwingOnError(failure))
      .use({
        onError: async (request) => {
          await cleanupMiddlewares(request)
        },
      })

    await invokeTwice(handler)

    expect(hostRecords()).toHaveLength(2)
  })
})

export type { EmfRecord }
