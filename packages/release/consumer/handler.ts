// What a user writes: compiled by the consumer test with tsc (NodeNext, strict) and bundled with esbuild
// against the packed tarballs installed by npm, outside the workspace.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware'
import middy from '@middy/core'
import { type UtilizationMetricsOptions, utilizationMetrics } from '@utilization-metrics/middy'
import type { Context } from 'aws-lambda'

interface OrderEvent {
  orderId: string
}

const metrics = new Metrics({ namespace: 'consumer-test', serviceName: 'orders' })
const options: UtilizationMetricsOptions = { metrics, groups: ['cpu', 'memory'] }

export const handler = middy(async (event: OrderEvent, context: Context) => {
  metrics.addMetric('OrdersPlaced', MetricUnit.Count, 1)
  return { statusCode: 200, body: `${event.orderId} in ${context.functionName}` }
})
  .use(logMetrics(metrics))
  .use(utilizationMetrics({ BuildId: '1.4.2' }, options))
