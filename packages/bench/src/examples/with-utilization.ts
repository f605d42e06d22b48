import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware'
import middy from '@middy/core'
import { utilizationMetrics } from '@utilization-metrics/middy'

const metrics = new Metrics()

export const handler = middy(async () => {
  metrics.addMetric('OrdersServed', MetricUnit.Count, 1)
  return { statusCode: 200 }
})
  .use(logMetrics(metrics))
  .use(utilizationMetrics({ BuildId: process.env.BUILD_ID ?? 'dev' }, { metrics }))
