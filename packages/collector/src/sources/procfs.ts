import { path } from '../builtins.js'
import type { Timed } from '../cpu/trailing-window.js'
import { ProcFile } from '../procfs/proc-file.js'
import { RecentReading } from '../procfs/recent-reading.js'
import { countFileDescriptors, readSoftFileLimit } from '../readers/descriptors.js'
import { parseProcLoadavg, parseProcUptime, readLoadFromOs, readUptimeFromOs } from '../readers/host.js'
import { againstLimit, parseMeminfo } from '../readers/memory.js'
import { parseNetDev } from '../readers/network.js'
import { parseThreads } from '../readers/threads.js'
import type { NetworkCounters, ReaderName, Reading } from '../types.js'
import { commonReaders, osMemoryReader } from './common.js'
import {
  fill,
  type MutableSample,
  type Reader,
  type Source,
  type SourceContext,
  withFallback,
} from './reader.js'

/** Descriptors open in this process, and the soft limit, read once: it changes only through setrlimit. */
const fileDescriptorReader = (procRoot: string): Reader => {
  const fdDirectory = path.join(procRoot, 'self', 'fd')
  const isLiveProc = procRoot === '/proc'
  let softFileLimit: { value: number | undefined } | undefined
  return {
    name: 'fileDescriptors',
    reading: 'fileDescriptors',
    read: (sample) => {
      const open = countFileDescriptors(fdDirectory, isLiveProc)
      // Set before the limit is read, so a broken limits file costs only FileDescriptorUtilization.
      sample.fileDescriptors = { open }
      softFileLimit ??= { value: readSoftFileLimit(path.join(procRoot, 'self', 'limits')) }
      if (softFileLimit.value !== undefined) sample.fileDescriptors = { open, softLimit: softFileLimit.value }
    },
  }
}

/**
 * The kernel recomputes the load averages every 5 s (LOAD_FREQ): a /proc/loadavg reading up to 1 s old is
 * as new as a fresh one at least four times in five, and at most one 5 s step behind otherwise.
 */
const LOAD_REUSE_MS = 1000

/**
 * /proc/uptime is read at most once a second; in between, uptime is the last reading plus the time since it
 * on the collector's monotonic clock. /proc/uptime is CLOCK_BOOTTIME, `performance.now()` CLOCK_MONOTONIC:
 * they part only while the kernel is in system suspend, and a reading more than 1 s old on the monotonic
 * clock is taken again anyway. 1.4 us a read saved, with a figure as exact as the file's hundredths.
 */
const UPTIME_REREAD_MS = 1000

/**
 * Network counters are read fresh at every interval's end, but an interval's start reuses a reading younger
 * than this, which on back-to-back invocations is the previous one's end reading: one /proc/net/dev read
 * (7 us) per invocation instead of two. The start then lies up to 1 ms before the sample's: the bytes of
 * that gap between two invocations count to the later one, so no byte is counted twice or dropped; an end
 * reading is never reused, so nothing an invocation sends is missed.
 */
const NETWORK_START_REUSE_MS = 1

/** The network reader: {@link NETWORK_START_REUSE_MS}. */
const networkReader = (read: () => NetworkCounters): Reader => {
  const recent = new RecentReading(NETWORK_START_REUSE_MS, read)
  return {
    name: 'network',
    reading: 'network',
    read: (sample, mode) => {
      const kept = mode === 'counters' ? recent.at(sample.takenAtMs) : recent.fresh(sample.takenAtMs)
      sample.network = kept.reading
    },
  }
}

/**
 * A gauge from a file read through a {@link RecentReading}: `figure` makes the sample's reading from the kept
 * one and the sample's time.
 */
const recentGauge = <R extends Reading, Value>(
  name: ReaderName,
  reading: R,
  maxAgeMs: number,
  read: () => Value,
  figure: (kept: Timed<Value>, atMs: number) => MutableSample[R],
): Reader => {
  const recent = new RecentReading(maxAgeMs, read)
  return {
    name,
    reading,
    read: (sample) => {
      sample[reading] = figure(recent.at(sample.takenAtMs), sample.takenAtMs)
    },
  }
}

/**
 * The Linux fast path: every reading a positional read of a /proc file kept open, a `statfs` or a Node API
 * call; no child process, no systeminformation.
 */
export const procfsSource = (context: SourceContext): Source => {
  const files: ProcFile[] = []
  // Sized for the lines we parse; ProcFile grows when a file is longer.
  const procFile = (relativePath: string, initialBytes: number) => {
    const file = new ProcFile(path.join(context.procRoot, relativePath), initialBytes)
    files.push(file)
    return file
  }
  const netDev = procFile('net/dev', 4096)
  const uptime = procFile('uptime', 128)
  const loadavg = procFile('loadavg', 128)
  const meminfo = procFile('meminfo', 4096)
  const status = procFile('self/status', 4096)
  // Node's own readings of the live host stand in for a gauge whose /proc file failed; a fixture root
  // (tests) describes another host, so there a failed file means an absent figure.
  const gauge = (primary: Reader, fallback: Reader): Reader =>
    context.procRoot === '/proc' ? withFallback(context, primary, fallback) : primary
  return {
    readers: [
      context.cpu.procfsReader(),
      networkReader(() => parseNetDev(netDev.read())),
      gauge(
        recentGauge(
          'uptime',
          'uptimeMs',
          UPTIME_REREAD_MS,
          () => parseProcUptime(uptime.read()),
          (kept, atMs) => Math.round(kept.reading + (atMs - kept.takenAtMs)),
        ),
        fill('uptime', 'uptimeMs', readUptimeFromOs),
      ),
      gauge(
        recentGauge(
          'load',
          'load',
          LOAD_REUSE_MS,
          () => parseProcLoadavg(loadavg.read()),
          (kept) => kept.reading,
        ),
        fill('load', 'load', readLoadFromOs),
      ),
      gauge(
        fill('memory', 'memory', () =>
          againstLimit(parseMeminfo(meminfo.read()), context.configuredMemoryBytes),
        ),
        osMemoryReader(context),
      ),
      fileDescriptorReader(context.procRoot),
      fill('threads', 'threads', () => parseThreads(status.read())),
      ...commonReaders(context),
    ],
    close: () => {
      for (const file of files) file.close()
      context.cpu.close()
    },
  }
}
