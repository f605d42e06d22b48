import middy from '@middy/core'
import { describe, expect, it } from 'vitest'
import { captureRecordsPerTest, isHostRecord, lambdaContext } from '../test/emf.js'
import { createInFlightCounter } from './in-flight.js'
import { utilizationMetrics } from './index.js'

/** A gate the handlers wait at until `size` of them have arrived: they overlap by construction. */
const barrier = (size: number) => {
  let arrived = 0
  let open: () => void = () => {}
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return async () => {
    arrived++
    if (arrived === size) open()
    await opened
  }
}

describe('utilization_in_flight', () => {
  const { stdout } = captureRecordsPerTest({
    POWERTOOLS_METRICS_NAMESPACE: 'in-flight',
    POWERTOOLS_METRICS_DISABLED: 'false',
  })

  const inFlightOf = () =>
    new Map(
      stdout
        .records()
        .filter(isHostRecord)
        .map((record) => [record.function_request_id, Number(record.utilization_in_flight)]),
    )

  it('is 1 for a lone invocation', async () => {
    const handler = middy(async () => 'alone').use(utilizationMetrics())

    await handler({}, lambdaContext('alone-1'))
    await handler({}, lambdaContext('alone-2'))

    expect(inFlightOf()).toEqual(
      new Map([
        ['alone-1', 1],
        ['alone-2', 1],
      ]),
    )
  })

  it('is above 1 for each of 20 overlapping invocations on one instance', async () => {
    // Prepare
    const allArrived = barrier(20)
    const handler = middy(async () => {
      await allArrived()
      return 'together'
    }).use(utilizationMetrics())

    // Act
    await Promise.all(Array.from({ length: 20 }, (_, i) => handler({}, lambdaContext(`together-${i}`))))

    // Assess
    const inFlight = inFlightOf()
    expect(inFlight.size).toBe(20)
    // Every one was in flight while all 20 were: the barrier opened only then.
    for (const value of inFlight.values()) expect(value).toBe(20)
  })

  it('in interval mode, is the most at once during the window', async () => {
    const allArrived = barrier(3)
    const handler = middy(async () => {
      await allArrived()
    }).use(utilizationMetrics({}, { interval: 1e-9 }))

    await Promise.all([0, 1, 2].map((i) => handler({}, lambdaContext(`window-${i}`))))

    const values = [...inFlightOf().values()]
    expect(values.length).toBeGreaterThanOrEqual(1)
    expect(values[0]).toBe(3)
  })
})

describe('createInFlightCounter', () => {
  it.each([
    ['one alone', ['start', 'open:a', 'close:a'], { a: 1 }],
    [
      'a second starts inside the first window',
      ['start', 'open:a', 'start', 'open:b', 'end', 'close:b', 'close:a'],
      { a: 2, b: 2 },
    ],
    [
      'the second starts after the first ended',
      ['start', 'open:a', 'end', 'close:a', 'start', 'open:b', 'close:b'],
      { a: 1, b: 1 },
    ],
    ['an end without a start is ignored', ['end', 'start', 'open:a', 'close:a'], { a: 1 }],
  ])('%s', (_, steps, expected) => {
    // Prepare
    const counter = createInFlightCounter()
    const windows = new Map<string, ReturnType<typeof counter.open>>()
    const peaks: Record<string, number> = {}

    // Act
    for (const step of steps) {
      const [action, name = ''] = step.split(':')
      if (action === 'start') counter.start()
      if (action === 'end') counter.end()
      if (action === 'open') windows.set(name, counter.open())
      if (action === 'close')
        peaks[name] = counter.close(windows.get(name) as ReturnType<typeof counter.open>)
    }

    // Assess
    expect(peaks).toEqual(expected)
  })
})
