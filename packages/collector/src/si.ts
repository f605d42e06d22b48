/**
 * The one file that touches systeminformation: the portable fallback for network counters where /proc is
 * not there. It is imported lazily, so the Linux fast path (and so Lambda's cold start) never loads it.
 */
import { isLoopback } from './readers/network.js'
import type { NetworkCounters } from './types.js'

// Not a literal in the import() below, so bundlers leave systeminformation out: the fallback never runs on
// Linux (so never on Lambda), and inlined it would add ~320 kB and ~5 ms of parsing to every bundled handler.
const SYSTEMINFORMATION: string = 'systeminformation'

export const readNetworkFromSystemInformation = async (): Promise<NetworkCounters> => {
  const { default: si } = (await import(SYSTEMINFORMATION)) as {
    default: typeof import('systeminformation')
  }
  const interfaces = await si.networkStats('*')
  let bytesSent = 0
  let bytesRecv = 0
  let errorsIn = 0
  let errorsOut = 0
  for (const stats of interfaces) {
    if (isLoopback(stats.iface)) continue
    bytesSent += stats.tx_bytes
    bytesRecv += stats.rx_bytes
    errorsIn += stats.rx_errors
    errorsOut += stats.tx_errors
  }
  return { bytesSent, bytesRecv, errorsIn, errorsOut }
}
