import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, extname, resolve } from 'node:path'
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises'
import { type InvocationOutcome, startRuntimeApi } from './runtime-api.ts'

export interface StartRuntimeOptions {
  /** The handler module (`.mjs`, `.js` or `.cjs`); its folder becomes `LAMBDA_TASK_ROOT`. */
  readonly handlerFile: string
  /** The export to call. Default `handler`. */
  readonly handlerName?: string
  /** Added to, and winning over, the Lambda-like environment the runtime gets. */
  readonly env?: Readonly<Record<string, string>>
  /**
   * Sets `AWS_LAMBDA_MAX_CONCURRENCY` (Lambda Managed Instances' multi-concurrency: the client runs
   * worker threads that each poll for invocations) and lets the emulator hand out that many at once.
   */
  readonly maxConcurrency?: number
  /** Time allowed for the runtime's init phase. Default 30 000 ms. */
  readonly initTimeoutMs?: number
}

export interface InvokeResult extends InvocationOutcome {
  /**
   * The runtime's stdout lines that arrived while the invocation ran. Exactly this invocation's lines when
   * invocations do not overlap; in multi-concurrency mode the worker threads' output reaches stdout
   * through the main thread, late and interleaved, so use {@link LambdaRuntime.waitForStdout} instead.
   */
  stdoutLines: string[]
}

/** One execution environment: AWS's runtime interface client in a child process, polling a local API. */
export interface LambdaRuntime {
  readonly pid: number
  /** Every stdout line so far, without the newline. */
  readonly stdoutLines: readonly string[]
  readonly stderrLines: readonly string[]
  invoke(event: unknown): Promise<InvokeResult>
  /** Resolves once `predicate` holds for the stdout lines so far; rejects after `timeoutMs` (default 10 s). */
  waitForStdout(predicate: (lines: readonly string[]) => boolean, timeoutMs?: number): Promise<void>
  /** Kills the runtime's process group and closes the emulator; leaves no process behind. */
  stop(): Promise<void>
}

const require = createRequire(import.meta.url)

/**
 * Why AWS's runtime interface client cannot run here, or undefined when it can. It is an optional
 * dependency: its install builds a native addon (cmake, make, g++, python3 and the Node headers), and a
 * machine without them still installs the workspace, with the addon missing.
 */
export const runtimeClientProblem = (): string | undefined => {
  let entry: string
  try {
    entry = require.resolve('aws-lambda-ric')
  } catch {
    return 'aws-lambda-ric is not installed'
  }
  if (existsSync(resolve(dirname(entry), 'rapid-client.node'))) return undefined
  return 'aws-lambda-ric is installed but its native addon was not built (see packages/acceptance/README.md)'
}
const STOP_GRACE_MS = 5_000

/** Starts the runtime interface client on `handlerFile` and waits for its init phase to finish. */
export const startRuntime = async (options: StartRuntimeOptions): Promise<LambdaRuntime> => {
  const handlerFile = resolve(options.handlerFile)
  const moduleName = basename(handlerFile, extname(handlerFile))
  // The client splits `_HANDLER` at the first dot, so the module name itself cannot contain one.
  if (moduleName.includes('.')) {
    throw new TypeError(`handlerFile's name must have no dot before its extension, got ${moduleName}`)
  }
  if (!existsSync(handlerFile)) throw new TypeError(`handlerFile does not exist: ${handlerFile}`)
  const clientProblem = runtimeClientProblem()
  if (clientProblem) throw new Error(clientProblem)
  const api = await startRuntimeApi(
    options.maxConcurrency === undefined ? {} : { maxConcurrency: options.maxConcurrency },
  )
  const child = spawn(process.execPath, [require.resolve('aws-lambda-ric')], {
    cwd: dirname(handlerFile),
    env: lambdaEnvironment(options, {
      taskRoot: dirname(handlerFile),
      handler: `${moduleName}.${options.handlerName ?? 'handler'}`,
      runtimeApi: api.address,
    }),
    // Its own process group, so that stop() also reaches anything the handler spawned.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const spawnError = new Promise<Error>((resolveError) => child.once('error', resolveError))
  const pid = child.pid
  if (pid === undefined) {
    await api.close()
    throw await spawnError
  }

  const stdout = collectLines(child.stdout)
  const stderr = collectLines(child.stderr)
  const closed = new Promise<void>((resolveClosed) => child.once('close', () => resolveClosed()))
  child.once('exit', (code, signal) => {
    api.abort(new Error(`runtime exited (${signal ?? code}); stderr: ${stderr.lines.slice(-20).join('\n')}`))
  })
  spawnError.then((error) => api.abort(error))

  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
    }
  }
  // A test runner that exits without calling stop() must not leave the runtime polling forever.
  const killOnExit = (): void => signalGroup('SIGKILL')
  process.once('exit', killOnExit)

  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      signalGroup('SIGTERM')
      const exitedInTime = await withTimeout(closed, STOP_GRACE_MS, 'stop').then(
        () => true,
        () => false,
      )
      signalGroup('SIGKILL')
      if (!exitedInTime) await closed
      process.off('exit', killOnExit)
      await api.close()
    })()
    return stopping
  }

  try {
    await withTimeout(api.ready, options.initTimeoutMs ?? 30_000, 'the runtime to poll for an invocation')
  } catch (error) {
    await stop()
    if (stderr.lines.length === 0) throw error
    throw new Error(`${(error as Error).message}\nstderr:\n${stderr.lines.join('\n')}`, { cause: error })
  }

  return {
    pid,
    stdoutLines: stdout.lines,
    stderrLines: stderr.lines,
    invoke: async (event) => {
      let firstLine = stdout.lines.length
      const outcome = await api.invoke(event, {
        onDispatch: () => {
          firstLine = stdout.lines.length
        },
      })
      await stdout.settle()
      return { ...outcome, stdoutLines: stdout.lines.slice(firstLine) }
    },
    waitForStdout: async (predicate, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs
      while (!predicate(stdout.lines)) {
        if (Date.now() > deadline) {
          throw new Error(
            `stdout did not match in ${timeoutMs} ms; last lines:\n${stdout.lines.slice(-10).join('\n')}`,
          )
        }
        await sleep(20)
      }
    },
    stop,
  }
}

/** `promise`, or a rejection after `ms`; the timer never outlives the race, so it holds no process open. */
const withTimeout = async <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

interface LineCollector {
  readonly lines: string[]
  /** Resolves once a turn of the event loop brings no more output. */
  settle(): Promise<void>
}

const collectLines = (stream: NodeJS.ReadableStream): LineCollector => {
  const lines: string[] = []
  let partial = ''
  let chunks = 0
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    chunks++
    const parts = (partial + chunk).split('\n')
    partial = parts.pop() ?? ''
    lines.push(...parts)
  })
  stream.on('end', () => {
    if (partial !== '') lines.push(partial)
    partial = ''
  })
  return {
    lines,
    // The runtime writes stdout (a pipe, synchronous on Linux) before it posts its answer, but this
    // process reads the pipe and the socket in whatever order one event-loop turn finds them ready.
    settle: async () => {
      let seen: number
      do {
        seen = chunks
        await nextTurn()
      } while (chunks !== seen)
    },
  }
}

const lambdaEnvironment = (
  options: StartRuntimeOptions,
  runtime: { taskRoot: string; handler: string; runtimeApi: string },
): Record<string, string> => {
  const multiConcurrent = options.maxConcurrency !== undefined
  // What Lambda sets (see "Defined runtime environment variables"); the test runner's own is not passed on.
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: 'acceptance',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
    AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/acceptance',
    AWS_LAMBDA_LOG_STREAM_NAME: '2026/01/01/[$LATEST]00000000000000000000000000000000',
    AWS_LAMBDA_INITIALIZATION_TYPE: multiConcurrent ? 'lambda-managed-instances' : 'on-demand',
    LAMBDA_TASK_ROOT: runtime.taskRoot,
    LAMBDA_RUNTIME_DIR: dirname(require.resolve('aws-lambda-ric')),
    _HANDLER: runtime.handler,
    AWS_LAMBDA_RUNTIME_API: runtime.runtimeApi,
    ...(multiConcurrent ? { AWS_LAMBDA_MAX_CONCURRENCY: String(options.maxConcurrency) } : {}),
    ...options.env,
  }
}
