import { fs } from '../builtins.js'
import type { DiskUsage } from '../types.js'

/**
 * df semantics: "Used" is total minus free blocks, "Avail" is what an unprivileged process may still
 * write (free blocks less the root reserve), so Used% = used / (used + avail).
 */
export const readDiskUsage = (path: string): DiskUsage => {
  const stats = fs.statfsSync(path)
  const usedBytes = (stats.blocks - stats.bfree) * stats.bsize
  const availableBytes = stats.bavail * stats.bsize
  return { usedBytes, availableBytes }
}
