import { execFileSync } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { createCollector, measure } from '../../src/index.js'
import { busyFor, measureAround, sleep } from './support.js'

const onlineWorker = () =>
  new Promise<Worker>((resolve, reject) => {
    const worker = new Worker('setInterval(() => {}, 1000)', { eval: true })
    worker.once('online', () => resolve(worker))
    worker.once('error', reject)
  })

describe('process and host figures against their ground truth', () => {
  it('opening 100 files raises FileDescriptors by exactly 100', async () => {
    const collector = createCollector({ source: 'procfs', groups: ['fileDescriptors'] })
    const before = await collector.sample()
    const descriptors = Array.from({ length: 100 }, () => openSync('/proc/self/stat', 'r'))
    const opened = await collector.sample()
    for (const fd of descriptors) closeSync(fd)
    const closed = await collector.sample()
    collector.close()

    expect((opened.fileDescriptors?.open ?? 0) - (before.fileDescriptors?.open ?? 0)).toBe(100)
    expect(closed.fileDescriptors?.open).toBe(before.fileDescriptors?.open)
  })

  it('starting 3 worker threads raises Threads by 3', async () => {
    const collector = createCollector({ source: 'procfs', groups: ['threads'] })
    const before = await collector.sample()
    const workers = await Promise.all([onlineWorker(), onlineWorker(), onlineWorker()])
    const after = await collector.sample()
    await Promise.all(workers.map((worker) => worker.terminate()))
    collector.close()

    expect(measure(before, after).Threads).toBe((before.threads ?? 0) + 3)
  })

  it('Uptime is /proc/uptime in milliseconds, within one second', async () => {
    const collector = createCollector({ source: 'procfs', groups: ['host'] })
    const sample = await collector.sample()
    collector.close()
    const uptimeMs = Number(readFileSync('/proc/uptime', 'latin1').split(' ')[0]) * 1000

    expect(Math.abs((sample.uptimeMs ?? 0) - uptimeMs)).toBeLessThan(1000)
  })

  it('Load1, Load5 and Load15 equal /proc/loadavg', async () => {
    const collector = createCollector({ source: 'procfs', groups: ['load'] })
    // The kernel updates the averages every 5 s: read until two file reads agree around one sample.
    for (let attempt = 0; attempt < 5; attempt++) {
      const first = readFileSync('/proc/loadavg', 'latin1')
      const sample = await collector.sample()
      const second = readFileSync('/proc/loadavg', 'latin1')
      if (first !== second) continue
      const [load1, load5, load15] = first.split(' ').map(Number)
      collector.close()
      expect(measure(sample, sample)).toMatchObject({ Load1: load1, Load5: load5, Load15: load15 })
      return
    }
    collector.close()
    throw new Error('/proc/loadavg changed during every attempt')
  })

  it('FileDescriptorUtilization is FileDescriptors over the soft limit a shell reports', async () => {
    const softLimit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim())

    const figures = await measureAround(() => {}, { groups: ['fileDescriptors'] })

    expect(figures.FileDescriptorUtilization).toBeCloseTo(
      (100 * (figures.FileDescriptors ?? 0)) / softLimit,
      10,
    )
  })

  it('EventLoopUtilization reads near 100 for a blocked loop and near 0 for an idle one', async () => {
    const blocked = await measureAround(() => busyFor(300), { groups: ['eventLoop'] })
    const idle = await measureAround(() => sleep(300), { groups: ['eventLoop'] })

    expect(blocked.EventLoopUtilization).toBeGreaterThan(90)
    expect(idle.EventLoopUtilization).toBeLessThan(20)
  })

  it('ProcessHeapUsed grows with a million live objects', async () => {
    let objects: { index: number }[] = []
    const baseline = await measureAround(() => {}, { groups: ['process'] })

    const figures = await measureAround(
      () => {
        objects = Array.from({ length: 1_000_000 }, (_, index) => ({ index }))
      },
      { groups: ['process'] },
    )

    // Each object takes at least 16 bytes of V8 heap and the array 8 bytes a slot: 24 MB at the very least.
    expect(objects).toHaveLength(1_000_000)
    expect((figures.ProcessHeapUsed ?? 0) - (baseline.ProcessHeapUsed ?? 0)).toBeGreaterThan(24_000_000)
  })
})
