// Handlers whose other middlewares end the request before ours runs, for the acceptance tests: the
// record must still reach stdout before the runtime client posts the answer.
import { cleanupMiddlewares } from '@aws-lambda-powertools/commons'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware'
import middy from '@middy/core'
import { utilizationMetrics } from '@utilization-metrics/middy'
import { USER_METRIC } from './example-handler.mjs'

/** What the early return answers, as an idempotency hit answers with the stored response. */
export const CACHED_ANSWER = { statusCode: 200, body: 'from the idempotency store' }
/** What the error handler answers. */
export const ERROR_ANSWER = { statusCode: 400, body: 'bad request' }

const metrics = new Metrics()

/**
 * Answers from `before`, after cleaning up through Powertools as its idempotency middleware does.
 *
 * @returns {import('@middy/core').MiddlewareObj}
 */
const idempotencyHit = () => ({
  before: async (request) => {
    metrics.addMetric(USER_METRIC, MetricUnit.Count, 1)
    metrics.addMetadata('requestId', request.context.awsRequestId)
    await cleanupMiddlewares(request)
    return CACHED_ANSWER
  },
})

/**
 * Answers every error with a 400, returning from `onError` (so no later `onError` runs).
 *
 * @returns {import('@middy/core').MiddlewareObj}
 */
const errorAnswerer = () => ({
  onError: () => ERROR_ANSWER,
})

export const earlyReturn = middy(async () => {
  throw new Error('the handler is not reached')
})
  .use(utilizationMetrics({ BuildId: 'acceptance' }))
  .use(logMetrics(metrics))
  .use(idempotencyHit())

export const answeredError = middy(async () => {
  throw new Error('invalid order')
})
  .use(utilizationMetrics({ BuildId: 'acceptance' }))
  .use(errorAnswerer())
