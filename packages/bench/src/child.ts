import { type ChildProcess, fork, spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { devNull } from 'node:os'
import { fileURLToPath } from 'node:url'

/**
 * Every measurement runs in a child process of its own: a fresh heap, no JIT state from another
 * benchmark, and standard output (where Powertools writes each EMF record with a real `JSON.stringify`)
 * sent to the null device so the terminal is not flooded. Results come back over the IPC channel.
 */

/** The environment Powertools needs to publish without warnings, and nothing that disables it. */
export const benchEnvironment = (): NodeJS.ProcessEnv => {
  const { POWERTOOLS_DEV: _dev, ...inherited } = process.env
  return {
    ...inherited,
    POWERTOOLS_METRICS_NAMESPACE: 'Bench',
    POWERTOOLS_SERVICE_NAME: 'bench',
    POWERTOOLS_METRICS_DISABLED: 'false',
  }
}

const BENCH_DIRECTORY = fileURLToPath(new URL('..', import.meta.url))

const collectReply = <T>(child: ChildProcess, what: string, devNullFd: number): Promise<T> =>
  new Promise((resolve, reject) => {
    let reply: { value: T } | undefined
    child.on('message', (message) => {
      reply = { value: message as T }
    })
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      closeSync(devNullFd)
      if (code === 0 && reply) resolve(reply.value)
      else reject(new Error(`${what} exited with ${signal ?? code} ${reply ? '' : 'before replying'}`))
    })
  })

/** Runs one of this package's scripts in a child Node process and resolves with the message it sends. */
export const runScript = <T>(
  script: string,
  args: readonly string[] = [],
  execArgv: readonly string[] = [],
): Promise<T> => {
  const devNullFd = openSync(devNull, 'w')
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [...args], {
    cwd: BENCH_DIRECTORY,
    env: benchEnvironment(),
    execArgv: [...execArgv],
    stdio: ['ignore', devNullFd, 'inherit', 'ipc'],
  })
  return collectReply<T>(child, script, devNullFd)
}

/** Runs ES module source text in a fresh Node process, resolving packages from this package's folder. */
export const runModuleSource = <T>(source: string): Promise<T> => {
  const devNullFd = openSync(devNull, 'w')
  const child = spawn(process.execPath, ['--input-type=module', '--eval', source], {
    cwd: BENCH_DIRECTORY,
    env: benchEnvironment(),
    stdio: ['ignore', devNullFd, 'inherit', 'ipc'],
  })
  return collectReply<T>(child, 'module source', devNullFd)
}

/** The child's side: sends the result and waits until it is flushed, so the parent always receives it. */
export const reply = (result: unknown): Promise<void> =>
  new Promise((resolve, reject) => {
    if (!process.send) {
      reject(new Error('run this script through `pnpm bench`; it reports over an IPC channel'))
      return
    }
    process.send(result, (error: Error | null) => (error ? reject(error) : resolve()))
  })

/** Ends a child once its result is sent, even if something (a timer, a handle) would keep it alive. */
export const replyAndExit = async (result: unknown): Promise<never> => {
  await reply(result)
  process.exit(0)
}
