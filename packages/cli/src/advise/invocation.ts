import { ADVICE_FIELDS as F, ADVICE_METRICS as M } from './fields.js'

/** One invocation as `advise` reads it from a utilization record, a REPORT line, or both. */
export interface Invocation {
  readonly namespace: string
  readonly service: string
  readonly functionName: string
  /** The values of the `--by` dimensions, in the order given; absent names read as ''. */
  readonly by: readonly string[]
  readonly requestId: string | undefined
  memoryMb: number | undefined
  durationMs: number
  readonly cpuMs: number | undefined
  maxRssBytes: number | undefined
  coldStart: boolean
  initMs: number | undefined
  readonly inFlight: number | undefined
  readonly throttledPercent: number | undefined
}

/** What a Lambda REPORT line says about an invocation. */
export interface Report {
  readonly requestId: string
  readonly durationMs: number
  readonly memoryMb: number
  readonly maxMemoryBytes: number
  readonly initMs: number | undefined
}

const MIB = 1024 * 1024

/** A number from a metric value or a metadata string ("12.5"); undefined when neither. */
const numberOf = (value: unknown): number | undefined => {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number : undefined
}

const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined

/** The function name Logs Insights gives in `@log`: `123456789012:/aws/lambda/orders`. */
const functionFromLogGroup = (value: unknown): string | undefined =>
  stringOf(value)?.match(/\/aws\/lambda\/([^/\s]+)$/)?.[1]

/**
 * The invocation a utilization record describes, or undefined for any other record (no window field).
 * `root` is the record's JSON object, or a row of an exported Logs Insights result keyed by field name.
 */
export const invocationOf = (
  root: Readonly<Record<string, unknown>>,
  namespace: string,
  by: readonly string[],
): Invocation | undefined => {
  const durationMs = numberOf(root[F.windowMs])
  if (durationMs === undefined) return undefined
  const coldStart = root[F.coldStart]
  return {
    namespace,
    service: stringOf(root[F.service]) ?? '',
    functionName: stringOf(root[F.functionName]) ?? functionFromLogGroup(root['@log']) ?? '',
    by: by.map((name) => stringOf(root[name]) ?? ''),
    requestId: stringOf(root[F.requestId]),
    memoryMb: numberOf(root[F.memoryMb]),
    durationMs,
    // Only the middleware's own field: ProcessCPUTime of an interval record would cover many invocations.
    cpuMs: numberOf(root[F.cpuTimeMs]),
    maxRssBytes: numberOf(root[F.maxRssBytes]) ?? numberOf(root[M.maxRssBytes]),
    coldStart: coldStart === true || coldStart === 'true' || coldStart === 1 || coldStart === '1',
    initMs: numberOf(root[F.initMs]),
    inFlight: numberOf(root[F.inFlight]),
    throttledPercent: numberOf(root[M.throttledPercent]),
  }
}

const REPORT_LINE =
  /REPORT RequestId: (\S+)\s+Duration: ([\d.]+) ms\s+Billed Duration: \d+ ms\s+Memory Size: (\d+) MB\s+Max Memory Used: (\d+) MB(?:\s+Init Duration: ([\d.]+) ms)?/

/** The REPORT line Lambda writes after each invocation, anywhere in a log line; undefined otherwise. */
export const reportOf = (line: string): Report | undefined => {
  if (!line.includes('REPORT RequestId:')) return undefined
  const match = REPORT_LINE.exec(line)
  if (!match) return undefined
  const [, requestId = '', duration, memory, maxMemory, init] = match
  return {
    requestId,
    durationMs: Number(duration),
    memoryMb: Number(memory),
    maxMemoryBytes: Number(maxMemory) * MIB,
    initMs: init === undefined ? undefined : Number(init),
  }
}

/**
 * Lambda's own figures win where both exist: its duration is the billed one (ours is the window between
 * the middleware's two samples), its memory size the configured one, and its init duration marks the
 * cold start. The peak is the larger: REPORT counts the whole sandbox, ours the Node.js process.
 */
export const mergeReport = (invocation: Invocation, report: Report): Invocation => {
  invocation.durationMs = report.durationMs
  invocation.memoryMb = report.memoryMb
  invocation.maxRssBytes = Math.max(invocation.maxRssBytes ?? 0, report.maxMemoryBytes)
  if (report.initMs !== undefined) {
    invocation.coldStart = true
    invocation.initMs = report.initMs
  }
  return invocation
}
