import { readdirSync } from 'node:fs'
import middy from '@middy/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { utilizationMetrics } from '../src/index.js'
import { captureStdout, isHostRecord, lambdaContext } from './emf.js'

const openDescriptors = (): number => readdirSync('/proc/self/fd').length

describe.runIf(process.platform === 'linux')(
  'the middleware built inside the handler, once per request',
  () => {
    afterEach(() => {
      vi.unstubAllEnvs()
    })

    it('1,500 requests leave the open descriptor count flat (within 20) and each its one record', async () => {
      // Prepare: the common mistake, a new middleware (and collector) for every request.
      vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'per-request')
      vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false')
      const logger = { warn: vi.fn(), debug: vi.fn() }
      const handler = (event: unknown, context: ReturnType<typeof lambdaContext>) =>
        middy(async () => 'ok').use(utilizationMetrics({ BuildId: 'mistake' }, { logger }))(event, context)
      const stdout = captureStdout()
      await handler({}, lambdaContext())
      const atStart = openDescriptors()

      // Act
      for (let i = 0; i < 1500; i++) await handler({}, lambdaContext())
      const atEnd = openDescriptors()
      stdout.restore()

      // Assess
      expect(atEnd - atStart).toBeLessThanOrEqual(20)
      expect(stdout.records().filter(isHostRecord)).toHaveLength(1501)
      expect(logger.warn).not.toHaveBeenCalled()
    })
  },
)
