import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fixtureLines } from '../test-support/advice-fixture.js'
import { runWith } from '../test-support/run-cli.js'

const log = fixtureLines('advise-mixed.txt').join('\n')
const dir = mkdtempSync(join(tmpdir(), 'um-html-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('advise --html', () => {
  it('writes the report to the file and prints the advice as without it', async () => {
    // Prepare
    const path = join(dir, 'advice.html')

    // Act
    const withHtml = await runWith(['advise', '--html', path], log)
    const without = await runWith(['advise'], log)

    // Assess
    expect(withHtml).toEqual({ ...without, code: 0 })
    const html = readFileSync(path, 'utf8')
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).toContain('orders-handler')
  })

  it('exits 2 and says why when the file cannot be written', async () => {
    const { code, stdout, stderr } = await runWith(
      ['advise', '--html', join(dir, 'missing', 'advice.html')],
      log,
    )

    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(
      /^utilization-metrics: cannot write the HTML report to '.*missing\/advice.html': ENOENT/,
    )
  })

  it('is an option of advise only', async () => {
    const { code, stderr } = await runWith(['summarize', '--html', join(dir, 'x.html')], log)

    expect(code).toBe(2)
    expect(stderr).toContain('--html is an option of advise, not of summarize')
  })
})

describe('progress while reading', () => {
  it.each([['advise'], ['summarize']])(
    '%s shows lines and records read when stderr is a terminal',
    async (command) => {
      const { stderr } = await runWith([command], log, { stderrIsTTY: true })

      // The fixture's 48 lines hold 16 EMF records and 8 REPORT lines.
      expect(stderr.startsWith('\r\u001b[K')).toBe(true)
      expect(stderr.slice(4)).toMatch(/^utilization-metrics: 48 lines, 24 records, [\d,]+ lines\/s, .+\/s\n$/)
    },
  )

  it.each([['advise'], ['summarize']])(
    '%s writes nothing on stderr when it is not a terminal',
    async (command) => {
      const { stderr } = await runWith([command], log, { stderrIsTTY: false })

      expect(stderr).toBe('')
    },
  )
})
