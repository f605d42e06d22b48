import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { type AdvisorOptions, createAdvisor } from './advise/advisor.js'
import { formatAdvice } from './advise/format.js'
import { ARCHITECTURES, type Architecture } from './advise/prices.js'
import { MAX_MEMORY_MB, MIN_MEMORY_MB } from './advise/recommend.js'
import { formatSummary } from './format.js'
import { createProgress, looksLikeRecord, regularFileSize } from './progress.js'
import { writeHtmlReport } from './report/write.js'
import { createSummarizer } from './summarize.js'

export interface CliStreams {
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean }
  readonly stdout: { write(text: string): unknown }
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean }
}

export const USAGE = `Usage: utilization-metrics summarize [--json] < log-lines
       utilization-metrics advise [--json] [--arch x86_64|arm64] [--memory-sizes 128,256,...]
                                  [--by DIMENSION] [--price USD_PER_GB_SECOND] [--html FILE] < log-lines

Reads log lines on stdin: bare EMF records as Powertools Metrics prints them, or whole log lines that
contain one (CloudWatch Logs exports, \`aws logs tail\`, \`sam logs\`), and Lambda REPORT lines. When
stderr is a terminal, shows there the lines and records read so far, and for a file the share done.

summarize  min, median and max of every metric, one table per namespace and dimension set. Other lines
           are ignored; lines that look like EMF but are not valid are counted and reported.
advise     per function: duration, CPU time, CPU quota and peak memory, then the predicted duration and
           cost of each memory size and the size to run at, with reasons and a confidence
           (docs/advise.md). Also reads CloudWatch Logs Insights results exported as CSV.

Options:
  --json                 print the result as JSON instead of tables
  --arch ARCH            advise: x86_64 (default) or arm64, for the price of a GB-second
  --memory-sizes LIST    advise: candidate sizes in MB (default 128,256,512,1024,1536,1769,2048,3008,
                         4096,6144,8192,10240)
  --by DIMENSION         advise: separately per value of a dimension; repeat or comma-separate for several
  --price USD            advise: the price of a GB-second instead of the list price
  --html FILE            advise: also write the advice as one self-contained HTML page with a chart per
                         function (no script, nothing fetched: it reads offline)
  -h, --help             show this help

Exit status: 0 when at least one record was used, 1 when none was, 2 on a usage error or when the
HTML report cannot be written.
`

const ADVISE_ONLY = ['arch', 'memory-sizes', 'by', 'price', 'html'] as const

const parse = (args: readonly string[]) => {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        arch: { type: 'string' },
        'memory-sizes': { type: 'string' },
        by: { type: 'string', multiple: true },
        price: { type: 'string' },
        html: { type: 'string' },
      },
    })
    return { ...values, positionals }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
}

type Parsed = Exclude<ReturnType<typeof parse>, { error: string }>

const isArchitecture = (value: string): value is Architecture =>
  (ARCHITECTURES as readonly string[]).includes(value)

/** The advisor's options from the command line, or the reason they are wrong. */
const adviseOptions = (parsed: Parsed): AdvisorOptions | string => {
  if (parsed.arch !== undefined && !isArchitecture(parsed.arch)) {
    return `--arch must be ${ARCHITECTURES.join(' or ')}, not '${parsed.arch}'`
  }
  let memorySizes: number[] | undefined
  if (parsed['memory-sizes'] !== undefined) {
    memorySizes = parsed['memory-sizes'].split(',').map((size) => Number(size.trim()))
    if (memorySizes.some((size) => !Number.isInteger(size) || size < MIN_MEMORY_MB || size > MAX_MEMORY_MB)) {
      return `--memory-sizes must be whole MB from ${MIN_MEMORY_MB} to ${MAX_MEMORY_MB}, comma-separated, not '${parsed['memory-sizes']}'`
    }
  }
  const price = parsed.price === undefined ? undefined : Number(parsed.price)
  if (price !== undefined && !(Number.isFinite(price) && price > 0)) {
    return `--price must be a positive number of USD per GB-second, not '${parsed.price}'`
  }
  const by = (parsed.by ?? []).flatMap((names) => names.split(',')).map((name) => name.trim())
  if (by.some((name) => name === '')) return '--by needs a dimension name'
  return {
    by,
    ...(parsed.arch === undefined ? {} : { architecture: parsed.arch as Architecture }),
    ...(memorySizes === undefined ? {} : { memorySizes }),
    ...(price === undefined ? {} : { gbSecondUsd: price }),
  }
}

const usageError = (streams: CliStreams, problem: string): number => {
  streams.stderr.write(`utilization-metrics: ${problem}\n\n${USAGE}`)
  return 2
}

const readLines = async (streams: CliStreams, add: (line: string) => void): Promise<void> => {
  if (streams.stdin.isTTY)
    streams.stderr.write('utilization-metrics: reading log lines from stdin (end with Ctrl-D)\n')
  const progress = createProgress(streams.stderr, { totalBytes: regularFileSize(streams.stdin) })
  if (progress) streams.stdin.on('data', (chunk: { length: number }) => progress.bytes(chunk.length))
  for await (const line of createInterface({ input: streams.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    add(line)
    progress?.line(looksLikeRecord(line))
  }
  progress?.finish()
}

/** The command line: parses arguments, streams stdin through the command, prints the result. */
export const runCli = async (args: readonly string[], streams: CliStreams): Promise<number> => {
  const parsed = parse(args)
  if ('error' in parsed) return usageError(streams, parsed.error)
  if (parsed.help) {
    streams.stdout.write(USAGE)
    return 0
  }
  const [command, ...rest] = parsed.positionals
  if ((command !== 'summarize' && command !== 'advise') || rest.length > 0) {
    const problem =
      command === undefined ? 'no command given' : `unknown command '${[command, ...rest].join(' ')}'`
    return usageError(streams, problem)
  }

  if (command === 'summarize') {
    const misplaced = ADVISE_ONLY.find((name) => parsed[name] !== undefined)
    if (misplaced) return usageError(streams, `--${misplaced} is an option of advise, not of summarize`)
    const summarizer = createSummarizer()
    await readLines(streams, (line) => summarizer.add(line))
    const summary = summarizer.result()
    streams.stdout.write(parsed.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary))
    return summary.emfRecords > 0 ? 0 : 1
  }

  const options = adviseOptions(parsed)
  if (typeof options === 'string') return usageError(streams, options)
  const advisor = createAdvisor(options)
  await readLines(streams, (line) => advisor.add(line))
  const report = advisor.result()
  const unwritten = parsed.html === undefined ? undefined : await writeHtmlReport(parsed.html, report)
  if (unwritten) {
    streams.stderr.write(`utilization-metrics: ${unwritten}\n`)
    return 2
  }
  streams.stdout.write(parsed.json ? `${JSON.stringify(report, null, 2)}\n` : formatAdvice(report))
  return report.functions.length > 0 ? 0 : 1
}
