import { os } from '../builtins.js'
import { ByteCursor } from '../procfs/parse.js'
import type { LoadAverage } from '../types.js'

/** /proc/uptime: `seconds-since-boot idle-seconds`, with hundredths; returned in milliseconds. */
export const parseProcUptime = (bytes: Buffer): number => {
  const seconds = new ByteCursor(bytes, '/proc/uptime').number()
  return Math.round(seconds * 1000)
}

/** /proc/loadavg: `load1 load5 load15 running/total last-pid`. */
export const parseProcLoadavg = (bytes: Buffer): LoadAverage => {
  const cursor = new ByteCursor(bytes, '/proc/loadavg')
  return { load1: cursor.number(), load5: cursor.number(), load15: cursor.number() }
}

export const readUptimeFromOs = (): number => os().uptime() * 1000

export const readLoadFromOs = (): LoadAverage => {
  const [load1 = 0, load5 = 0, load15 = 0] = os().loadavg()
  return { load1, load5, load15 }
}
