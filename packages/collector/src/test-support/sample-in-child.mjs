/**
 * Run as `node sample-in-child.mjs <url of dist/index.js> <source>` by collector.isolation.test.ts: samples
 * twice as the middleware does and prints, as JSON, the figures, every child process started and every
 * module URL containing "systeminformation" that was resolved. The detectors are installed before the
 * collector is imported, so they see everything it and its dependencies do.
 */
import childProcess from 'node:child_process'
import { registerHooks, syncBuiltinESMExports } from 'node:module'

const [distIndexUrl, source] = process.argv.slice(2)

// registerHooks (Node 22.15+) runs in this thread for both import and require, so it sees an ESM
// import('systeminformation') and every require() inside that CommonJS package.
const resolved = []
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context)
    resolved.push(result.url)
    return result
  },
})

// Every public way to start a process, plus the method the asynchronous ones all end in; then the ESM
// named exports are synced, so `import { exec } from 'node:child_process'` gets the wrappers too.
const spawned = []
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  const original = childProcess[name]
  childProcess[name] = function (...args) {
    spawned.push(`${name} ${String(args[0]).slice(0, 60)}`)
    return original.apply(this, args)
  }
}
const originalSpawn = childProcess.ChildProcess.prototype.spawn
childProcess.ChildProcess.prototype.spawn = function (options) {
  spawned.push(`ChildProcess.spawn ${String(options?.file)}`)
  return originalSpawn.call(this, options)
}
syncBuiltinESMExports()

const { createCollector, measure } = await import(distIndexUrl)
// Sample from inside the event loop, as a Lambda handler does: before the loop starts, Node reports no
// event loop time at all, and EventLoopUtilization over such an interval is unknown.
await new Promise((resolve) => setTimeout(resolve, 1))
const collector = createCollector(source === 'default' ? {} : { source })
const before = await collector.sample('counters')
// Long enough for the 10 ms tick counters (where they are the only ones) to cover the interval itself:
// 1,000 ms of CPU time on two CPUs.
await new Promise((resolve) => setTimeout(resolve, 600))
const after = await collector.sample('full')
collector.close()

process.stdout.write(
  JSON.stringify({
    source: collector.source,
    figures: Object.keys(measure(before, after)),
    spawned,
    systeminformation: resolved.filter((url) => url.includes('systeminformation')),
  }),
)
