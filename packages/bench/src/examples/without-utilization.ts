import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware'
import middy from '@middy/core'

const metrics = new Metrics()

export const handler = middy(async () => {
  metrics.addMetric('OrdersServed', MetricUnit.Count, 1)
  return { statusCode: 200 }
}).use(logMetrics(metrics))
