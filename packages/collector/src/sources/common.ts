import { readDiskUsage } from '../readers/disk.js'
import { againstLimit, readMemoryFromOs } from '../readers/memory.js'
import { readEventLoop, readProcessCpu, readProcessMemory } from '../readers/process.js'
import { fill, type Reader, type SourceContext } from './reader.js'

/** Readers that need no file system specifics: the same on every source. */
export const commonReaders = (context: SourceContext): Reader[] => [
  fill('disk', 'disk', () => readDiskUsage(context.diskPath)),
  {
    name: 'processCpu',
    reading: 'processCpu',
    read: (sample) => {
      sample.processCpu = readProcessCpu()
      sample.vcpuEntitlement = context.vcpuEntitlement()
    },
  },
  fill('processMemory', 'processMemory', readProcessMemory),
  fill('eventLoop', 'eventLoop', readEventLoop),
]

/** Memory from Node's `os` API: the portable source's reader, and the procfs source's stand-in. */
export const osMemoryReader = (context: SourceContext): Reader =>
  fill('memory', 'memory', () => againstLimit(readMemoryFromOs(), context.configuredMemoryBytes))
