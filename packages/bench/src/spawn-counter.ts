import { createRequire, syncBuiltinESMExports } from 'node:module'

type AnyFunction = (...args: unknown[]) => unknown

const SYNC_SPAWNERS = ['spawnSync', 'execSync', 'execFileSync'] as const

/**
 * Counts child processes started from now on. Every asynchronous spawn (spawn, exec, execFile, fork) goes
 * through `ChildProcess.prototype.spawn`; the synchronous ones are wrapped on the module object, which
 * CommonJS callers such as systeminformation use. Install before the code under test is loaded.
 */
export const installChildProcessCounter = (): (() => number) => {
  let count = 0
  const childProcess = createRequire(import.meta.url)('node:child_process') as Record<string, unknown> & {
    ChildProcess: { prototype: { spawn: AnyFunction } }
  }
  const prototype = childProcess.ChildProcess.prototype
  const spawnChild = prototype.spawn
  prototype.spawn = function countedSpawn(this: unknown, ...args: unknown[]) {
    count++
    return spawnChild.apply(this, args)
  }
  for (const name of SYNC_SPAWNERS) {
    const original = childProcess[name] as AnyFunction
    childProcess[name] = (...args: unknown[]) => {
      count++
      return original(...args)
    }
  }
  syncBuiltinESMExports()
  return () => count
}
