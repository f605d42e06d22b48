import { readLoadFromOs, readUptimeFromOs } from '../readers/host.js'
import { readNetworkFromSystemInformation } from '../si.js'
import { commonReaders, osMemoryReader } from './common.js'
import { fill, type Source, type SourceContext } from './reader.js'

/**
 * The portable fallback where /proc is not there: Node's `os` APIs for CPU, load, uptime and memory, and
 * systeminformation, loaded on first use, for the network counters. Descriptors and threads are Linux-only.
 */
export const portableSource = (context: SourceContext): Source => ({
  readers: [
    context.cpu.portableReader(),
    fill('network', 'network', readNetworkFromSystemInformation),
    fill('uptime', 'uptimeMs', readUptimeFromOs),
    fill('load', 'load', readLoadFromOs),
    osMemoryReader(context),
    ...commonReaders(context),
  ],
  close: () => {},
})
