import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware'
import middy from '@middy/core'
import { METRIC_GROUPS, utilizationMetrics } from '@utilization-metrics/middy'

/** The invocation benchmark's rows, in the order they are run and printed. */
export const INVOCATION_ROWS = [
  { id: 'bare', label: 'bare Middy handler' },
  { id: 'logMetrics', label: 'logMetrics + 1 user metric' },
  { id: 'defaultGroups', label: '+ utilizationMetrics(), default groups' },
  { id: 'allGroups', label: '+ utilizationMetrics(), METRIC_GROUPS' },
  { id: 'interval', label: '+ utilizationMetrics(), default groups, interval 60 s' },
  { id: 'naive', label: '+ naive systeminformation sampler' },
] as const

export type InvocationRowId = (typeof INVOCATION_ROWS)[number]['id']

export type Invoke = () => Promise<unknown>

/** The interval of the `interval` row: long enough that only the first invocation of a run publishes. */
export const BENCH_INTERVAL_MS = 60_000

const EVENT = { httpMethod: 'GET', path: '/orders/42' }

/**
 * What the Lambda runtime passes. With `getRemainingTimeInMillis`, Middy arms and clears its early-timeout
 * timer on every invocation, as it does on Lambda.
 */
const CONTEXT = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'orders',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders',
  memoryLimitInMB: '1024',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/orders',
  logStreamName: '2026/11/26/[$LATEST]0123456789abcdef',
  getRemainingTimeInMillis: () => 30_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
}

const respond = async () => ({ statusCode: 200, body: '{"id":42}' })

/** A trivial handler behind `logMetrics` that adds one metric of its own, as most users' handlers do. */
const withLogMetrics = () => {
  const metrics = new Metrics({ namespace: 'Bench', serviceName: 'bench' })
  return middy(async () => {
    metrics.addMetric('OrdersServed', MetricUnit.Count, 1)
    return respond()
  }).use(logMetrics(metrics))
}

const buildMiddyHandler = async (id: InvocationRowId) => {
  switch (id) {
    case 'bare':
      return middy(respond)
    case 'logMetrics':
      return withLogMetrics()
    case 'defaultGroups':
      return withLogMetrics().use(utilizationMetrics())
    case 'allGroups':
      return withLogMetrics().use(utilizationMetrics({}, { groups: METRIC_GROUPS }))
    case 'interval':
      return withLogMetrics().use(utilizationMetrics({}, { interval: BENCH_INTERVAL_MS }))
    case 'naive': {
      // Loaded only for this row, so the other rows' processes never load systeminformation.
      const { naiveSystemInformationSampler } = await import('./naive-sampler.ts')
      return withLogMetrics().use(naiveSystemInformationSampler())
    }
  }
}

/** The row's handler, wrapped as a zero-argument call with a realistic event and context. */
export const buildInvocation = async (id: InvocationRowId): Promise<Invoke> => {
  const handler = await buildMiddyHandler(id)
  return () => handler(EVENT, CONTEXT)
}
