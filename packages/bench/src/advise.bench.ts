import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { replyAndExit } from './child.ts'
import type { AdviseRow } from './results.ts'

/**
 * `utilization-metrics advise --json` (the real bin, in a process of its own) fed `process.argv[2]` MiB of
 * log lines on stdin, as `aws logs tail ... | utilization-metrics advise` would: per invocation a START
 * line, a Logger line, the user's EMF record, our record, END and REPORT, as CloudWatch Logs exports them.
 * One MiB of such lines is built once and written again and again (the request ids repeat from one MiB to
 * the next, which the REPORT join does not mind), so the writer costs next to nothing. The child's peak
 * resident set is read from /proc while it runs.
 */

const MIB = 1024 * 1024
const mebibytes = Number(process.argv[2])
const FUNCTIONS = ['orders', 'payments', 'images']

const bin = join(
  dirname(createRequire(import.meta.url).resolve('@utilization-metrics/cli/package.json')),
  'bin/utilization-metrics.mjs',
)

const hostRecord = (index: number, id: string, functionName: string) =>
  JSON.stringify({
    _aws: {
      Timestamp: 1_796_000_000_000 + index,
      CloudWatchMetrics: [
        {
          Namespace: 'shop',
          Dimensions: [['service'], ['service', 'BuildId']],
          Metrics: ['CPUPercent', 'DiskUsedPercent', 'MemoryUsed', 'MemoryUtilization'].map((Name) => ({
            Name,
            Unit: Name === 'MemoryUsed' ? 'Bytes' : 'Percent',
          })),
        },
      ],
    },
    function_request_id: id,
    utilization_window_ms: String(40 + (index % 50)),
    utilization_in_flight: '1',
    function_name: functionName,
    function_memory_size: '512',
    utilization_cpu_time_ms: String(5 + (index % 30)),
    utilization_max_rss_bytes: String(70_000_000 + index),
    service: 'shop',
    BuildId: `b-${index % 3}`,
    CPUPercent: 50.1,
    DiskUsedPercent: 22.1,
    MemoryUsed: 480_000_000,
    MemoryUtilization: 45.2,
  })

/** About one MiB of log lines, whole invocations only. */
const oneMebibyte = (): { text: Buffer; lines: number } => {
  const lines: string[] = []
  let bytes = 0
  for (let index = 0; bytes < MIB - 4096; index++) {
    const id = `${index.toString(16).padStart(8, '0')}-5b2e-4c1d-9e8f-0123456789ab`
    const functionName = FUNCTIONS[index % FUNCTIONS.length] ?? 'orders'
    const prefix = `2026-11-30T10:00:00.000Z\t${id}\t`
    const invocation = [
      `2026-11-30T10:00:00.000Z START RequestId: ${id} Version: $LATEST`,
      `${prefix}INFO\t{"level":"INFO","message":"order placed","function_request_id":"${id}"}`,
      `${prefix}INFO\t{"_aws":{"Timestamp":1796000000000,"CloudWatchMetrics":[{"Namespace":"shop","Dimensions":[["service"]],"Metrics":[{"Name":"OrdersPlaced","Unit":"Count"}]}]},"service":"shop","OrdersPlaced":1}`,
      `${prefix}INFO\t${hostRecord(index, id, functionName)}`,
      `2026-11-30T10:00:00.000Z END RequestId: ${id}`,
      `2026-11-30T10:00:00.000Z REPORT RequestId: ${id}\tDuration: ${(42 + (index % 50)).toFixed(2)} ms\tBilled Duration: ${43 + (index % 50)} ms\tMemory Size: 512 MB\tMax Memory Used: 88 MB`,
    ]
    for (const line of invocation) {
      lines.push(line)
      bytes += Buffer.byteLength(line) + 1
    }
  }
  return { text: Buffer.from(`${lines.join('\n')}\n`), lines: lines.length }
}

/** The child's peak resident set so far (VmHWM), 0 once it has gone. */
const peakRssBytes = (pid: number): number => {
  try {
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return Number(kib ?? 0) * 1024
  } catch {
    return 0
  }
}

const { text, lines } = oneMebibyte()
const started = performance.now()
const child = spawn(process.execPath, [bin, 'advise', '--json'], { stdio: ['pipe', 'pipe', 'inherit'] })
let stdout = ''
child.stdout.setEncoding('utf8')
child.stdout.on('data', (chunk: string) => {
  stdout += chunk
})
let peak = 0
const poll = setInterval(() => {
  peak = Math.max(peak, peakRssBytes(child.pid ?? 0))
}, 100)
for (let written = 0; written < mebibytes; written++) {
  if (!child.stdin.write(text)) await once(child.stdin, 'drain')
}
// The last reading before the input ends: the peak once all of it is in.
peak = Math.max(peak, peakRssBytes(child.pid ?? 0))
child.stdin.end()
const [code] = (await once(child, 'exit')) as [number | null]
clearInterval(poll)
const seconds = (performance.now() - started) / 1000
if (code !== 0) throw new Error(`advise exited with ${code}`)
const report = JSON.parse(stdout) as { functions: unknown[]; input: { utilizationRecords: number } }

const row: AdviseRow = {
  id: `advise${mebibytes}`,
  label: `advise --json, ${mebibytes >= 1024 ? `${mebibytes / 1024} GiB` : `${mebibytes} MiB`} of log lines`,
  bytes: text.length * mebibytes,
  lines: lines * mebibytes,
  records: report.input.utilizationRecords,
  functions: report.functions.length,
  seconds,
  peakRssBytes: peak,
}
await replyAndExit(row)
