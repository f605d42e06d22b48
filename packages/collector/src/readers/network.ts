import { ByteCursor } from '../procfs/parse.js'
import type { NetworkCounters } from '../types.js'

const COLON = 0x3a

/**
 * The function's own interfaces: on Lambda `vinternal_1` (newer environments: `vint_runtime`), on Lambda
 * Managed Instances `Ceth1`. Their neighbours are not the function's traffic: `telemetry1_sb` carries the
 * Telemetry API to extensions, `Veth0` is the host side of the Managed Instances pair.
 */
export const FUNCTION_INTERFACES: readonly string[] = ['vinternal_1', 'vint_runtime', 'Ceth1']

/** How an interface's counters count: never (loopback), as the function's own, or as another interface. */
type InterfaceKind = 'loopback' | 'own' | 'other'

const FUNCTION_INTERFACE_BYTES = FUNCTION_INTERFACES.map((name) => Buffer.from(name, 'latin1'))
const LOWER_L = 0x6c
const LOWER_O = 0x6f

const isDigitAt = (bytes: Uint8Array, index: number): boolean => {
  const byte = bytes[index] ?? 0
  return byte >= 0x30 && byte <= 0x39
}

/** Whether `bytes[start, end)` is `name`. */
const isNameAt = (bytes: Uint8Array, start: number, end: number, name: Uint8Array): boolean => {
  if (end - start !== name.length) return false
  for (let i = 0; i < name.length; i++) if (bytes[start + i] !== name[i]) return false
  return true
}

/**
 * The kind of the interface named by `bytes[start, end)`, told from the bytes: /proc/net/dev is parsed at
 * every sample, and building a string per interface cost a quarter of the parse. Loopback (`lo` on Linux,
 * `lo0` on macOS) never leaves the execution environment: never counted.
 */
export const interfaceKindAt = (bytes: Uint8Array, start: number, end: number): InterfaceKind => {
  if (end - start >= 2 && bytes[start] === LOWER_L && bytes[start + 1] === LOWER_O) {
    let index = start + 2
    while (index < end && isDigitAt(bytes, index)) index++
    if (index === end) return 'loopback'
  }
  for (const name of FUNCTION_INTERFACE_BYTES) if (isNameAt(bytes, start, end, name)) return 'own'
  return 'other'
}

/** {@link interfaceKindAt} of a name given as a string (systeminformation's). */
export const interfaceKind = (iface: string): InterfaceKind => {
  const bytes = Buffer.from(iface, 'latin1')
  return interfaceKindAt(bytes, 0, bytes.length)
}

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

  add(kind: InterfaceKind, bytesRecv: number, bytesSent: number, errorsIn: number, errorsOut: number): void {
    if (kind === 'loopback') return
    const isOwn = kind === 'own'
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
    const nameStart = cursor.skipToken(COLON)
    const kind = interfaceKindAt(bytes, nameStart, cursor.position - 1)
    const rxBytes = cursor.number()
    cursor.number()
    const rxErrors = cursor.number()
    for (let skip = 0; skip < 5; skip++) cursor.number()
    const txBytes = cursor.number()
    cursor.number()
    const txErrors = cursor.number()
    totals.add(kind, rxBytes, txBytes, rxErrors, txErrors)
  } while (cursor.nextLine())
  return totals.counters()
}
