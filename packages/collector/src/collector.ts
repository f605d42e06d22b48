import { fs, os, path } from './builtins.js'
import { CpuWindow } from './cpu-window.js'
import { METRIC_GROUPS, type MetricGroup } from './metrics.js'
import { ProcFile } from './procfs/proc-file.js'
import { parseProcStat, readCpuFromOs } from './readers/cpu.js'
import { countFileDescriptors, parseThreads, readSoftFileLimit } from './readers/descriptors.js'
import { readDiskUsage } from './readers/disk.js'
import { parseProcLoadavg, parseProcUptime, readLoadFromOs, readUptimeFromOs } from './readers/host.js'
import {
  configuredMemoryBytes,
  configuredMemoryMb,
  type MeminfoFigures,
  parseMeminfo,
  readMemoryFromOs,
} from './readers/memory.js'
import { parseNetDev } from './readers/network.js'
import { readEventLoop, readProcessCpu, readProcessMemory, vcpuEntitlement } from './readers/process.js'
import { readNetworkFromSystemInformation } from './si.js'
import type {
  Collector,
  CollectorOptions,
  MemoryReading,
  ReaderName,
  Sample,
  SampleMode,
  SampleSource,
} from './types.js'

type MutableSample = { -readonly [Key in keyof Sample]: Sample[Key] }

interface Reader {
  readonly name: ReaderName
  /** Counters are read at both ends of an interval; gauges only at the end. */
  readonly counter: boolean
  readonly read: (sample: MutableSample) => void | Promise<void>
}

interface ReaderPlan {
  readonly all: readonly Reader[]
  readonly counters: readonly Reader[]
  readonly close: () => void
}

const defaultDiskPath = () => (process.platform === 'linux' ? '/tmp' : os.tmpdir())

const isReadable = (file: string): boolean => {
  try {
    fs.accessSync(file, fs.constants.R_OK)
    return true
  } catch {
    return false
  }
}

const resolveSource = (source: SampleSource, procRoot: string): Exclude<SampleSource, 'auto'> => {
  if (source !== 'auto') return source
  return process.platform === 'linux' && isReadable(path.join(procRoot, 'stat'))
    ? 'procfs'
    : 'systeminformation'
}

/**
 * Samples host and process statistics. On Linux (`procfs`) every reading is a positional read of a /proc
 * file kept open, a `statfs` or a Node API call: no child process, no systeminformation. Elsewhere
 * (`systeminformation`) Node's `os` APIs serve CPU, load, uptime and memory and systeminformation, loaded
 * on first use, serves network counters; descriptor and thread counts are Linux-only.
 */
export const createCollector = (options: CollectorOptions = {}): Collector => {
  const procRoot = options.procRoot ?? '/proc'
  const diskPath = options.diskPath ?? defaultDiskPath()
  const groups = new Set<MetricGroup>(options.groups ?? METRIC_GROUPS)
  const onReadProblem = options.onReadProblem
  const configuredBytes = configuredMemoryBytes(options.memoryLimitMb)
  const entitlement = vcpuEntitlement(configuredMemoryMb(options.memoryLimitMb))
  const cpuWindow = new CpuWindow()
  // The configured function memory on Lambda, the machine's total elsewhere.
  const againstLimit = ({ totalBytes, usedBytes }: MeminfoFigures): MemoryReading => ({
    usedBytes,
    limitBytes: configuredBytes ?? totalBytes,
  })

  let source: Exclude<SampleSource, 'auto'> | undefined
  let plan: ReaderPlan | undefined

  const procfsReaders = (): ReaderPlan => {
    const files: ProcFile[] = []
    const procFile = (relativePath: string, initialBytes: number) => {
      const file = new ProcFile(path.join(procRoot, relativePath), initialBytes)
      files.push(file)
      return file
    }
    // Sized for the lines we parse; ProcFile grows when a file is longer.
    const stat = procFile('stat', 512)
    const netDev = procFile('net/dev', 4096)
    const uptime = procFile('uptime', 128)
    const loadavg = procFile('loadavg', 128)
    const meminfo = procFile('meminfo', 4096)
    const status = procFile('self/status', 4096)
    const fdDirectory = path.join(procRoot, 'self', 'fd')
    const isLiveProc = procRoot === '/proc'
    let softFileLimit: { value: number | undefined } | undefined
    const readers: Reader[] = [
      {
        name: 'cpu',
        counter: true,
        read: (s) => {
          s.cpu = parseProcStat(stat.read())
        },
      },
      {
        name: 'network',
        counter: true,
        read: (s) => {
          s.network = parseNetDev(netDev.read())
        },
      },
      {
        name: 'uptime',
        counter: false,
        read: (s) => {
          s.uptimeMs = parseProcUptime(uptime.read())
        },
      },
      {
        name: 'load',
        counter: false,
        read: (s) => {
          s.load = parseProcLoadavg(loadavg.read())
        },
      },
      {
        name: 'memory',
        counter: false,
        read: (s) => {
          s.memory = againstLimit(parseMeminfo(meminfo.read()))
        },
      },
      {
        name: 'fileDescriptors',
        counter: false,
        read: (s) => {
          const open = countFileDescriptors(fdDirectory, isLiveProc)
          // Set before the limit is read, so a broken limits file costs only FileDescriptorUtilization.
          s.fileDescriptors = { open }
          // The limit changes only through setrlimit, which Lambda functions do not call: read it once.
          softFileLimit ??= { value: readSoftFileLimit(path.join(procRoot, 'self', 'limits')) }
          if (softFileLimit.value !== undefined) s.fileDescriptors = { open, softLimit: softFileLimit.value }
        },
      },
      {
        name: 'threads',
        counter: false,
        read: (s) => {
          s.threads = parseThreads(status.read())
        },
      },
    ]
    return {
      ...selectReaders(readers),
      close: () => {
        for (const file of files) file.close()
      },
    }
  }

  const portableReaders = (): ReaderPlan => {
    const readers: Reader[] = [
      {
        name: 'cpu',
        counter: true,
        read: (s) => {
          s.cpu = readCpuFromOs()
        },
      },
      {
        name: 'network',
        counter: true,
        read: async (s) => {
          s.network = await readNetworkFromSystemInformation()
        },
      },
      {
        name: 'uptime',
        counter: false,
        read: (s) => {
          s.uptimeMs = readUptimeFromOs()
        },
      },
      {
        name: 'load',
        counter: false,
        read: (s) => {
          s.load = readLoadFromOs()
        },
      },
      {
        name: 'memory',
        counter: false,
        read: (s) => {
          s.memory = againstLimit(readMemoryFromOs())
        },
      },
    ]
    return { ...selectReaders(readers), close: () => {} }
  }

  /** Readers that need no file system specifics, the same on every source. */
  const commonReaders: Reader[] = [
    {
      name: 'disk',
      counter: false,
      read: (s) => {
        s.disk = readDiskUsage(diskPath)
      },
    },
    {
      name: 'processCpu',
      counter: true,
      read: (s) => {
        s.processCpu = readProcessCpu()
        s.vcpuEntitlement = entitlement
      },
    },
    {
      name: 'processMemory',
      counter: false,
      read: (s) => {
        s.processMemory = readProcessMemory()
      },
    },
    {
      name: 'eventLoop',
      counter: true,
      read: (s) => {
        s.eventLoop = readEventLoop()
      },
    },
  ]

  const groupsOfReader: Record<ReaderName, readonly MetricGroup[]> = {
    cpu: ['cpu'],
    network: ['network'],
    uptime: ['host'],
    load: ['load'],
    memory: ['memory'],
    disk: ['disk', 'diskBytes'],
    processCpu: ['process'],
    processMemory: ['process'],
    fileDescriptors: ['fileDescriptors'],
    threads: ['threads'],
    eventLoop: ['eventLoop'],
  }

  const selectReaders = (sourceReaders: readonly Reader[]) => {
    const all = [...sourceReaders, ...commonReaders].filter((reader) =>
      groupsOfReader[reader.name].some((group) => groups.has(group)),
    )
    return { all, counters: all.filter((reader) => reader.counter) }
  }

  const report = (reader: ReaderName, error: unknown) => {
    try {
      onReadProblem?.({ reader, error })
    } catch {
      // A failing report must not turn a lost figure into a lost sample.
    }
  }

  const runReader = (reader: Reader, sample: MutableSample): Promise<void> | undefined => {
    try {
      const pending = reader.read(sample)
      return pending?.catch((error: unknown) => report(reader.name, error))
    } catch (error) {
      report(reader.name, error)
      return undefined
    }
  }

  return {
    get source() {
      return source
    },
    sample(mode: SampleMode = 'full'): Promise<Sample> {
      if (!plan) {
        source = resolveSource(options.source ?? 'auto', procRoot)
        plan = source === 'procfs' ? procfsReaders() : portableReaders()
      }
      const sample: MutableSample = { takenAtMs: performance.now() }
      let pending: Promise<void>[] | undefined
      for (const reader of mode === 'full' ? plan.all : plan.counters) {
        const read = runReader(reader, sample)
        if (!read) continue
        pending ??= []
        pending.push(read)
      }
      if (!pending) return Promise.resolve(withCpuBaseline(sample))
      return Promise.all(pending).then(() => withCpuBaseline(sample))
    },
    close() {
      plan?.close()
      plan = undefined
    },
  }

  function withCpuBaseline(sample: MutableSample): Sample {
    if (sample.cpu) sample.cpuBaseline = cpuWindow.baselineFor(sample.cpu)
    return sample
  }
}
