import { once } from 'node:events'
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, statfsSync, writeSync } from 'node:fs'
import { type AddressInfo, connect, createServer, type Socket } from 'node:net'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Worker } from 'node:worker_threads'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createCollector } from './collector.js'
import { MIN_CPU_WINDOW_MS } from './figures.js'
import { measure } from './measure.js'
import { METRICS, type MetricName } from './metrics.js'
import { type Interval, measureInterval, temporaryDirectory } from './test-support/proc-trees.js'
import type { CollectorOptions, ReadProblem, Utilization } from './types.js'

const MiB = 1024 * 1024

/** A procfs collector over the live /proc that fails the test on any read problem. */
const liveCollector = (options: Omit<CollectorOptions, 'source' | 'onReadProblem'> = {}) => {
  const problems: ReadProblem[] = []
  const collector = createCollector({ ...options, source: 'procfs', onReadProblem: (p) => problems.push(p) })
  onTestFinished(() => {
    collector.close()
    expect(problems).toEqual([])
  })
  return collector
}

/** Threads that spin in a busy interval: every CPU, up to eight. */
const SPINNERS = Math.min(cpus().length, 8)

/** Keeps SPINNERS CPUs busy for `ms`: the host is then busy whatever else runs on it. */
const spinCpus = async (ms: number): Promise<void> => {
  const spin = `const end = Date.now() + ${ms}; while (Date.now() < end) {}`
  const workers = Array.from({ length: SPINNERS - 1 }, () => new Worker(spin, { eval: true }))
  const end = Date.now() + ms
  while (Date.now() < end) {}
  await Promise.all(workers.map((worker) => once(worker, 'exit')))
}

describe.runIf(process.platform === 'linux')('the live host', () => {
  it('shows a busy interval as clearly busier than a sleeping one of the same length', async () => {
    // Prepare: long enough that the interval, summed over all CPUs, is a CPU window of its own (at least
    // MIN_CPU_WINDOW_MS: 600 ms of wall time on two CPUs is 1,200 ms), not the trailing fallback window.
    const intervalMs = Math.max(600, Math.ceil((1.2 * MIN_CPU_WINDOW_MS) / cpus().length))
    const collector = liveCollector({ groups: ['cpu', 'process'] })
    const cpuPercent = (interval: Interval | undefined) => interval?.figures.CPUPercent ?? 100

    // Act: sleeping intervals until one finds the host quiet (other processes only ever add to CPUPercent,
    // so the quietest is the fair one to compare with), then one busy interval.
    let idle: Interval | undefined
    let attempts = 0
    while (attempts++ < 12 && cpuPercent(idle) >= 50) {
      const attempt = await measureInterval(collector, () => sleep(intervalMs))
      if (cpuPercent(attempt) < cpuPercent(idle)) idle = attempt
    }
    const busy = await measureInterval(collector, () => spinCpus(intervalMs))

    // Assess: this process's figures hold however loaded the host is. Neighbours take CPUs from the
    // spinning threads, so they are compared as ratios, not against the interval's length.
    const hostBusyMs = (busy.after.cpu?.busyMs ?? 0) - (busy.before.cpu?.busyMs ?? 0)
    const ownMs = busy.figures.ProcessCPUTime ?? Number.NaN
    // This process's CPU time is part of the host's busy time (allowing a 10 ms tick on each CPU).
    expect(hostBusyMs).toBeGreaterThanOrEqual(ownMs - 10 * cpus().length)
    expect(ownMs).toBeGreaterThan(10 * (idle?.figures.ProcessCPUTime ?? Number.NaN))
    expect(busy.figures.ProcessCPUPercent).toBeGreaterThan(
      10 * (idle?.figures.ProcessCPUPercent ?? Number.NaN),
    )
    // The host-wide figure, against the quietest sleeping interval.
    expect(busy.figures.CPUPercent).toBeGreaterThan((0.8 * 100 * SPINNERS) / cpus().length)
    expect(
      busy.figures.CPUPercent,
      `the quietest of ${attempts - 1} sleeping intervals read ${cpuPercent(idle)} %: other processes kept the host busy`,
    ).toBeGreaterThan(cpuPercent(idle) + 25)
  }, 20_000)

  it('raises DiskUsedBytes by about the 8 MiB written and fsynced into diskPath', async () => {
    // Prepare: /dev/shm when it is a tmpfs, which few processes write to (Lambda's /tmp, too, is a file
    // system of its own), so other processes' writes to a shared root disk do not blur the figure.
    const TMPFS_MAGIC = 0x0102_1994
    const onTmpfs = existsSync('/dev/shm') && statfsSync('/dev/shm').type === TMPFS_MAGIC
    const diskPath = temporaryDirectory(onTmpfs ? '/dev/shm' : tmpdir())
    const collector = liveCollector({ diskPath, groups: ['disk', 'diskBytes'] })
    const written = 8 * MiB

    // Act
    const { before, after, figures } = await measureInterval(collector, () => {
      const fd = openSync(join(diskPath, 'eight-mebibytes'), 'w')
      writeSync(fd, Buffer.alloc(written, 0x5a))
      fsyncSync(fd)
      closeSync(fd)
    })
    const atStart = measure(before, before)

    // Assess
    const used = (figures.DiskUsedBytes ?? 0) - (atStart.DiskUsedBytes ?? 0)
    const freed = (atStart.DiskFreeBytes ?? 0) - (figures.DiskFreeBytes ?? 0)
    expect(used).toBeGreaterThan(written - MiB)
    expect(used).toBeLessThan(written + MiB)
    expect(freed).toBeGreaterThan(written - MiB)
    expect(freed).toBeLessThan(written + MiB)
    const { usedBytes, availableBytes } = after.disk ?? { usedBytes: 0, availableBytes: 0 }
    expect(figures.DiskUsedPercent).toBeCloseTo((100 * usedBytes) / (usedBytes + availableBytes), 10)
  })

  it('does not count loopback traffic in NetBytesSent or NetBytesRecv', async () => {
    // Prepare: an echo of 16 MiB each way over 127.0.0.1, which lo counts as 32 MiB sent and received.
    const payload = 16 * MiB
    const loopbackBytes = () => {
      const match = /^\s*lo:\s*(\d+)(?:\s+\d+){7}\s+(\d+)/m.exec(readFileSync('/proc/net/dev', 'latin1'))
      return { recv: Number(match?.[1]), sent: Number(match?.[2]) }
    }
    const server = createServer((socket) => {
      let received = 0
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length
        if (received === payload) socket.end(Buffer.alloc(payload))
      })
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    onTestFinished(() => {
      server.close()
    })
    const exchange = async () => {
      const client: Socket = connect((server.address() as AddressInfo).port, '127.0.0.1')
      let received = 0
      client.on('data', (chunk: Buffer) => {
        received += chunk.length
      })
      client.end(Buffer.alloc(payload))
      await once(client, 'close')
      return received
    }
    const collector = liveCollector({ groups: ['network'] })
    const loStart = loopbackBytes()

    // Act
    let echoed = 0
    const { figures } = await measureInterval(collector, async () => {
      echoed = await exchange()
    })
    const loEnd = loopbackBytes()

    // Assess: the traffic went through lo, and the figures do not show it.
    expect(echoed).toBe(payload)
    expect(loEnd.sent - loStart.sent).toBeGreaterThanOrEqual(2 * payload)
    expect(loEnd.recv - loStart.recv).toBeGreaterThanOrEqual(2 * payload)
    expect(figures.NetBytesSent).toBeLessThan(payload)
    expect(figures.NetBytesRecv).toBeLessThan(payload)
  })

  it('gives every figure, each Percent within 0..100 and none negative or not finite', async () => {
    // Prepare: a realistic run of invocations, long and short, sampled as the middleware does.
    const collector = liveCollector()
    const runs: Utilization[] = []

    // Act
    for (const workMs of [0, 1, 2, 5, 20, 0, 3, 150, 0, 1, 600, 2]) {
      const before = await collector.sample('counters')
      const end = Date.now() + workMs
      while (Date.now() < end) {}
      runs.push(measure(before, await collector.sample('full')))
    }

    // Assess: the figures over a trailing window (`windowed`) may be absent until it fills, on a machine
    // where their counter is a tick counter; ProcessCPUPercent, a share of the entitlement, may pass 100.
    const always = METRICS.filter((metric) => !('windowed' in metric)).map((metric) => metric.name)
    for (const figures of runs) {
      expect(
        Object.keys(figures)
          .filter((name) => always.includes(name as MetricName))
          .sort(),
      ).toEqual([...always].sort())
      for (const { name, unit } of METRICS) {
        const value = figures[name]
        if (value === undefined && !always.includes(name)) continue
        expect(Number.isFinite(value), name).toBe(true)
        expect(value, name).toBeGreaterThanOrEqual(0)
        if (unit === 'Percent' && name !== 'ProcessCPUPercent') expect(value, name).toBeLessThanOrEqual(100)
      }
    }
    // The 600 ms invocation fills every window: by the last run every figure is there.
    expect(Object.keys(runs.at(-1) ?? {}).sort()).toEqual(METRICS.map((metric) => metric.name).sort())
  })

  it('counts the descriptors this process opens', async () => {
    // Prepare
    const path = join(temporaryDirectory(), 'opened-ten-times')
    closeSync(openSync(path, 'w'))
    const collector = liveCollector({ groups: ['fileDescriptors'] })
    const opened: number[] = []
    onTestFinished(() => {
      for (const fd of opened) closeSync(fd)
    })

    // Act
    const { before, figures } = await measureInterval(collector, () => {
      for (let i = 0; i < 10; i++) opened.push(openSync(path, 'r'))
    })

    // Assess
    expect((figures.FileDescriptors ?? 0) - (measure(before, before).FileDescriptors ?? 0)).toBe(10)
  })

  it('counts the threads of this process, a worker thread among them', async () => {
    // Prepare
    const collector = liveCollector({ groups: ['threads'] })

    // Act: the worker's thread starts between the samples and is still running at the second.
    const { before, figures } = await measureInterval(collector, () => {
      const worker = new Worker('setInterval(() => {}, 1000)', { eval: true })
      onTestFinished(async () => {
        await worker.terminate()
      })
      return once(worker, 'online')
    })

    // Assess
    expect(figures.Threads).toBeGreaterThanOrEqual((measure(before, before).Threads ?? 0) + 1)
  })
})
