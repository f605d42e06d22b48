/**
 * An example Lambda handler: Powertools Logger and Metrics with utilizationMetrics, the way a function
 * would use them. Copy it as a starting point. `pnpm demo` runs it locally with a different workload on
 * each invocation, chosen by `event.work`.
 */
import { createHash } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Logger } from '@aws-lambda-powertools/logger'
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware'
import middy from '@middy/core'
import { utilizationMetrics } from '@utilization-metrics/middy'
import type { Context } from 'aws-lambda'

export type Work = 'cpu' | 'file' | 'http' | 'idle' | 'fail'

export interface WorkEvent {
  readonly work: Work
  /** cpu: milliseconds of hashing; idle: milliseconds of waiting. */
  readonly ms?: number
  /** file: bytes written to the scratch directory. */
  readonly bytes?: number
  /** http: the URL to GET. */
  readonly url?: string
}

export interface WorkResult {
  readonly work: Work
  readonly detail: string
}

// Namespace and service come from POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_SERVICE_NAME.
const logger = new Logger()
const metrics = new Metrics()
// Set by your deployment (a git SHA, a CI build number); it becomes a dimension of every host metric.
const buildId = process.env.BUILD_ID ?? 'dev'

const burnCpu = (ms: number): string => {
  const hash = createHash('sha256')
  const until = performance.now() + ms
  let rounds = 0
  while (performance.now() < until) {
    hash.update(`round ${rounds++}`)
  }
  return `${rounds} hash rounds`
}

const writeScratchFile = async (bytes: number, requestId: string): Promise<string> => {
  // /tmp is the only writable disk on Lambda; DiskUsedPercent reports the file system holding it.
  const path = join(process.env.SCRATCH_DIR ?? tmpdir(), `scratch-${requestId}.bin`)
  await writeFile(path, Buffer.alloc(bytes, 1))
  return `${bytes} bytes to ${path}`
}

const httpGet = (url: string): Promise<string> =>
  new Promise((resolve, reject) => {
    request(url, (response) => {
      let received = 0
      response.on('data', (chunk: Buffer) => {
        received += chunk.length
      })
      response.on('end', () => resolve(`HTTP ${response.statusCode} with ${received} bytes`))
      response.on('error', reject)
    })
      .on('error', reject)
      .end()
  })

const doWork = async (event: WorkEvent, requestId: string): Promise<string> => {
  switch (event.work) {
    case 'cpu':
      return burnCpu(event.ms ?? 100)
    case 'file':
      return writeScratchFile(event.bytes ?? 1024 * 1024, requestId)
    case 'http':
      if (!event.url) throw new Error('the http workload needs event.url')
      return httpGet(event.url)
    case 'idle':
      await sleep(event.ms ?? 100)
      return `waited ${event.ms ?? 100} ms`
    case 'fail':
      throw new Error('simulated failure')
  }
}

const work = async (event: WorkEvent, context: Context): Promise<WorkResult> => {
  metrics.addMetric('JobsStarted', MetricUnit.Count, 1)
  const detail = await doWork(event, context.awsRequestId)
  logger.info('work done', { work: event.work, detail })
  return { work: event.work, detail }
}

export const handler = middy(work)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  // Last in the chain: its `before` runs just before the handler and its `after` first after it, so the
  // record covers the handler and not the other middlewares.
  .use(utilizationMetrics({ BuildId: buildId }))
