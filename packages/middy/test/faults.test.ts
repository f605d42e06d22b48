import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware'
import middy from '@middy/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { UtilizationLogger } from '../src/index.js'
import { captureStdout, isHostRecord, lambdaContext } from './emf.js'

// The one fault we cannot cause for real on a healthy host is a broken /proc: the collector is pointed at
// a fixture root instead, through its own procRoot option, by wrapping its factory.
const faults = vi.hoisted(() => ({
  procRoot: undefined as string | undefined,
  source: undefined as 'procfs' | 'systeminformation' | undefined,
  // Breaks the collector's promise never to reject, to show the middleware does not rely on it.
  sampleRejects: false,
}))
vi.mock('@utilization-metrics/collector', async (importOriginal) => {
  const original = await importOriginal<typeof import('@utilization-metrics/collector')>()
  return {
    ...original,
    createCollector: (options: Parameters<typeof original.createCollector>[0] = {}) => {
      const collector = original.createCollector({
        ...options,
        ...(faults.procRoot === undefined ? {} : { procRoot: faults.procRoot }),
        ...(faults.source === undefined ? {} : { source: faults.source }),
      })
      if (!faults.sampleRejects) return collector
      return { ...collector, sample: () => Promise.reject(new Error('sample exploded')) }
    },
  }
})
const networkStats = vi.hoisted(() => ({ reject: false }))
// systeminformation as the collector package resolves it (this package does not depend on it).
const systemInformationPath = vi.hoisted(async () =>
  (await import('node:module'))
    .createRequire(new URL('../../collector/package.json', import.meta.url))
    .resolve('systeminformation'),
)
vi.mock(await systemInformationPath, async (importOriginal) => {
  const original = await importOriginal<{ default: Record<string, unknown> }>()
  const si = {
    ...original.default,
    networkStats: async () => {
      if (networkStats.reject) throw new Error('networkStats failed')
      return []
    },
  }
  return { ...original, default: si }
})

const { utilizationMetrics } = await import('../src/index.js')

const liveFile = (path: string) => `/proc/${path}`
const PROC_FILES = ['stat', 'net/dev', 'uptime', 'loadavg', 'meminfo', 'self/status', 'self/limits'] as const

/** A /proc tree copied from the live one, with one file replaced by `content` (or removed when null). */
const procTreeWith = (path: string, content: string | null): string => {
  const root = mkdtempSync(join(tmpdir(), 'middy-faults-'))
  mkdirSync(join(root, 'net'))
  mkdirSync(join(root, 'self', 'fd'), { recursive: true })
  for (const file of PROC_FILES) {
    writeFileSync(join(root, file), readFileSync(liveFile(file)))
  }
  if (content === null) rmSync(join(root, path))
  else writeFileSync(join(root, path), content)
  return root
}

describe('faults never reach the handler', () => {
  let stdout: ReturnType<typeof captureStdout>
  const roots: string[] = []

  beforeEach(() => {
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'faults')
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false')
    stdout = captureStdout()
  })

  afterEach(() => {
    stdout.restore()
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
    faults.procRoot = undefined
    faults.source = undefined
    faults.sampleRejects = false
    networkStats.reject = false
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
  })

  /** Both invocations' host records lack every `dropped` metric and still carry `kept`. */
  const expectTwoRecordsWithout = (dropped: readonly string[], kept: string) => {
    const records = stdout.records().filter(isHostRecord)
    expect(records).toHaveLength(2)
    for (const record of records) {
      for (const name of dropped) expect(record).not.toHaveProperty(name)
      expect(record).toHaveProperty(kept)
    }
  }

  const warningsAbout = (logger: { warn: ReturnType<typeof vi.fn> }, text: string) =>
    logger.warn.mock.calls.filter(([message]) => String(message).includes(text))

  const invokeTwice = async (logger: UtilizationLogger) => {
    const handler = middy(async (event: { n: number }) => ({ doubled: event.n * 2 })).use(
      utilizationMetrics({ BuildId: 'faults' }, { logger }),
    )
    return [await handler({ n: 1 }, lambdaContext()), await handler({ n: 2 }, lambdaContext())]
  }

  it.each([
    ['missing /proc/stat', 'stat', null, 'cpu', ['CPUPercent']],
    ['empty /proc/stat', 'stat', '', 'cpu', ['CPUPercent']],
    ['truncated /proc/stat', 'stat', 'cpu  12', 'cpu', ['CPUPercent']],
    ['garbled /proc/stat', 'stat', 'cpu  a b c d e f g h\n', 'cpu', ['CPUPercent']],
    [
      'missing /proc/net/dev',
      'net/dev',
      null,
      'network',
      ['NetBytesSent', 'NetBytesRecv', 'NetErrin', 'NetErrout'],
    ],
    ['garbled /proc/net/dev', 'net/dev', 'h1\nh2\n  eth0: x y\n', 'network', ['NetBytesSent', 'NetErrout']],
    ['empty /proc/uptime', 'uptime', '', 'uptime', ['Uptime']],
    ['garbled /proc/loadavg', 'loadavg', 'high medium low\n', 'load', ['Load1', 'Load5', 'Load15']],
    [
      'truncated /proc/meminfo',
      'meminfo',
      'MemTotal:       1024 kB\n',
      'memory',
      ['MemoryUsed', 'MemoryUtilization'],
    ],
  ])('%s: result unchanged, metric dropped, logged once', async (_, path, content, reader, dropped) => {
    // Prepare
    faults.procRoot = procTreeWith(path, content)
    roots.push(faults.procRoot)
    faults.source = 'procfs'
    const logger = { warn: vi.fn(), debug: vi.fn() }

    // Act
    const results = await invokeTwice(logger)

    // Assess
    expect(results).toEqual([{ doubled: 2 }, { doubled: 4 }])
    expectTwoRecordsWithout(dropped, 'DiskUsedPercent')
    expect(warningsAbout(logger, `could not read ${reader}`)).toHaveLength(1)
  })

  it('a rejecting systeminformation fallback drops only the network metrics, logged once', async () => {
    faults.source = 'systeminformation'
    networkStats.reject = true
    const logger = { warn: vi.fn(), debug: vi.fn() }

    const results = await invokeTwice(logger)

    expect(results).toEqual([{ doubled: 2 }, { doubled: 4 }])
    expectTwoRecordsWithout(['NetBytesSent', 'NetBytesRecv', 'NetErrin', 'NetErrout'], 'Uptime')
    expect(warningsAbout(logger, 'networkStats failed')).toHaveLength(1)
  })

  it('Powertools throwing while it makes our record leaves the result and the user record alone, logged once', async () => {
    const userMetrics = new Metrics({ namespace: 'shop', serviceName: 'orders' })
    const original = Metrics.prototype.serializeMetrics
    vi.spyOn(Metrics.prototype, 'serializeMetrics').mockImplementation(function (this: Metrics) {
      if (this === userMetrics) return original.call(this)
      throw new Error('publish exploded')
    })
    const logger = { warn: vi.fn(), debug: vi.fn() }
    const handler = middy(async () => {
      userMetrics.addMetric('Orders', MetricUnit.Count, 1)
      return 'ok'
    })
      .use(logMetrics(userMetrics))
      .use(utilizationMetrics({ BuildId: 'faults' }, { logger }))

    const results = [await handler({}, lambdaContext()), await handler({}, lambdaContext())]

    expect(results).toEqual(['ok', 'ok'])
    expect(stdout.records().filter((record) => 'Orders' in record)).toHaveLength(2)
    expect(warningsAbout(logger, 'publish exploded')).toHaveLength(1)
  })

  it('a collector whose samples reject: results unchanged, no record, each problem logged once', async () => {
    faults.sampleRejects = true
    const logger = { warn: vi.fn(), debug: vi.fn() }

    const results = await invokeTwice(logger)

    expect(results).toEqual([{ doubled: 2 }, { doubled: 4 }])
    expect(stdout.records().filter(isHostRecord)).toEqual([])
    expect(warningsAbout(logger, 'could not take the starting sample')).toHaveLength(1)
    expect(warningsAbout(logger, 'could not publish the utilization record')).toHaveLength(1)
  })

  it('stdout refusing writes does not reach the handler', async () => {
    stdout.restore()
    vi.spyOn(process.stdout, 'write').mockImplementation(() => {
      throw new Error('EPIPE: stdout closed')
    })
    const logger = { warn: vi.fn(), debug: vi.fn() }

    const results = await invokeTwice(logger)

    expect(results).toEqual([{ doubled: 2 }, { doubled: 4 }])
    stdout = captureStdout()
  })

  it('a throwing logger does not reach the handler either', async () => {
    const logger = {
      warn: vi.fn(() => {
        throw new Error('logger broken')
      }),
      debug: vi.fn(),
    }
    faults.procRoot = procTreeWith('stat', null)
    roots.push(faults.procRoot)
    faults.source = 'procfs'

    const results = await invokeTwice(logger)

    expect(results).toEqual([{ doubled: 2 }, { doubled: 4 }])
    expect(logger.warn).toHaveBeenCalled()
  })
})
