import { setImmediate as nextTurn } from 'node:timers/promises'
import { getHeapSpaceStatistics } from 'node:v8'
import { replyAndExit } from './child.ts'
import { buildInvocation, INVOCATION_ROWS } from './handlers.ts'
import type { MemoryReading, MemoryRow } from './results.ts'

/** Heap and RSS after 1,000 and after 100,000 invocations, each read after forced garbage collections. */

const EARLY = 1_000
const LATE = 100_000

const { gc } = globalThis
if (!gc) throw new Error('memory.bench.ts needs --expose-gc')

const row = INVOCATION_ROWS.find((candidate) => candidate.id === process.argv[2])
if (!row) throw new Error(`unknown handler '${process.argv[2]}'`)
const invoke = await buildInvocation(row.id)

let invocations = 0
const readingAfter = async (count: number): Promise<MemoryReading> => {
  while (invocations < count) {
    // Each invocation on a fresh turn of the event loop, as on Lambda; see invocation.bench.ts.
    await nextTurn()
    await invoke()
    invocations++
  }
  // Twice: the first pass can leave objects that only a second one frees (weak references, finalizers).
  gc()
  gc()
  const { heapUsed, rss } = process.memoryUsage()
  // What V8 grows when objects survive its minor GCs: it grew to its maximum when the middleware kept
  // finished requests' state in a WeakMap, whose values those GCs keep alive (see request-end.ts).
  const youngGeneration = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')
  return {
    invocations,
    heapUsedBytes: heapUsed,
    rssBytes: rss,
    ...(youngGeneration ? { youngGenerationBytes: youngGeneration.space_size } : {}),
  }
}

const early = await readingAfter(EARLY)
const late = await readingAfter(LATE)
const result: MemoryRow = { id: row.id, label: row.label, early, late }
await replyAndExit(result)
