/**
 * `pnpm demo`: runs examples/handler.ts locally, as Lambda would, for twenty invocations with varying
 * workloads, prints each EMF record compactly, then the same per-metric table `utilization-metrics
 * summarize` prints for real logs. No AWS account, no network beyond 127.0.0.1.
 *
 * Run by Node's type stripping (Node 22.18+), so it imports only packages and the built dist, and loads
 * the handler by URL once the Lambda-like environment is set.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  type EmfRecord,
  formatRecord,
  formatSummary,
  formatValue,
  median,
  parseLogLine,
  summarize,
} from '@utilization-metrics/cli'
import { createCollector } from '@utilization-metrics/collector'
import { METRICS } from '@utilization-metrics/middy'
import type { Work, WorkEvent } from './handler.js'

type HandlerModule = typeof import('./handler.js')

/** What Lambda would set; the handler module reads it when it is first imported. */
export const DEMO_ENV = {
  POWERTOOLS_METRICS_NAMESPACE: 'utilization-demo',
  POWERTOOLS_SERVICE_NAME: 'orders',
  // Powertools stays silent when POWERTOOLS_DEV is set in your shell, unless this says otherwise.
  POWERTOOLS_METRICS_DISABLED: 'false',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  AWS_LAMBDA_FUNCTION_NAME: 'orders-demo',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  AWS_REGION: 'eu-west-1',
  BUILD_ID: 'demo-1',
} as const

const WORK_CYCLE: readonly Work[] = [
  'cpu',
  'file',
  'http',
  'idle',
  'cpu',
  'http',
  'file',
  'fail',
  'idle',
  'http',
]
const HTTP_BODY_BYTES = 256 * 1024
const UTILIZATION_METRIC_NAMES = new Set<string>(METRICS.map((metric) => metric.name))

interface CapturedOutput<T> {
  readonly result: { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown }
  /** Complete lines written to stdout and stderr while `run` ran: Powertools writes there directly. */
  readonly lines: readonly string[]
}

/**
 * Runs `run` while collecting everything written to process.stdout and process.stderr. Powertools keeps
 * its own Console on these streams, which calls `write` on every record, so replacing `write` sees it.
 */
const captureOutput = async <T>(run: () => Promise<T>): Promise<CapturedOutput<T>> => {
  let text = ''
  const streams = [process.stdout, process.stderr] as const
  const originals = streams.map((stream) => stream.write)
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
      return true
    }) as typeof stream.write
  }
  let result: CapturedOutput<T>['result']
  try {
    result = { ok: true, value: await run() }
  } catch (error) {
    result = { ok: false, error }
  } finally {
    streams.forEach((stream, index) => {
      stream.write = originals[index] as typeof stream.write
    })
  }
  return { result, lines: text.split('\n').filter((line) => line !== '') }
}

/** The parts of a Lambda context the handler and Powertools read. */
const fakeLambdaContext = (functionName: string, memoryMb: string) => {
  const awsRequestId = randomUUID()
  const deadline = Date.now() + 30_000
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: memoryMb,
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${awsRequestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  }
}

/** The i-th event of the demo: every workload in turn, each a little heavier than the last time. */
export const demoEvent = (index: number, url: string): WorkEvent => {
  const work = WORK_CYCLE[index % WORK_CYCLE.length] ?? 'idle'
  const step = index % 4
  switch (work) {
    case 'cpu':
      return { work, ms: 100 + 60 * step }
    case 'file':
      return { work, bytes: (4 + 4 * step) * 1024 * 1024 }
    case 'http':
      return { work, url }
    case 'idle':
      return { work, ms: 50 + 50 * step }
    case 'fail':
      return { work }
  }
}

export interface Invocation {
  readonly event: WorkEvent
  readonly ok: boolean
  readonly error?: string
  readonly durationMs: number
  /** Everything the invocation wrote: Logger lines and EMF records, as CloudWatch Logs would get them. */
  readonly lines: readonly string[]
}

/**
 * Invokes the example handler `invocations` times in this process, each with its own workload, against a
 * loopback HTTP server and a scratch directory the demo removes afterwards. Expects {@link DEMO_ENV} set.
 */
export const runDemo = async (
  invocations: number,
  onInvocation: (invocation: Invocation, index: number) => void = () => {},
): Promise<Invocation[]> => {
  const scratch = await mkdtemp(join(tmpdir(), 'utilization-demo-'))
  const previousScratch = process.env.SCRATCH_DIR
  process.env.SCRATCH_DIR = scratch
  const body = Buffer.alloc(HTTP_BODY_BYTES, 'x')
  const server = createServer((_request, response) => response.end(body))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/report`
  try {
    // Loaded by URL so the environment above is in place when the module builds its middlewares.
    const handlerUrl = new URL('./handler.ts', import.meta.url).href
    const { handler } = (await import(handlerUrl)) as HandlerModule
    const done: Invocation[] = []
    for (let index = 0; index < invocations; index++) {
      const event = demoEvent(index, url)
      const started = performance.now()
      const context = fakeLambdaContext(
        DEMO_ENV.AWS_LAMBDA_FUNCTION_NAME,
        DEMO_ENV.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      )
      const output = await captureOutput(() => handler(event, context))
      const invocation: Invocation = {
        event,
        ok: output.result.ok,
        ...(output.result.ok ? {} : { error: String(output.result.error) }),
        durationMs: performance.now() - started,
        lines: output.lines,
      }
      done.push(invocation)
      onInvocation(invocation, index)
    }
    return done
  } finally {
    server.closeAllConnections()
    server.close()
    await rm(scratch, { recursive: true, force: true })
    if (previousScratch === undefined) delete process.env.SCRATCH_DIR
    else process.env.SCRATCH_DIR = previousScratch
  }
}

const isUtilizationRecord = (record: EmfRecord): boolean =>
  record.directives.some((directive) =>
    directive.metrics.some((metric) => UTILIZATION_METRIC_NAMES.has(metric.name)),
  )

const describeInvocation = (invocation: Invocation, index: number): string => {
  const { work } = invocation.event
  const outcome = invocation.ok ? 'ok' : `threw: ${invocation.error}`
  const head = `${`#${index + 1}`.padEnd(3)} ${work.padEnd(4)} ${formatValue(invocation.durationMs, 'Milliseconds').padStart(8)}  ${outcome}`
  const details = invocation.lines.map((line) => {
    const parsed = parseLogLine(line)
    if (parsed.kind === 'emf') return `    EMF ${formatRecord(parsed.record)}`
    try {
      const log = JSON.parse(line) as { level?: string; message?: string }
      return `    log ${log.level ?? '?'} ${log.message ?? line}`
    } catch {
      return `    out ${line}`
    }
  })
  return [head, ...details].join('\n')
}

const byteStats = (sizes: readonly number[]): string =>
  sizes.length === 0
    ? 'none'
    : `min ${Math.min(...sizes)}, median ${median(sizes)}, max ${Math.max(...sizes)} bytes`

/** Which figures describe the whole machine, and which CPU counters this machine offers. */
const closingNote = async (): Promise<string> => {
  // A collector of its own, only to report what the middleware's probe finds on this machine.
  const probe = createCollector({ groups: ['cpu'] })
  await probe.sample('counters')
  probe.close()
  const sources = probe.cpuSources
  const busy = sources?.busy ?? 'none'
  const precise = busy === 'cgroup-v1-cpuacct'
  return [
    'Notes: machine-wide figures describe the whole machine the demo runs on, not the handler alone:',
    `  CPUPercent (busy share of all ${cpus().length} CPUs, from ${busy}${precise ? ', nanoseconds: every invocation over itself' : ', a tick counter: short invocations over a trailing window, absent until it fills'}),`,
    `  CPUThrottledPercent (from ${sources?.throttle ?? 'none'}${sources?.throttle === 'proc-stat-steal' ? ': hypervisor steal, machine-wide' : ''}),`,
    '  Load1/5/15, Uptime, MemoryUsed, MemoryUtilization and DiskUsedPercent.',
    '  Per process: ProcessCPUTime, ProcessCPUPercent (process group). A single busy thread reads',
    `  CPUPercent ${(100 / cpus().length).toFixed(0)} % here: one CPU of ${cpus().length}.`,
    "Network figures count the function's own interfaces (all but loopback here), so the requests to",
    '127.0.0.1 add 0 bytes. See docs/metrics.md.',
  ].join('\n')
}

const main = async (): Promise<void> => {
  const requested = Number(process.argv[2])
  const invocations = Number.isInteger(requested) && requested > 0 ? requested : 20
  Object.assign(process.env, DEMO_ENV)
  const started = performance.now()
  console.log(
    `utilization-metrics demo: ${invocations} invocations of examples/handler.ts in this process, ` +
      `namespace ${DEMO_ENV.POWERTOOLS_METRICS_NAMESPACE}, service ${DEMO_ENV.POWERTOOLS_SERVICE_NAME}, ` +
      `BuildId ${DEMO_ENV.BUILD_ID}, ${DEMO_ENV.AWS_LAMBDA_FUNCTION_MEMORY_SIZE} MB\n`,
  )
  const runs = await runDemo(invocations, (invocation, index) =>
    console.log(describeInvocation(invocation, index)),
  )

  const lines = runs.flatMap((run) => run.lines)
  const records = lines.flatMap((line) => {
    const parsed = parseLogLine(line)
    return parsed.kind === 'emf' ? [parsed.record] : []
  })
  const first = lines.find((line) => {
    const parsed = parseLogLine(line)
    return parsed.kind === 'emf' && isUtilizationRecord(parsed.record)
  })
  console.log(`\nThe first utilization record, as CloudWatch Logs receives it:\n${first ?? '(none)'}`)
  console.log('\nSummary (what `utilization-metrics summarize` prints for these log lines):\n')
  console.log(formatSummary(summarize(lines)))
  const perInvocation = runs.map((run) =>
    run.lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0),
  )
  console.log(
    `utilization record per invocation: ${byteStats(records.filter(isUtilizationRecord).map((r) => r.bytes))}`,
  )
  console.log(
    `all log output per invocation:     ${byteStats(perInvocation)} (Logger lines, your metrics, newlines)`,
  )
  console.log(`\n${await closingNote()}`)
  console.log(`took ${formatValue(performance.now() - started, 'Milliseconds')}`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
