import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { runCli, USAGE } from './run.js'

const fixture = readFileSync(new URL('./fixtures/aws-logs-tail.txt', import.meta.url), 'utf8')

const run = async (args: string[], input = '', isTTY = false) => {
  const out = { stdout: '', stderr: '' }
  const stdin = Object.assign(Readable.from([input]), { isTTY })
  const code = await runCli(args, {
    stdin,
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
  })
  return { code, ...out }
}

describe('runCli', () => {
  it('summarizes a real `aws logs tail` capture of the demo per series and exits 0', async () => {
    // Act
    const { code, stdout, stderr } = await run(['summarize'], fixture)

    // Assess
    expect(code).toBe(0)
    expect(stderr).toBe('')
    expect(stdout).toContain('utilization-demo  service=orders BuildId=demo-1  (3 records)')
    expect(stdout).toMatch(/^ {2}CPUPercent +Percent +3 /m)
    expect(stdout).toContain('7 EMF records, 12 other lines ignored, 0 malformed EMF lines.')
  })

  it('counts malformed lines in the closing line', async () => {
    const { code, stdout } = await run(['summarize'], `${fixture}\n{"_aws":{"Timestamp":1,"Cloud`)

    expect(code).toBe(0)
    expect(stdout).toMatch(/1 malformed EMF line \(line \d+: not valid JSON\)\.\n$/)
  })

  it('prints the summary as JSON with --json', async () => {
    const { stdout } = await run(['summarize', '--json'], fixture)

    expect(JSON.parse(stdout)).toMatchObject({ emfRecords: 7, ignoredLines: 12, malformedLines: 0 })
  })

  it('exits 1 when the input holds no EMF record', async () => {
    const { code, stdout } = await run(['summarize'], 'START RequestId: 1\n')

    expect(code).toBe(1)
    expect(stdout).toContain('No EMF records found.')
  })

  it('says where it reads from when stdin is a terminal', async () => {
    const { stderr } = await run(['summarize'], '', true)

    expect(stderr).toContain('reading log lines from stdin')
  })

  it('prints the usage with --help and exits 0', async () => {
    const { code, stdout } = await run(['--help'])

    expect(code).toBe(0)
    expect(stdout).toBe(USAGE)
  })

  it.each([
    [[], 'no command given'],
    [['tail'], "unknown command 'tail'"],
    [['summarize', 'extra'], "unknown command 'summarize extra'"],
    [['summarize', '--jsn'], "Unknown option '--jsn'"],
  ])('exits 2 with the usage for %j', async (args, problem) => {
    const { code, stderr } = await run(args)

    expect(code).toBe(2)
    expect(stderr).toContain(problem)
    expect(stderr).toContain('Usage: utilization-metrics summarize')
  })
})
