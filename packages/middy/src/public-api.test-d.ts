import { Metrics } from '@aws-lambda-powertools/metrics'
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware'
import middy from '@middy/core'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type MetricGroup,
  type UtilizationDimensions,
  type UtilizationMetricsMiddleware,
  type UtilizationMetricsOptions,
  utilizationMetrics,
} from './index.js'

interface OrderEvent {
  orderId: string
}
interface OrderResult {
  statusCode: number
  body: string
}

describe('utilizationMetrics(dimensions)', () => {
  it('takes a map of string values, or nothing', () => {
    expectTypeOf(utilizationMetrics).parameter(0).toEqualTypeOf<UtilizationDimensions | undefined>()
    expectTypeOf(utilizationMetrics).toBeCallableWith()
    expectTypeOf(utilizationMetrics).toBeCallableWith({ BuildId: '1.4.2', Stage: 'prod' })
    expectTypeOf<{ BuildId: string }>().toExtend<UtilizationDimensions>()
  })

  it('rejects values that are not strings', () => {
    expectTypeOf<{ BuildId: number }>().not.toExtend<UtilizationDimensions>()
    expectTypeOf<{ BuildId: string | undefined }>().not.toExtend<UtilizationDimensions>()
    expectTypeOf<{ Tags: string[] }>().not.toExtend<UtilizationDimensions>()
    // @ts-expect-error a CloudWatch dimension value is a string
    expectTypeOf(utilizationMetrics).toBeCallableWith({ BuildId: 142 })
    // @ts-expect-error a CloudWatch dimension value is a string
    expectTypeOf(utilizationMetrics).toBeCallableWith({ Debug: true })
  })
})

describe('utilizationMetrics(dimensions, options)', () => {
  it('takes only known metric group names', () => {
    expectTypeOf<UtilizationMetricsOptions['groups']>().toEqualTypeOf<readonly MetricGroup[] | undefined>()
    expectTypeOf(utilizationMetrics).toBeCallableWith({}, { groups: ['cpu', 'memory', 'eventLoop'] })
    expectTypeOf<string>().not.toExtend<MetricGroup>()
    // @ts-expect-error 'gpu' is no metric group
    expectTypeOf(utilizationMetrics).toBeCallableWith({}, { groups: ['gpu'] })
    // @ts-expect-error group names are case-sensitive
    expectTypeOf(utilizationMetrics).toBeCallableWith({}, { groups: ['CPU'] })
  })

  it('takes a Powertools Metrics instance and rejects unknown options', () => {
    expectTypeOf(utilizationMetrics).toBeCallableWith({}, { metrics: new Metrics({ namespace: 'shop' }) })
    // @ts-expect-error misspelt option
    expectTypeOf(utilizationMetrics).toBeCallableWith({}, { namesapce: 'shop' })
  })
})

describe('the middleware', () => {
  it('is a Middy middleware object for any event, result and context', () => {
    expectTypeOf(utilizationMetrics).returns.toEqualTypeOf<UtilizationMetricsMiddleware>()
    expectTypeOf<UtilizationMetricsMiddleware>().toExtend<middy.MiddlewareObj>()
    expectTypeOf<UtilizationMetricsMiddleware>().toExtend<middy.MiddlewareObj<OrderEvent, OrderResult>>()
  })

  it('fits middy().use() next to logMetrics and keeps the handler type', () => {
    const handler = middy(
      async (event: OrderEvent): Promise<OrderResult> => ({
        statusCode: 200,
        body: event.orderId,
      }),
    )
    expectTypeOf(handler.use).toBeCallableWith(utilizationMetrics())
    const wrapped = handler.use(logMetrics(new Metrics())).use(utilizationMetrics({ BuildId: '1.4.2' }))
    expectTypeOf(wrapped).parameter(0).toEqualTypeOf<OrderEvent>()
    expectTypeOf(wrapped).returns.resolves.toEqualTypeOf<OrderResult>()
  })
})
