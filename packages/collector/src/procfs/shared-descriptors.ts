import { fs } from '../builtins.js'

interface Shared {
  fd: number | undefined
  holders: number
}

/**
 * One descriptor per /proc path for the whole process (each worker thread has its own), shared by every
 * collector: a middleware built once per request, a common mistake, then opens nothing new, where one set
 * per collector reached Lambda's limit of 1,024 descriptors after a few hundred invocations. Deliberately
 * module state: it holds only descriptors, never a reading. A path is closed when its last holder lets go.
 */
const shared = new Map<string, Shared>()

/** Counts one more holder of `path`; the descriptor itself opens on the first read. */
export const holdDescriptor = (path: string): void => {
  const entry = shared.get(path)
  if (entry) entry.holders++
  else shared.set(path, { fd: undefined, holders: 1 })
}

/** The open descriptor of a held `path`, opened now if it is not (yet, or any more). */
export const descriptorOf = (path: string): number => {
  const entry = shared.get(path)
  if (!entry) throw new Error(`${path} is not held`)
  entry.fd ??= fs.openSync(path, 'r')
  return entry.fd
}

const closeQuietly = (fd: number): void => {
  try {
    fs.closeSync(fd)
  } catch {
    // Already closed elsewhere: nothing left to release.
  }
}

/** Closes the descriptor of `path` after a failed read; the next read of any holder opens it again. */
export const reopenLater = (path: string): void => {
  const entry = shared.get(path)
  if (entry?.fd === undefined) return
  closeQuietly(entry.fd)
  entry.fd = undefined
}

/** One holder lets go of `path`; the last one closes it. */
export const releaseDescriptor = (path: string): void => {
  const entry = shared.get(path)
  if (!entry) return
  entry.holders--
  if (entry.holders > 0) return
  shared.delete(path)
  if (entry.fd !== undefined) closeQuietly(entry.fd)
}

/** How many paths are held, and how many of them are open: for tests. */
export const sharedDescriptorCount = (): { held: number; open: number } => {
  let open = 0
  for (const entry of shared.values()) if (entry.fd !== undefined) open++
  return { held: shared.size, open }
}
