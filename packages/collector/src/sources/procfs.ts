import { path } from '../builtins.js'
import { ProcFile } from '../procfs/proc-file.js'
import { countFileDescriptors, readSoftFileLimit } from '../readers/descriptors.js'
import { parseProcLoadavg, parseProcUptime, readLoadFromOs, readUptimeFromOs } from '../readers/host.js'
import { againstLimit, parseMeminfo } from '../readers/memory.js'
import { parseNetDev } from '../readers/network.js'
import { parseThreads } from '../readers/threads.js'
import { commonReaders, osMemoryReader } from './common.js'
import { fill, type Reader, type Source, type SourceContext, withFallback } from './reader.js'

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
      fill('network', 'network', () => parseNetDev(netDev.read())),
      gauge(
        fill('uptime', 'uptimeMs', () => parseProcUptime(uptime.read())),
        fill('uptime', 'uptimeMs', readUptimeFromOs),
      ),
      gauge(
        fill('load', 'load', () => parseProcLoadavg(loadavg.read())),
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
