// The example function the acceptance tests run under AWS's runtime interface client. Plain JavaScript, so
// the client loads it as Lambda would load a deployed bundle, with no build step.
import { randomUUID } from 'node:crypto'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { Logger } from '@aws-lambda-powertools/logger'
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware'
import middy from '@middy/core'
import { utilizationMetrics } from '@utilization-metrics/middy'

/** The user's own metric, published on every invocation through the user's own `Metrics` instance. */
export const USER_METRIC = 'acceptanceOrders'

/**
 * @typedef {{ action: 'echo', seq: number, payload?: unknown }
 *   | { action: 'throw', seq: number }
 *   | { action: 'large', seq: number, bytes: number }
 *   | { action: 'cpu', seq: number, rounds: number }
 *   | { action: 'tmp', seq: number, bytes: number }
 *   | { action: 'sleep', seq: number, ms: number }} AcceptanceEvent
 */

export class AcceptanceError extends Error {
  /** @override */
  name = 'AcceptanceError'
}

/**
 * The business logic, free of any middleware: the tests call it directly for the expected answer.
 * Every answer depends on the event alone.
 *
 * @param {AcceptanceEvent} event
 * @returns {Promise<unknown>}
 */
export const work = async (event) => {
  switch (event.action) {
    case 'echo':
      return { seq: event.seq, echo: event.payload ?? null }
    case 'throw':
      throw new AcceptanceError(`invocation ${event.seq} failed on purpose`)
    case 'large':
      return { seq: event.seq, body: 'x'.repeat(event.bytes) }
    case 'cpu':
      return { seq: event.seq, checksum: burnCpu(event.rounds) }
    case 'tmp':
      return { seq: event.seq, bytesWritten: await roundTripTmp(event.bytes) }
    case 'sleep':
      await sleep(event.ms)
      return { seq: event.seq, slept: event.ms }
  }
}

/**
 * A 32-bit xorshift loop: deterministic, allocation-free CPU time.
 *
 * @param {number} rounds
 */
const burnCpu = (rounds) => {
  let state = 2463534242
  for (let round = 0; round < rounds; round++) {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
  }
  return state >>> 0
}

/**
 * Writes, reads back and removes a file in /tmp, Lambda's only writable folder.
 *
 * @param {number} bytes
 */
const roundTripTmp = async (bytes) => {
  const path = `/tmp/acceptance-${randomUUID()}.bin`
  try {
    await writeFile(path, Buffer.alloc(bytes, 7))
    return (await readFile(path)).length
  } finally {
    await rm(path, { force: true })
  }
}

const logger = new Logger()
const metrics = new Metrics()

/**
 * @param {AcceptanceEvent} event
 * @param {{ awsRequestId: string }} context
 */
const businessHandler = async (event, context) => {
  metrics.addMetric(USER_METRIC, MetricUnit.Count, 1)
  // Ties the user's record to its invocation even when invocations overlap.
  metrics.addMetadata('requestId', context.awsRequestId)
  logger.info('handling', { action: event.action, seq: event.seq })
  return work(event)
}

export const handler = middy(businessHandler)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(utilizationMetrics({ BuildId: 'acceptance' }))
