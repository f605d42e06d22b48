import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ReportFunction, ReportInput } from './advice.js'
import { renderHtmlReport } from './html.js'

const report: ReportInput = JSON.parse(
  readFileSync(new URL('./fixtures/advice-orders.json', import.meta.url), 'utf8'),
)
const orders = report.functions[0] as ReportFunction
const withFunction = (changes: Partial<ReportFunction>): ReportInput => ({
  ...report,
  functions: [{ ...orders, ...changes }],
})
const count = (html: string, pattern: RegExp): number => [...html.matchAll(pattern)].length

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(report)

  // Anything a browser would fetch: the report must read offline, as a ticket attachment.
  it.each([
    ['a URL with a scheme', /[a-z][a-z0-9+.-]*:\/\//i],
    ['a protocol-relative URL', /["'(]\/\//],
    ['a CSS url()', /url\s*\(/i],
    ['a CSS @import', /@import/i],
    ['a script', /<script/i],
    ['a link element', /<link/i],
    ['an src attribute', /\ssrc\s*=/i],
    ['an href attribute', /\shref\s*=/i],
    ['an iframe, object or embed', /<(iframe|object|embed)/i],
  ])('contains no %s', (_what, pattern) => {
    expect(html).not.toMatch(pattern)
  })

  it('is one HTML5 document with a viewport for phones and both colour schemes', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true)
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
    expect(html).toContain('@media (prefers-color-scheme: dark)')
    expect(html).toMatch(/<svg class="chart" viewBox="0 0 \d+ \d+"/)
  })

  it('draws a point on each curve for every candidate size and highlights the recommended one', () => {
    const sizes = orders.candidates.map((candidate) => candidate.memoryMb)

    expect(count(html, /class="point-duration[^"]*"/g)).toBe(sizes.length)
    expect(count(html, /class="point-cost[^"]*"/g)).toBe(sizes.length)
    expect(count(html, /class="point-duration recommended" data-memory-mb="1769"/g)).toBe(1)
    expect(count(html, /<tr class="recommended" data-memory-mb="1769">/g)).toBe(1)
  })

  it('puts the reasons in words under the chart, then the candidate table', () => {
    const chart = html.indexOf('</svg>')
    const verdict = html.indexOf('<p class="verdict">Run at 1,769 MB instead of 512 MB: 2.5x faster')
    const table = html.indexOf('<table>')

    expect(chart).toBeGreaterThan(0)
    expect(verdict).toBeGreaterThan(chart)
    expect(table).toBeGreaterThan(verdict)
    expect(html).toContain('Confidence low: it rests on 8 invocations.')
  })

  it('shades the memory floor and marks the parallelism point when the advice has them', () => {
    expect(html).toContain('<rect class="floor"')
    expect(html).toContain('<line class="parallelism"')
    expect(html).toContain('no faster above 1,769 MB')
  })

  it.each([
    ['memory floor', { memoryFloorMb: undefined }, '<rect class="floor"'],
    ['parallelism point', { parallelism: undefined }, '<line class="parallelism"'],
    ['parallelism point beyond the largest size', { parallelism: 8 }, '<line class="parallelism"'],
  ])('leaves out the %s when there is none to draw', (_what, changes, mark) => {
    expect(renderHtmlReport(withFunction(changes as Partial<ReportFunction>))).not.toContain(mark)
  })

  it('escapes names that come from the logs', () => {
    const named = renderHtmlReport(withFunction({ functionName: '<img src=x onerror="alert(1)">' }))

    expect(named).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;')
    expect(named).not.toContain('<img')
  })

  it('says so when no function could be advised', () => {
    expect(renderHtmlReport({ functions: [] })).toContain('No function had records that advise could use.')
  })
})
