import { setImmediate as nextTurn } from 'node:timers/promises'
import { Bench } from 'tinybench'
import { replyAndExit } from './child.ts'
import { buildInvocation, INVOCATION_ROWS } from './handlers.ts'
import { latencyRow } from './latency.ts'
import type { InvocationRow } from './results.ts'
import { installChildProcessCounter } from './spawn-counter.ts'

/** Time per invocation of a trivial Middy handler, row by row; see handlers.ts for what each row runs. */

const COUNTED_INVOCATIONS = 50

// Before any handler is built, so systeminformation (loaded by the naive row) is counted too.
const childProcesses = installChildProcessCounter()

const rows = await Promise.all(
  INVOCATION_ROWS.map(async (row) => ({ ...row, invoke: await buildInvocation(row.id) })),
)

const bench = new Bench({ time: 2000, warmupTime: 500, throws: true })
// `async: true`: otherwise tinybench calls the task once, unawaited, to see whether it returns a promise,
// and that stray invocation overlaps the next one on the shared Metrics buffer. `beforeEach` (not timed)
// starts every invocation on a fresh turn of the event loop, as the Lambda runtime does: without it the
// whole run is one chain of microtasks and the stream callbacks deferred with process.nextTick pile up.
for (const row of rows) bench.add(row.id, row.invoke, { async: true, beforeEach: () => nextTurn() })
await bench.run()

const results: InvocationRow[] = []
for (const row of rows) {
  const task = bench.getTask(row.id)
  if (!task) throw new Error(`no task ${row.id}`)
  const before = childProcesses()
  for (let i = 0; i < COUNTED_INVOCATIONS; i++) {
    await nextTurn()
    await row.invoke()
  }
  results.push({
    ...latencyRow(task, row.id, row.label),
    childProcesses: childProcesses() - before,
    countedInvocations: COUNTED_INVOCATIONS,
  })
}

await replyAndExit(results)
