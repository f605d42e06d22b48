import { ByteCursor } from '../procfs/parse.js'
import type { NetworkCounters } from '../types.js'

const COLON = 0x3a

/** Loopback (`lo` on Linux, `lo0` on macOS) never leaves the execution environment: never counted. */
export const isLoopback = (iface: string): boolean => /^lo\d*$/.test(iface)

/**
 * The function's own interfaces: on Lambda `vinternal_1` (newer environments: `vint_runtime`), on Lambda
 * Managed Instances `Ceth1`. Their neighbours are not the function's traffic: `telemetry1_sb` carries the
 * Telemetry API to extensions, `Veth0` is the host side of the Managed Instances pair.
 */
export const FUNCTION_INTERFACES: readonly string[] = ['vinternal_1', 'vint_runtime', 'Ceth1']

class Sums {
  bytesSent = 0
  bytesRecv = 0
  errorsIn = 0
  errorsOut = 0

  counters(): NetworkCounters {
    return {
      bytesSent: this.bytesSent,
      bytesRecv: this.bytesRecv,
      errorsIn: this.errorsIn,
      errorsOut: this.errorsOut,
    }
  }
}

/**
 * Sums the counters of the function's own interfaces ({@link FUNCTION_INTERFACES}) where any is present,
 * else of every interface but loopback; both sources add their interfaces here. Both sums are kept as the
 * interfaces come, so one pass serves either rule.
 */
export class NetworkTotals {
  readonly #own = new Sums()
  readonly #others = new Sums()
  #sawOwn = false

  add(iface: string, bytesRecv: number, bytesSent: number, errorsIn: number, errorsOut: number): void {
    if (isLoopback(iface)) return
    const isOwn = FUNCTION_INTERFACES.includes(iface)
    this.#sawOwn ||= isOwn
    const sums = isOwn ? this.#own : this.#others
    sums.bytesRecv += bytesRecv
    sums.bytesSent += bytesSent
    sums.errorsIn += errorsIn
    sums.errorsOut += errorsOut
  }

  counters(): NetworkCounters {
    return (this.#sawOwn ? this.#own : this.#others).counters()
  }
}

/**
 * Sums the counters of /proc/net/dev by the {@link NetworkTotals} rule. After two header lines, each line
 * is `iface: rx_bytes rx_packets rx_errs rx_drop rx_fifo rx_frame rx_compressed rx_multicast tx_bytes
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
