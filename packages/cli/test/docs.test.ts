import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ADVICE_FIELDS, advise, formatAdvice, formatSummary, LIST_PRICES, summarize } from '../src/index.js'
import { USAGE } from '../src/run.js'

const repo = new URL('../../../', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, repo), 'utf8')
const page = read('docs/summarize.md')
const fixture = read('packages/cli/src/fixtures/aws-logs-tail.txt').split('\n')
const blocks = (markdown: string, language: string) =>
  [...markdown.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map(
    (match) => match[1] ?? '',
  )
const pages = [
  'README.md',
  'packages/cli/README.md',
  'packages/middy/README.md',
  ...readdirSync(new URL('docs/', repo))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
]

describe('the command line docs', () => {
  it.each([
    ['docs/summarize.md', page],
    ['packages/cli/README.md', read('packages/cli/README.md')],
  ])('%s shows the usage line the command prints', (_page, markdown) => {
    expect(blocks(markdown, 'text')).toContain(`${USAGE.split('\n')[0]}\n`)
  })

  it('shows output that the command prints for the fixture it names', () => {
    // Prepare
    const output = formatSummary(summarize(fixture)).split('\n')
    const documented =
      blocks(page, 'text')[1]
        ?.split('\n')
        .filter((line) => line !== '') ?? []

    // Assess: abridged, so every documented line is a real one
    expect(documented.length).toBeGreaterThan(5)
    for (const line of documented) expect(output).toContain(line)
  })

  it.each(pages)('%s runs the command from the package that ships it', (path) => {
    const commands = [...read(path).matchAll(/npx --package (\S+) utilization-metrics/g)]

    for (const [, pkg] of commands) expect(pkg).toBe('@utilization-metrics/cli')
  })

  it('names files of this repository that exist', () => {
    const paths = [...page.matchAll(/(packages\/cli\/[\w/.-]+\.\w+)/g)].map((match) => match[1] ?? '')

    expect(paths.length).toBeGreaterThan(0)
    for (const path of paths) expect(existsSync(new URL(path, repo)), path).toBe(true)
  })
})

describe('docs/advise.md', () => {
  const advisePage = read('docs/advise.md')

  it('shows the usage lines the command prints', () => {
    expect(blocks(advisePage, 'text')[0]).toBe(`${USAGE.split('\n').slice(0, 3).join('\n')}\n`)
  })

  it('shows the output of advise for the real records of its worked example, exactly', () => {
    const records = read('packages/cli/src/fixtures/resize-images-256mb.txt').trimEnd().split('\n')

    expect(blocks(advisePage, 'text')[1]).toBe(formatAdvice(advise(records)))
  })

  it('states the prices of the table, with its date', () => {
    const text = advisePage.replace(/\s+/g, ' ')

    expect(text).toContain(`read on ${LIST_PRICES.date}`)
    expect(text).toContain(
      `x86_64 $${LIST_PRICES.gbSecondUsd.x86_64} and arm64 $${LIST_PRICES.gbSecondUsd.arm64}`,
    )
    expect(text).toContain(`$${LIST_PRICES.requestUsdPerMillion.toFixed(2)} per million requests`)
  })

  it('has a Logs Insights query that extracts every field advise reads', () => {
    const query = blocks(advisePage, 'text')[2] ?? ''

    for (const field of Object.values(ADVICE_FIELDS)) expect(query).toContain(field)
  })
})
