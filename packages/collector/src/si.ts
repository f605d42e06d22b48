/**
 * The one file that touches systeminformation: the portable fallback for network counters where /proc is
 * not there. It is imported lazily, so the Linux fast path (and so Lambda's cold start) never loads it.
 */
import { interfaceKind, NetworkTotals } from './readers/network.js'
import type { NetworkCounters } from './types.js'

// Not a literal in the import() below, so bundlers leave systeminformation out: the fallback never runs on
// Linux (so never on Lambda), and inlined it would add ~320 kB and ~5 ms of parsing to every bundled handler.
const SYSTEMINFORMATION: string = 'systeminformation'

export const readNetworkFromSystemInformation = async (): Promise<NetworkCounters> => {
  const { default: si } = (await import(SYSTEMINFORMATION)) as {
    default: typeof import('systeminformation')
  }
  const interfaces = await si.networkStats('*')
  const totals = new NetworkTotals()
  for (const stats of interfaces) {
    totals.add(interfaceKind(stats.iface), stats.rx_bytes, stats.tx_bytes, stats.rx_errors, stats.tx_errors)
  }
  return totals.counters()
}
