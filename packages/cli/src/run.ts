import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { formatSummary } from './format.js'
import { createSummarizer } from './summarize.js'

export interface CliStreams {
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean }
  readonly stdout: { write(text: string): unknown }
  readonly stderr: { write(text: string): unknown }
}

export const USAGE = `Usage: utilization-metrics summarize [--json] < log-lines

Reads log lines on stdin: bare EMF records as Powertools Metrics prints them, or whole log lines that
contain one (CloudWatch Logs exports, \`aws logs tail\`, \`sam logs\`). Prints min, median and max of every
metric, one table per namespace and dimension set. Other lines are ignored; lines that look like EMF but
are not valid are counted and reported.

Options:
  --json      print the summary as JSON instead of tables
  -h, --help  show this help

Exit status: 0 when at least one EMF record was read, 1 when none was, 2 on a usage error.
`

const parse = (args: readonly string[]) => {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
    return { ...values, positionals }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  }
}

/** The command line: parses arguments, streams stdin through the summarizer, prints the result. */
export const runCli = async (args: readonly string[], streams: CliStreams): Promise<number> => {
  const parsed = parse(args)
  if ('error' in parsed) {
    streams.stderr.write(`utilization-metrics: ${parsed.error}\n\n${USAGE}`)
    return 2
  }
  if (parsed.help) {
    streams.stdout.write(USAGE)
    return 0
  }
  const [command, ...rest] = parsed.positionals
  if (command !== 'summarize' || rest.length > 0) {
    const problem =
      command === undefined ? 'no command given' : `unknown command '${[command, ...rest].join(' ')}'`
    streams.stderr.write(`utilization-metrics: ${problem}\n\n${USAGE}`)
    return 2
  }
  if (streams.stdin.isTTY)
    streams.stderr.write('utilization-metrics: reading log lines from stdin (end with Ctrl-D)\n')

  const summarizer = createSummarizer()
  for await (const line of createInterface({ input: streams.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    summarizer.add(line)
  }
  const summary = summarizer.result()
  streams.stdout.write(parsed.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary))
  return summary.emfRecords > 0 ? 0 : 1
}
