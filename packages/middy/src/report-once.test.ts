import { describe, expect, it, vi } from 'vitest'
import { createReporter, MAX_REPORTED_KINDS, messageKind } from './report-once.js'

const loggerSpy = () => ({ warn: vi.fn(), debug: vi.fn() })

describe('createReporter', () => {
  it('reports a kind once, however its messages vary', () => {
    const logger = loggerSpy()
    const report = createReporter(logger)

    for (let i = 0; i < 100; i++) report.warn('read:disk', 'could not read disk', new Error(`ENOENT ${i}`))

    expect(logger.warn).toHaveBeenCalledTimes(1)
    expect(logger.warn).toHaveBeenCalledWith('utilizationMetrics: could not read disk: ENOENT 0', {
      error: new Error('ENOENT 0'),
    })
  })

  it(`stops after ${MAX_REPORTED_KINDS} kinds, saying so once: memory stays bounded`, () => {
    const logger = loggerSpy()
    const report = createReporter(logger)

    for (let i = 0; i < 1000; i++) report.warn(`kind-${i}`, `problem ${i}`)

    expect(logger.warn).toHaveBeenCalledTimes(MAX_REPORTED_KINDS + 1)
    expect(logger.warn).toHaveBeenLastCalledWith(
      `utilizationMetrics: more than ${MAX_REPORTED_KINDS} kinds of problems; no further ones are reported`,
    )
  })

  it.each([
    ['a string', 'broken', 'broken'],
    ['undefined', undefined, ''],
    [
      'an object whose toString throws',
      {
        toString: () => {
          throw new Error('no')
        },
      },
      'an error that cannot be printed',
    ],
  ])('describes %s thrown as an error', (_, thrown, described) => {
    const logger = loggerSpy()

    createReporter(logger).warn('kind', 'failed', thrown ?? null)

    expect(String(logger.warn.mock.calls[0]?.[0])).toBe(`utilizationMetrics: failed: ${described || 'null'}`)
  })

  it('debug reports once per kind too, and a throwing logger never escapes', () => {
    const logger = {
      warn: vi.fn(() => {
        throw new Error('logger broken')
      }),
      debug: vi.fn(),
    }
    const report = createReporter(logger)

    report.debug('missing:Load1', 'no figure')
    report.debug('missing:Load1', 'no figure')

    expect(() => report.warn('kind', 'message')).not.toThrow()
    expect(logger.debug).toHaveBeenCalledTimes(1)
  })
})

describe('messageKind', () => {
  it.each([
    ["Dimension 'Stage' skipped", "Dimension 'BuildId' skipped"],
    ['Metric 12 of 100 dropped', 'Metric 99 of 100 dropped'],
    ['value "x" invalid', 'value "some other thing" invalid'],
  ])('puts %j and %j in one kind', (a, b) => {
    expect(messageKind(a)).toBe(messageKind(b))
  })

  it('keeps at most 80 characters', () => {
    expect(messageKind('x'.repeat(1000))).toHaveLength(80)
  })
})
