import { fs } from '../builtins.js'

/**
 * Open descriptors of this process. Listing a live /proc/self/fd opens one descriptor for the listing
 * itself, which shows up in the result and is not counted.
 */
export const countFileDescriptors = (fdDirectory: string, isLiveProc: boolean): number => {
  const entries = fs.readdirSync(fdDirectory).length
  return isLiveProc ? entries - 1 : entries
}

/** The soft limit from /proc/self/limits' "Max open files" row; undefined when unlimited. */
export const readSoftFileLimit = (limitsPath: string): number | undefined => {
  const match = /^Max open files\s+(\S+)/m.exec(fs.readFileSync(limitsPath, 'latin1'))
  if (!match?.[1]) throw new Error(`${limitsPath} has no "Max open files" row`)
  if (match[1] === 'unlimited') return undefined
  const limit = Number(match[1])
  if (!Number.isSafeInteger(limit) || limit <= 0)
    throw new Error(`${limitsPath} has a garbled open-files limit`)
  return limit
}
