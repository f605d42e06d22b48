import { ByteCursor } from '../procfs/parse.js'

/** The `Threads:` field of /proc/self/status. */
export const parseThreads = (bytes: Buffer): number => {
  const cursor = new ByteCursor(bytes, '/proc/self/status')
  if (!cursor.seekLineStartingWith('Threads:')) throw new Error('/proc/self/status has no Threads line')
  const threads = cursor.number()
  if (threads < 1) throw new Error('/proc/self/status reports no threads')
  return threads
}
