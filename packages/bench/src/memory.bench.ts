import { setImmediate as nextTurn } from 'node:timers/promises'
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
  return { invocations, heapUsedBytes: heapUsed, rssBytes: rss }
}

const early = await readingAfter(EARLY)
const late = await readingAfter(LATE)
const result: MemoryRow = { id: row.id, label: row.label, early, late }
await replyAndExit(result)
