import { registerHooks } from 'node:module'
import { replyAndExit } from './child.ts'
import type { LoadedModulesProbe } from './results.ts'
import { installChildProcessCounter } from './spawn-counter.ts'

/**
 * Proof for the cold-start and "no child process" budgets: records every module resolved (ESM imports and
 * CommonJS requires alike) while our middleware is imported and invoked, and counts child processes.
 * `control` does the same with the systeminformation source, to show the probe does see it when it loads.
 */

const INVOCATIONS_PER_HANDLER = 100

const childProcesses = installChildProcessCounter()
const resolved = new Set<string>()
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context)
    resolved.add(result.url)
    return result
  },
})

const target = process.argv[2]
let invocations = 0
if (target === 'ours') {
  const { buildInvocation } = await import('./handlers.ts')
  for (const id of ['defaultGroups', 'allGroups', 'interval'] as const) {
    const invoke = await buildInvocation(id)
    for (let i = 0; i < INVOCATIONS_PER_HANDLER; i++) await invoke()
    invocations += INVOCATIONS_PER_HANDLER
  }
} else {
  const { createCollector } = await import('@utilization-metrics/collector')
  const collector = createCollector({ source: 'systeminformation' })
  await collector.sample('counters')
  await collector.sample('full')
}

const urls = [...resolved]
const result: LoadedModulesProbe = {
  id: target ?? 'unknown',
  label:
    target === 'ours'
      ? `import @utilization-metrics/middy, ${invocations} invocations (default, all groups, interval)`
      : "control: createCollector({ source: 'systeminformation' }), two samples",
  modulesLoaded: urls.length,
  systeminformationLoaded: urls.some((url) => url.includes('/systeminformation/')),
  childProcessModuleLoaded: urls.includes('node:child_process') || urls.includes('child_process'),
  childProcessesStarted: childProcesses(),
  invocations,
}
await replyAndExit(result)
