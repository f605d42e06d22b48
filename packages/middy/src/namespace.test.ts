import { Metrics } from '@aws-lambda-powertools/metrics'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { utilizationMetrics } from './index.js'

const recordingLogger = () => ({ warn: vi.fn(), debug: vi.fn() })

describe('a middleware that can resolve no namespace', () => {
  beforeEach(() => {
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', undefined)
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false')
  })

  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('says so once, at construction, with the fix in the message', () => {
    // Prepare
    const logger = recordingLogger()

    // Act
    utilizationMetrics({ BuildId: '1.4.2' }, { logger })

    // Assess
    expect(logger.warn).toHaveBeenCalledTimes(1)
    expect(logger.warn.mock.calls[0]?.[0]).toMatch(/default_namespace/)
    expect(logger.warn.mock.calls[0]?.[0]).toMatch(/utilizationMetrics\(dimensions, \{ metrics \}\)/)
  })

  it.each([
    ['a namespace option', { namespace: 'shop' }],
    ['a Metrics instance with a namespace', { metrics: new Metrics({ namespace: 'shop' }) }],
  ])('says nothing when given %s', (_name, options) => {
    // Prepare
    const logger = recordingLogger()

    // Act
    utilizationMetrics({}, { ...options, logger })

    // Assess
    expect(logger.warn).not.toHaveBeenCalled()
  })

  it('says nothing when POWERTOOLS_METRICS_NAMESPACE is set', () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'shop')
    const logger = recordingLogger()

    // Act
    utilizationMetrics({}, { logger })

    // Assess
    expect(logger.warn).not.toHaveBeenCalled()
  })
})
