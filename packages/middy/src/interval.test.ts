import { cleanupMiddlewares } from '@aws-lambda-powertools/commons'
import middy, { type MiddlewareObj } from '@middy/core'
import { afterRuntimeTurn } from '@utilization-metrics/test-support'
import { describe, expect, it, vi } from 'vitest'
import { captureRecordsPerTest, expectValidEmf, lambdaContext } from '../test/emf.js'
import { utilizationMetrics } from './index.js'
import type { UtilizationMetricsMiddleware } from './types.js'

// Interval mode keeps one window per middleware instance: the invocation that ends it writes its record,
// however it ends, and every invocation leaves the in-flight count as it found it, including those that
// close no window (which return no promise from their hooks, so Middy awaits nothing for them).

const answer = { statusCode: 200, body: 'cached' }
const failure = new Error('onError failed')
const quiet = () => ({ warn: vi.fn(), debug: vi.fn() })

type Handler = (event: unknown, context: unknown) => Promise<unknown>

/** Each way an invocation can end, as other middlewares `.use()`d after ours make it end. */
const PATHS: readonly (readonly [string, (ours: UtilizationMetricsMiddleware) => Handler])[] = [
  ['after and onError run', (ours) => middy(async () => 'ok').use(ours)],
  [
    'an early return from before',
    (ours) =>
      middy(async () => 'not reached')
        .use(ours)
        .use({ before: () => answer }),
  ],
  [
    "an early return through Powertools' cleanup",
    (ours) =>
      middy(async () => 'not reached')
        .use(ours)
        .use({
          before: async (request) => {
            await cleanupMiddlewares(request)
            return answer
          },
        }),
  ],
  [
    'an after hook answering early',
    (ours) =>
      middy(async () => 'ok')
        .use(ours)
        .use({ after: () => answer }),
  ],
  [
    'an onError hook answering the error',
    (ours) =>
      middy(async () => {
        throw new Error('handler failed')
      })
        .use(ours)
        .use({ onError: () => answer }),
  ],
  [
    'an onError hook throwing',
    (ours) =>
      middy(async () => {
        throw new Error('handler failed')
      })
        .use(ours)
        .use({
          onError: () => {
            throw failure
          },
        } satisfies MiddlewareObj),
  ],
]

/** Runs one invocation as the Lambda runtime would, its outcome whatever it is. */
const invoke = async (handler: Handler, id: string) => {
  await handler({}, lambdaContext(id)).catch(() => undefined)
  await afterRuntimeTurn()
}

describe('interval mode', () => {
  const { hostRecords } = captureRecordsPerTest({
    POWERTOOLS_METRICS_NAMESPACE: 'interval',
    POWERTOOLS_METRICS_DISABLED: 'false',
  })

  it.each(PATHS)('every window ends with a record of 1 in flight: %s', async (_, build) => {
    // Prepare: so short an interval that every invocation ends a window.
    const handler = build(utilizationMetrics({}, { interval: 1e-9, logger: quiet() }))

    // Act
    for (const id of ['first', 'second', 'third']) await invoke(handler, id)

    // Assess: a count that drifted would put the invocations before into the third window.
    const records = hostRecords()
    expect(records.map((record) => record.function_request_id)).toEqual(['first', 'second', 'third'])
    for (const record of records) {
      expectValidEmf(record)
      expect(record.utilization_in_flight).toBe('1')
    }
  })

  it.each(PATHS)(
    'invocations that close no window leave the count as they found it: %s',
    async (_, build) => {
      // Prepare
      const handler = build(utilizationMetrics({}, { interval: 50, logger: quiet() }))

      // Act: a burst inside the first window, then one invocation after it.
      for (let i = 0; i < 5; i++) await invoke(handler, `burst-${i}`)
      await new Promise((resolve) => setTimeout(resolve, 60))
      await invoke(handler, 'closes')

      // Assess: however long the burst took, no window saw more than one invocation at a time.
      const records = hostRecords()
      expect(records.at(-1)?.function_request_id).toBe('closes')
      for (const record of records) expect(record.utilization_in_flight).toBe('1')
    },
  )

  it('hooks of an invocation that closes no window return no promise', async () => {
    // Prepare
    const ours = utilizationMetrics({}, { interval: 60_000, logger: quiet() })
    const returned: unknown[] = []
    const recorded = (hook: (request: object) => Promise<void> | undefined) => (request: object) => {
      const value = hook(request)
      returned.push(value)
      return value
    }
    const handler = middy(async () => 'ok').use({
      before: recorded(ours.before),
      after: recorded(ours.after),
      onError: recorded(ours.onError),
    })

    // Act
    await handler({}, lambdaContext('opens'))
    const opening = returned.splice(0)
    await handler({}, lambdaContext('inside'))

    // Assess: the first samples the window's start; the second has nothing to wait for.
    expect(opening[0]).toBeInstanceOf(Promise)
    expect(returned).toEqual([undefined, undefined])
    expect(hostRecords()).toEqual([])
  })
})
