import { setImmediate as nextTurn } from 'node:timers/promises'
import { Bench } from 'tinybench'
import { replyAndExit } from './child.ts'
import { buildInvocation, INVOCATION_ROWS } from './handlers.ts'
import { combineRounds, latencyRow } from './latency.ts'
import type { InvocationRow, LatencyRow } from './results.ts'
import { installChildProcessCounter } from './spawn-counter.ts'

/** Time per invocation of a trivial Middy handler, row by row; see handlers.ts for what each row runs. */

const COUNTED_INVOCATIONS = 50

// Before any handler is built, so systeminformation (loaded by the naive row) is counted too.
const childProcesses = installChildProcessCounter()

const rows = await Promise.all(
  INVOCATION_ROWS.map(async (row) => ({ ...row, invoke: await buildInvocation(row.id) })),
)

// Rows take turns, ROUNDS times, so that a slow spell of a shared machine lands on every row alike
// instead of on whichever row was running (the "Added" column compares rows measured at different times).
const ROUNDS = 5
const ROUND_TIME_MS = 400
const rounds = new Map<string, LatencyRow[]>(rows.map((row) => [row.id, []]))
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ time: ROUND_TIME_MS, warmupTime: round === 0 ? 500 : 100, throws: true })
  // `async: true`: otherwise tinybench calls the task once, unawaited, to see whether it returns a promise,
  // and that stray invocation overlaps the next one on the shared Metrics buffer. `beforeEach` (not timed)
  // starts every invocation on a fresh turn of the event loop, as the Lambda runtime does: without it the
  // whole run is one chain of microtasks and the stream callbacks deferred with process.nextTick pile up.
  for (const row of rows) bench.add(row.id, row.invoke, { async: true, beforeEach: () => nextTurn() })
  await bench.run()
  for (const row of rows) {
    const task = bench.getTask(row.id)
    if (!task) throw new Error(`no task ${row.id}`)
    rounds.get(row.id)?.push(latencyRow(task, row.id, row.label))
  }
}

const results: InvocationRow[] = []
for (const row of rows) {
  const before = childProcesses()
  for (let i = 0; i < COUNTED_INVOCATIONS; i++) {
    await nextTurn()
    await row.invoke()
  }
  results.push({
    ...combineRounds(rounds.get(row.id) ?? []),
    childProcesses: childProcesses() - before,
    countedInvocations: COUNTED_INVOCATIONS,
  })
}

await replyAndExit(results)
