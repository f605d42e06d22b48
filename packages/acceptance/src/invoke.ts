// Runs a handler under AWS's runtime interface client from the command line:
//   pnpm --filter @utilization-metrics/acceptance invoke <handler file> [options]
// Node.js 22.18 or later runs this TypeScript file as it is (type stripping).
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { type LambdaRuntime, startRuntime } from './runtime.ts'
import type { InvocationOutcome } from './runtime-api.ts'

const USAGE = `usage: invoke <handler file> [--name handler] [--event JSON]... [--repeat N]
              [--concurrency N] [--env KEY=VALUE]...
Prints each invocation's stdout lines, then its answer. Without --event, one invocation gets {}.`

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string', default: 'handler' },
    event: { type: 'string', multiple: true, default: [] },
    repeat: { type: 'string', default: '1' },
    concurrency: { type: 'string' },
    env: { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean', default: false },
  },
})

const [handlerFile] = positionals
if (values.help || handlerFile === undefined) {
  console.error(USAGE)
  process.exit(values.help ? 0 : 2)
}

const env = Object.fromEntries(
  values.env.map((pair) => {
    const at = pair.indexOf('=')
    if (at < 1) throw new TypeError(`--env takes KEY=VALUE, got ${pair}`)
    return [pair.slice(0, at), pair.slice(at + 1)]
  }),
)
const events = (values.event.length > 0 ? values.event : ['{}']).map((text) => JSON.parse(text) as unknown)
const repeated = Array.from({ length: Number(values.repeat) }, () => events).flat()

// pnpm runs package scripts in the package folder; a relative path means the caller's folder.
const runtime: LambdaRuntime = await startRuntime({
  handlerFile: resolve(process.env.INIT_CWD ?? process.cwd(), handlerFile),
  handlerName: values.name,
  env,
  ...(values.concurrency === undefined ? {} : { maxConcurrency: Number(values.concurrency) }),
})
let printed = 0
const printStdout = (): void => {
  for (const line of runtime.stdoutLines.slice(printed)) console.log(line)
  printed = runtime.stdoutLines.length
}
const printAnswer = ({ requestId, result, error }: InvocationOutcome): void => {
  console.log(`=> ${requestId} ${error ? `error ${JSON.stringify(error)}` : JSON.stringify(result)}`)
}

try {
  if (values.concurrency === undefined) {
    for (const event of repeated) {
      const outcome = await runtime.invoke(event)
      printStdout()
      printAnswer(outcome)
    }
  } else {
    const outcomes = await Promise.all(repeated.map((event) => runtime.invoke(event)))
    // Worker threads' output reaches stdout through the client's main thread, after the answers.
    await new Promise((done) => setTimeout(done, 500))
    printStdout()
    outcomes.forEach(printAnswer)
  }
  for (const line of runtime.stderrLines) console.error(line)
} finally {
  await runtime.stop()
}
