import { ByteCursor } from '../procfs/parse.js'
import type { NetworkCounters } from '../types.js'

const COLON = 0x3a

/** Loopback (`lo` on Linux, `lo0` on macOS) never leaves the execution environment: never counted. */
export const isLoopback = (iface: string): boolean => /^lo\d*$/.test(iface)

/** Sums the counters of every interface but loopback; both sources add their interfaces here. */
export class NetworkTotals {
  #bytesSent = 0
  #bytesRecv = 0
  #errorsIn = 0
  #errorsOut = 0

  add(iface: string, bytesRecv: number, bytesSent: number, errorsIn: number, errorsOut: number): void {
    if (isLoopback(iface)) return
    this.#bytesRecv += bytesRecv
    this.#bytesSent += bytesSent
    this.#errorsIn += errorsIn
    this.#errorsOut += errorsOut
  }

  counters(): NetworkCounters {
    return {
      bytesSent: this.#bytesSent,
      bytesRecv: this.#bytesRecv,
      errorsIn: this.#errorsIn,
      errorsOut: this.#errorsOut,
    }
  }
}

/**
 * Sums the counters of /proc/net/dev over non-loopback interfaces. After two header lines, each line is
 * `iface: rx_bytes rx_packets rx_errs rx_drop rx_fifo rx_frame rx_compressed rx_multicast tx_bytes
 * tx_packets tx_errs ...`.
 */
export const parseNetDev = (bytes: Buffer): NetworkCounters => {
  const cursor = new ByteCursor(bytes, '/proc/net/dev')
  if (!cursor.nextLine() || !cursor.nextLine()) throw new Error('/proc/net/dev has no interface lines')
  const totals = new NetworkTotals()
  do {
    cursor.skipBlanks()
    if (cursor.position >= bytes.length) break
    const iface = cursor.token(COLON)
    const rxBytes = cursor.number()
    cursor.number()
    const rxErrors = cursor.number()
    for (let skip = 0; skip < 5; skip++) cursor.number()
    const txBytes = cursor.number()
    cursor.number()
    const txErrors = cursor.number()
    totals.add(iface, rxBytes, txBytes, rxErrors, txErrors)
  } while (cursor.nextLine())
  return totals.counters()
}
