import { describe, expect, it } from 'vitest'
import { captureOutput, captureStdout, lambdaContext, median } from './index.js'

describe('median', () => {
  it.each([
    [[], Number.NaN],
    [[3], 3],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
  ])('of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected)
  })
})

describe('captureStdout', () => {
  it('collects lines and EMF records until restored', () => {
    const capture = captureStdout()
    process.stdout.write('plain line\n{"_aws":{"Timestamp":1,"CloudWatchMetrics":[]}}\n{"other":1}\n')
    capture.restore()

    expect(capture.lines()).toHaveLength(3)
    expect(capture.records()).toEqual([{ _aws: { Timestamp: 1, CloudWatchMetrics: [] } }])
  })
})

describe('captureOutput', () => {
  it('returns the result or the error with what was written', async () => {
    const ok = await captureOutput(async () => {
      process.stderr.write('to stderr\n')
      return 42
    })
    const failed = await captureOutput(async () => {
      throw new Error('no')
    })

    expect(ok).toEqual({ result: { ok: true, value: 42 }, lines: ['to stderr'] })
    expect(failed.result).toEqual({ ok: false, error: new Error('no') })
  })
})

describe('lambdaContext', () => {
  it('takes a request id, or options, and counts the remaining time down from 30 s', () => {
    expect(lambdaContext('id-1').awsRequestId).toBe('id-1')
    const context = lambdaContext({ functionName: 'f', memoryLimitInMB: '128' })
    expect(context.invokedFunctionArn).toMatch(/:function:f$/)
    expect(context.memoryLimitInMB).toBe('128')
    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(30_000)
  })
})
