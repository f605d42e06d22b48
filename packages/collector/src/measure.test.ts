import type { EventLoopUtilization } from 'node:perf_hooks'
import { describe, expect, it } from 'vitest'
import { MIN_CPU_WINDOW_MS } from './figures.js'
import { measure } from './measure.js'
import { METRICS } from './metrics.js'
import { parseProcStat } from './readers/cpu.js'
import { configuredMemoryBytes } from './readers/memory.js'
import { vcpuEntitlement } from './readers/process.js'
import type { CpuTimes, Sample, Utilization } from './types.js'

const MiB = 1024 * 1024
const GiB = 1024 * MiB

const cpuLine = (line: string): CpuTimes => {
  const { busyMs, totalMs } = parseProcStat(Buffer.from(`${line}\n`))
  return { busyMs, totalMs }
}

/** A /proc/stat reading as the collector stores it: needing MIN_CPU_WINDOW_MS, with its trailing window. */
const ticks = (times: CpuTimes, windowStart?: CpuTimes, windowTakenAtMs = 0) => ({
  ...times,
  minWindow: MIN_CPU_WINDOW_MS,
  ...(windowStart ? { windowStart: { ...windowStart, takenAtMs: windowTakenAtMs } } : {}),
})

const sample = (fields: Omit<Sample, 'takenAtMs'> & { takenAtMs?: number } = {}): Sample => ({
  takenAtMs: 0,
  ...fields,
})

/**
 * The figures a user would see emitted: every one finite, not negative, and a Percent at most 100 but for
 * ProcessCPUPercent, a share of the entitlement that a function may exceed.
 */
const expectOnlyRealFigures = (figures: Utilization): void => {
  for (const { name, unit } of METRICS) {
    const value = figures[name]
    if (value === undefined) continue
    expect(Number.isFinite(value), `${name} = ${value}`).toBe(true)
    expect(value, name).toBeGreaterThanOrEqual(0)
    if (unit === 'Percent' && name !== 'ProcessCPUPercent') expect(value, name).toBeLessThanOrEqual(100)
  }
}

describe('CPUPercent from two /proc/stat readings', () => {
  // Columns: cpu user nice system idle iowait irq softirq steal guest guest_nice, in 10 ms ticks.
  // before: busy = 4705 + 150 + 1864 + 0 + 73 + 21 = 6813 ticks = 68,130 ms
  //         total = busy + idle + iowait = 6813 + 183402 + 512 = 190727 ticks = 1,907,270 ms
  // after:  busy = 4795 + 155 + 1884 + 1 + 76 + 22 = 6933 ticks = 69,330 ms
  //         total = 6933 + 183480 + 514 = 190927 ticks = 1,909,270 ms
  // interval: busy 1,200 ms of total 2,000 ms (at least MIN_CPU_WINDOW_MS) = 60 %.
  // guest went 35 -> 42 but is already inside user, so it is not added again.
  const before = 'cpu  4705 150 1864 183402 512 0 73 21 35 0'
  const after = 'cpu  4795 155 1884 183480 514 1 76 22 42 0'

  it('turns each line into busy and total milliseconds', () => {
    // Act
    const times = [before, after].map((line) => parseProcStat(Buffer.from(`${line}\n`)))

    // Assess
    expect(times).toEqual([
      { busyMs: 68_130, totalMs: 1_907_270, stealMs: 210 },
      { busyMs: 69_330, totalMs: 1_909_270, stealMs: 220 },
    ])
  })

  it('reports the busy share of an interval of at least MIN_CPU_WINDOW_MS, ignoring the window', () => {
    // Prepare
    const windowStart = { busyMs: 0, totalMs: 0 }

    // Act
    const figures = measure(
      sample({ cpu: ticks(cpuLine(before)) }),
      sample({ cpu: ticks(cpuLine(after), windowStart) }),
    )

    // Assess
    expect(figures.CPUPercent).toBe(60)
  })
})

describe('CPUPercent for an interval shorter than MIN_CPU_WINDOW_MS', () => {
  // before: busy 68,130 ms, total 1,907,270 ms (as above)
  // after, 30 ms of CPU time later: user +1 tick, idle +2 ticks: busy 68,140 ms, total 1,907,300 ms.
  //   Over the interval itself that is 10 / 30 ms = 33.3 %, from three ticks: too coarse to mean much.
  // baseline: busy = 4615 + 145 + 1844 + 0 + 70 + 20 = 6694 ticks = 66,940 ms,
  //           total = 6694 + 183326 + 510 = 190530 ticks = 1,905,300 ms
  //   over baseline..after: busy 1,200 ms of total 2,000 ms = 60 %.
  const before = cpuLine('cpu  4705 150 1864 183402 512 0 73 21 35 0')
  const after = cpuLine('cpu  4706 150 1864 183404 512 0 73 21 35 0')
  const baseline = cpuLine('cpu  4615 145 1844 183326 510 0 70 20 28 0')

  it('is a window shorter than the minimum', () => {
    expect(after.totalMs - before.totalMs).toBe(30)
    expect(after.totalMs - before.totalMs).toBeLessThan(MIN_CPU_WINDOW_MS)
  })

  it('reports the busy share since the window start the collector supplies', () => {
    // Act
    const figures = measure(sample({ cpu: ticks(before) }), sample({ cpu: ticks(after, baseline) }))

    // Assess
    expect(figures.CPUPercent).toBe(60)
  })

  it('is absent, not the coarse 33.3 % of three ticks, while the window holds too little', () => {
    // Act
    const figures = measure(sample({ cpu: ticks(before) }), sample({ cpu: ticks(after) }))

    // Assess
    expect(figures).not.toHaveProperty('CPUPercent')
  })

  it('is absent, not 0/0, when neither a window nor any tick separates the readings', () => {
    // Act
    const figures = measure(sample({ cpu: ticks(before) }), sample({ cpu: ticks(before) }))

    // Assess
    expect(figures).not.toHaveProperty('CPUPercent')
  })
})

describe('network figures', () => {
  it('are the growth of each counter over the interval', () => {
    // Prepare
    const before = { bytesSent: 291_044, bytesRecv: 1_843_201, errorsIn: 2, errorsOut: 1 }
    const after = { bytesSent: 356_580, bytesRecv: 2_367_489, errorsIn: 3, errorsOut: 1 }

    // Act
    const figures = measure(sample({ network: before }), sample({ network: after }))

    // Assess
    expect(figures).toEqual({ NetBytesSent: 65_536, NetBytesRecv: 524_288, NetErrin: 1, NetErrout: 0 })
  })

  it('are absent when the interval has no reading at its start', () => {
    // Act
    const figures = measure(
      sample(),
      sample({ network: { bytesSent: 1, bytesRecv: 1, errorsIn: 0, errorsOut: 0 } }),
    )

    // Assess
    expect(figures).toEqual({})
  })
})

describe('a counter that went backwards (reset, wrap, restored snapshot)', () => {
  const network = { bytesSent: 5_000, bytesRecv: 9_000, errorsIn: 4, errorsOut: 2 }
  const processCpu = { userMicros: 80_000, systemMicros: 20_000 }

  it.each([
    {
      counter: 'network bytesSent',
      before: sample({ network }),
      after: sample({ network: { ...network, bytesSent: 100 } }),
      absent: ['NetBytesSent'],
      present: { NetBytesRecv: 0, NetErrin: 0, NetErrout: 0 },
    },
    {
      counter: 'network errorsIn',
      before: sample({ network }),
      after: sample({ network: { ...network, errorsIn: 0 } }),
      absent: ['NetErrin'],
      present: { NetBytesSent: 0, NetBytesRecv: 0, NetErrout: 0 },
    },
    {
      counter: 'cpu busy time',
      before: sample({ cpu: ticks({ busyMs: 50_000, totalMs: 100_000 }) }),
      after: sample({ cpu: ticks({ busyMs: 40_000, totalMs: 102_000 }) }),
      absent: ['CPUPercent'],
      present: {},
    },
    {
      counter: 'throttled time',
      before: sample({ cpuThrottle: { heldMs: 900, wallMs: 1_000, minWindow: 0 } }),
      after: sample({ cpuThrottle: { heldMs: 100, wallMs: 1_020, minWindow: 0 } }),
      absent: ['CPUThrottledPercent'],
      present: {},
    },
    {
      counter: 'process user time',
      before: sample({ takenAtMs: 0, processCpu, vcpuEntitlement: 1 }),
      after: sample({ takenAtMs: 1_000, processCpu: { ...processCpu, userMicros: 10 }, vcpuEntitlement: 1 }),
      absent: ['ProcessCPUTime', 'ProcessCPUPercent'],
      present: {},
    },
  ])('$counter: only its own figures are absent, never negative', ({ before, after, absent, present }) => {
    // Act
    const figures = measure(before, after)

    // Assess
    for (const name of absent) expect(figures).not.toHaveProperty(name)
    expect(figures).toEqual(present)
  })
})

describe('disk figures', () => {
  // df semantics: Used% = used / (used + avail), where avail excludes the root reserve.
  it.each([
    { case: 'a quarter of Lambda /tmp used', used: 128 * MiB, available: 384 * MiB, percent: 25 },
    { case: '3 GiB used, 1 GiB available', used: 3 * GiB, available: GiB, percent: 75 },
    { case: 'an empty file system', used: 0, available: 512 * MiB, percent: 0 },
    { case: 'a full file system', used: 512 * MiB, available: 0, percent: 100 },
  ])('$case: DiskUsedPercent $percent', ({ used, available, percent }) => {
    // Act
    const figures = measure(sample(), sample({ disk: { usedBytes: used, availableBytes: available } }))

    // Assess
    expect(figures).toEqual({ DiskUsedPercent: percent, DiskUsedBytes: used, DiskFreeBytes: available })
  })

  it('leaves DiskUsedPercent absent for a file system of no size', () => {
    // Act
    const figures = measure(sample(), sample({ disk: { usedBytes: 0, availableBytes: 0 } }))

    // Assess
    expect(figures).toEqual({ DiskUsedBytes: 0, DiskFreeBytes: 0 })
  })
})

describe('memory figures against the configured limit', () => {
  it.each([
    { case: '256 MiB of a 1,024 MB function', usedBytes: 256 * MiB, limitMb: 1024, percent: 25 },
    {
      case: '1,536 MiB of a 1,024 MB function (page cache, VM overhead)',
      usedBytes: 1536 * MiB,
      limitMb: 1024,
      percent: 100,
    },
    { case: '64 MiB of a 128 MB function', usedBytes: 64 * MiB, limitMb: 128, percent: 50 },
  ])('$case: MemoryUtilization $percent', ({ usedBytes, limitMb, percent }) => {
    // Prepare
    const limitBytes = configuredMemoryBytes(limitMb, {}) ?? Number.NaN

    // Act
    const figures = measure(sample(), sample({ memory: { usedBytes, limitBytes } }))

    // Assess
    expect(figures).toEqual({ MemoryUsed: usedBytes, MemoryUtilization: percent })
  })
})

describe('ProcessCPUPercent against the vCPU entitlement', () => {
  // Every row: 50 ms of process CPU time (40 ms user + 10 ms system) over a 1,000 ms interval.
  // ProcessCPUPercent = 100 x 50 / (1,000 x entitlement), entitlement = min(CPUs, MB / 1,769):
  //   128 MB:   entitlement 128 / 1769 = 0.072357; 100 x 50 / 72.357 = 69.1016 %  (5 x 1769 / 128)
  //   1,769 MB: entitlement 1;                     100 x 50 / 1,000  = 5 %
  //   3,008 MB: entitlement 3008 / 1769 = 1.70040; 100 x 50 / 1,700.4 = 2.9405 % (5 x 1769 / 3008)
  //   10,240 MB on 2 CPUs: entitlement min(2, 5.78858) = 2; 100 x 50 / 2,000 = 2.5 %
  //   10,240 MB on 6 CPUs: entitlement 10240 / 1769 = 5.78858; 100 x 50 / 5,788.58 = 0.86377 %
  it.each([
    { memoryMb: 128, cpus: 2, percent: 69.1015625 },
    { memoryMb: 128, cpus: 6, percent: 69.1015625 },
    { memoryMb: 1769, cpus: 2, percent: 5 },
    { memoryMb: 1769, cpus: 6, percent: 5 },
    { memoryMb: 3008, cpus: 2, percent: 2.9404920212765955 },
    { memoryMb: 3008, cpus: 6, percent: 2.9404920212765955 },
    { memoryMb: 10240, cpus: 2, percent: 2.5 },
    { memoryMb: 10240, cpus: 6, percent: 0.86376953125 },
  ])('$memoryMb MB with $cpus CPUs: $percent %', ({ memoryMb, cpus, percent }) => {
    // Prepare
    const entitlement = vcpuEntitlement(memoryMb, cpus)
    const before = sample({ takenAtMs: 5_000, processCpu: { userMicros: 1_000_000, systemMicros: 300_000 } })
    const after = sample({
      takenAtMs: 6_000,
      processCpu: { userMicros: 1_040_000, systemMicros: 310_000 },
      vcpuEntitlement: entitlement,
    })

    // Act
    const figures = measure(before, after)

    // Assess
    expect(figures.ProcessCPUTime).toBe(50)
    expect(figures.ProcessCPUPercent).toBeCloseTo(percent, 10)
  })

  it('is not capped: a small function that bursts past its share reads above 100', () => {
    // Prepare: 150 ms of CPU in 1,000 ms at 128 MB is 207.3 % of 0.0724 vCPU (150 x 1769 / 1280).
    const before = sample({ takenAtMs: 0, processCpu: { userMicros: 0, systemMicros: 0 } })
    const after = sample({
      takenAtMs: 1_000,
      processCpu: { userMicros: 150_000, systemMicros: 0 },
      vcpuEntitlement: vcpuEntitlement(128, 2),
    })

    // Act
    const figures = measure(before, after)

    // Assess
    expect(figures).toEqual({ ProcessCPUTime: 150, ProcessCPUPercent: expect.closeTo(207.3046875, 10) })
  })

  it('is absent over an interval of no time, while ProcessCPUTime stays', () => {
    // Prepare
    const before = sample({ takenAtMs: 7, processCpu: { userMicros: 0, systemMicros: 0 } })
    const after = sample({
      takenAtMs: 7,
      processCpu: { userMicros: 10, systemMicros: 0 },
      vcpuEntitlement: 2,
    })

    // Act
    const figures = measure(before, after)

    // Assess
    expect(figures).toEqual({ ProcessCPUTime: 0.01 })
  })
})

describe('EventLoopUtilization', () => {
  it('is the active share of the event loop time that passed', () => {
    // Prepare: 100 ms active and 100 ms idle between the readings.
    const before = { idle: 300, active: 100, utilization: 0.25 }
    const after = { idle: 400, active: 200, utilization: 1 / 3 }

    // Act
    const figures = measure(sample({ eventLoop: before }), sample({ eventLoop: after }))

    // Assess
    expect(figures).toEqual({ EventLoopUtilization: 50 })
  })

  it('is absent over an interval before the event loop started, when Node reports no loop time at all', () => {
    // Prepare
    const beforeTheLoop = { idle: 0, active: 0, utilization: 0 }

    // Act
    const figures = measure(sample({ eventLoop: beforeTheLoop }), sample({ eventLoop: beforeTheLoop }))

    // Assess
    expect(figures).toEqual({})
  })

  it('is absent, not above 100, when the readings are in the wrong order', () => {
    // Prepare: idle went back by 5 ms; performance.eventLoopUtilization would call this 200 %.
    const before = { idle: 10, active: 10, utilization: 0.5 }
    const after = { idle: 5, active: 20, utilization: 0.8 }

    // Act
    const figures = measure(sample({ eventLoop: before }), sample({ eventLoop: after }))

    // Assess
    expect(figures).toEqual({})
  })
})

describe('measure never emits NaN, a negative number, Infinity or a share above 100', () => {
  const eventLoop = (idle: number, active: number): EventLoopUtilization => ({
    idle,
    active,
    utilization: active / (idle + active),
  })

  it.each([
    { case: 'NaN everywhere', value: Number.NaN },
    { case: 'Infinity everywhere', value: Number.POSITIVE_INFINITY },
    { case: 'negative numbers everywhere', value: -1 },
    { case: 'zeros everywhere', value: 0 },
  ])('$case', ({ value }) => {
    // Prepare
    const hostile = sample({
      takenAtMs: value,
      cpu: {
        busyMs: value,
        totalMs: value,
        minWindow: value,
        windowStart: { busyMs: value, totalMs: value, takenAtMs: value },
      },
      cpuThrottle: {
        heldMs: value,
        wallMs: value,
        minWindow: value,
        windowStart: { heldMs: value, wallMs: value, takenAtMs: value },
      },
      network: { bytesSent: value, bytesRecv: value, errorsIn: value, errorsOut: value },
      disk: { usedBytes: value, availableBytes: value },
      uptimeMs: value,
      load: { load1: value, load5: value, load15: value },
      memory: { usedBytes: value, limitBytes: value },
      processCpu: { userMicros: value, systemMicros: value },
      processMemory: { rssBytes: value, heapUsedBytes: value, maxRssBytes: value },
      vcpuEntitlement: value,
      fileDescriptors: { open: value, softLimit: value },
      threads: value,
      eventLoop: eventLoop(value, value),
    })
    const ordinary = sample({
      takenAtMs: 1_000,
      cpu: { busyMs: 5_000, totalMs: 20_000, minWindow: 0 },
      cpuThrottle: { heldMs: 5, wallMs: 20, minWindow: 0 },
      network: { bytesSent: 10, bytesRecv: 10, errorsIn: 0, errorsOut: 0 },
      processCpu: { userMicros: 10, systemMicros: 10 },
      eventLoop: eventLoop(10, 10),
    })

    // Act
    const figures = [measure(hostile, hostile), measure(ordinary, hostile), measure(hostile, ordinary)]

    // Assess
    for (const figure of figures) expectOnlyRealFigures(figure)
  })

  it('over 2,000 random pairs of samples with hostile values mixed in', () => {
    // Prepare: a fixed-seed generator, so a failure reproduces.
    let seed = 0x2f6b_9a31
    const random = () => {
      seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0
      return seed / 2 ** 32
    }
    const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, 0, 2 ** 53]
    const value = () =>
      random() < 0.2 ? (specials[Math.floor(random() * specials.length)] ?? 0) : random() * 1e6
    const randomSample = (): Sample =>
      sample({
        takenAtMs: value(),
        cpu: {
          busyMs: value(),
          totalMs: value(),
          minWindow: value(),
          windowStart: { busyMs: value(), totalMs: value(), takenAtMs: value() },
        },
        cpuThrottle: {
          heldMs: value(),
          wallMs: value(),
          minWindow: value(),
          windowStart: { heldMs: value(), wallMs: value(), takenAtMs: value() },
        },
        network: { bytesSent: value(), bytesRecv: value(), errorsIn: value(), errorsOut: value() },
        disk: { usedBytes: value(), availableBytes: value() },
        uptimeMs: value(),
        load: { load1: value(), load5: value(), load15: value() },
        memory: { usedBytes: value(), limitBytes: value() },
        processCpu: { userMicros: value(), systemMicros: value() },
        processMemory: { rssBytes: value(), heapUsedBytes: value(), maxRssBytes: value() },
        vcpuEntitlement: value(),
        fileDescriptors: { open: value(), softLimit: value() },
        threads: value(),
        eventLoop: eventLoop(value(), value()),
      })

    // Act
    const figures = Array.from({ length: 2_000 }, () => measure(randomSample(), randomSample()))

    // Assess
    for (const figure of figures) expectOnlyRealFigures(figure)
    expect(figures.some((figure) => Object.keys(figure).length > 10)).toBe(true)
  })
})
