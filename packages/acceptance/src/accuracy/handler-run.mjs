// Runs one Lambda-like execution environment in this process: a Middy handler with the utilization
// middleware (default options, namespace and service from a Powertools Metrics), invoked `count` times one after another, each a
// fixed amount of CPU work and of waiting. Prints the EMF records on stdout, as Lambda's log would hold.
// Usage: node handler-run.mjs <cpu ms per invocation> <wait ms per invocation> <count>
import { Metrics } from '@aws-lambda-powertools/metrics'
import middy from '@middy/core'
import { utilizationMetrics } from '@utilization-metrics/middy'

const [cpuMs = 0, waitMs = 0, count = 0] = process.argv.slice(2).map(Number)

/**
 * Burns CPU time, not wall time: under a quota, wall time stretches and the work must not shrink.
 * @param {number} ms
 */
const burnCpu = (ms) => {
  const start = process.cpuUsage()
  let spins = 0
  for (;;) {
    for (let i = 0; i < 10_000; i++) spins++
    const used = process.cpuUsage(start)
    if ((used.user + used.system) / 1000 >= ms) return spins
  }
}

const metrics = new Metrics()
const handler = middy(async () => {
  burnCpu(cpuMs)
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs))
  return { statusCode: 200 }
}).use(utilizationMetrics({}, { metrics }))

for (let index = 0; index < count; index++) {
  await handler({}, { awsRequestId: `accuracy-${index}`, functionName: process.env.AWS_LAMBDA_FUNCTION_NAME })
}
