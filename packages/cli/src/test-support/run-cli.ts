import { Readable } from 'node:stream'
import { runCli } from '../run.js'

/** Runs the command line in-process on `input`, with stderr a terminal or not, and collects its output. */
export const runWith = async (args: string[], input: string, options: { stderrIsTTY?: boolean } = {}) => {
  const out = { stdout: '', stderr: '' }
  const code = await runCli(args, {
    stdin: Readable.from([input]),
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { isTTY: options.stderrIsTTY ?? false, write: (text: string) => (out.stderr += text) },
  })
  return { code, ...out }
}
