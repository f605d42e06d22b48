import { os } from '../builtins.js'
import { ByteCursor } from '../procfs/parse.js'
import type { MemoryReading } from '../types.js'

const BYTES_PER_MB = 1024 * 1024
const BYTES_PER_KB = 1024

export interface MeminfoFigures {
  readonly totalBytes: number
  readonly usedBytes: number
}

const readKb = (cursor: ByteCursor, label: string): number => {
  if (!cursor.seekLineStartingWith(label)) throw new Error(`/proc/meminfo has no ${label} line`)
  return cursor.number() * BYTES_PER_KB
}

/**
 * Used memory as `free` reports it: MemTotal - MemAvailable. MemAvailable (Linux 3.14+) counts page cache
 * the kernel can reclaim, so files read once do not look like memory pressure.
 */
export const parseMeminfo = (bytes: Buffer): MeminfoFigures => {
  const cursor = new ByteCursor(bytes, '/proc/meminfo')
  const totalBytes = readKb(cursor, 'MemTotal:')
  const availableBytes = readKb(cursor, 'MemAvailable:')
  if (availableBytes > totalBytes) throw new Error('/proc/meminfo reports more available than total memory')
  return { totalBytes, usedBytes: totalBytes - availableBytes }
}

/** Used memory against the configured function memory on Lambda, the machine's total elsewhere. */
export const againstLimit = (
  { totalBytes, usedBytes }: MeminfoFigures,
  configuredBytes: number | undefined,
): MemoryReading => ({ usedBytes, limitBytes: configuredBytes ?? totalBytes })

/** libuv's free memory is MemAvailable on Linux and the free page count elsewhere. */
export const readMemoryFromOs = (): MeminfoFigures => {
  const { freemem, totalmem } = os()
  const totalBytes = totalmem()
  return { totalBytes, usedBytes: Math.max(0, totalBytes - freemem()) }
}

/**
 * The configured function memory in MB: the explicit option, else Lambda's
 * AWS_LAMBDA_FUNCTION_MEMORY_SIZE; undefined off Lambda, where total memory is the limit.
 */
export const configuredMemoryMb = (
  memoryLimitMb: number | undefined,
  env: NodeJS.ProcessEnv = process.env,
): number | undefined => {
  const mb = memoryLimitMb ?? Number(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE)
  return Number.isFinite(mb) && mb > 0 ? mb : undefined
}

/** {@link configuredMemoryMb} in bytes. */
export const configuredMemoryBytes = (
  memoryLimitMb: number | undefined,
  env: NodeJS.ProcessEnv = process.env,
): number | undefined => {
  const mb = configuredMemoryMb(memoryLimitMb, env)
  return mb === undefined ? undefined : mb * BYTES_PER_MB
}
