/**
 * The one file that touches systeminformation: the portable fallback for network counters where /proc is
 * not there. It is imported lazily, so the Linux fast path (and so Lambda's cold start) never loads it.
 */
import { isLoopback } from './readers/network.js'
import type { NetworkCounters } from './types.js'

export const readNetworkFromSystemInformation = async (): Promise<NetworkCounters> => {
  const { default: si } = await import('systeminformation')
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
