import { describe, expect, it } from 'vitest'
import type { AdviceReport, FunctionAdvice } from '../advise/types.js'
import { adviceOf } from '../test-support/advice-fixture.js'
import { escapeHtml } from './escape.js'
import { renderHtmlReport } from './html.js'

const report = adviceOf()
const orders = report.functions[0] as FunctionAdvice
const withFunction = (changes: Partial<FunctionAdvice>): AdviceReport => ({
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
    const recommended = orders.recommendation.memoryMb
    expect(
      count(html, new RegExp(`class="point-duration recommended" data-memory-mb="${recommended}"`, 'g')),
    ).toBe(1)
    expect(count(html, new RegExp(`<tr class="recommended" data-memory-mb="${recommended}">`, 'g'))).toBe(1)
  })

  it('puts the reasons in words under the chart, then the candidate table', () => {
    const chart = html.indexOf('</svg>')
    const [verdict, ...others] = orders.recommendation.reasons.map((reason) =>
      html.indexOf(escapeHtml(reason)),
    )
    const table = html.indexOf('<table>')

    expect(chart).toBeGreaterThan(0)
    expect(verdict).toBeGreaterThan(chart)
    for (const reason of others) expect(reason).toBeGreaterThan(chart)
    expect(table).toBeGreaterThan(Math.max(verdict ?? 0, ...others))
    expect(html).toContain(
      `Confidence ${orders.recommendation.confidence.level}: it rests on ${orders.invocations} invocations.`,
    )
  })

  it('shades the memory floor and marks the parallelism point when the advice has them', () => {
    expect(html).toContain('<rect class="floor"')
    expect(html).toContain('<line class="parallelism"')
    expect(orders.parallelism).toBe(1)
    expect(html).toContain('no faster above 1,769 MB')
  })

  it.each([
    [
      'memory floor below the smallest size',
      { memoryFloorMb: 64 },
      '<rect class="floor"',
      'class="swatch swatch-floor"',
    ],
    [
      'parallelism point beyond the largest size',
      { parallelism: 8 },
      '<line class="parallelism"',
      'class="swatch swatch-parallelism"',
    ],
  ])('leaves out the %s, and its legend entry', (_what, changes: Partial<FunctionAdvice>, mark, swatch) => {
    const html = renderHtmlReport(withFunction(changes))

    expect(html).not.toContain(mark)
    expect(html).not.toContain(swatch)
  })

  it('escapes names that come from the logs', () => {
    const named = renderHtmlReport(withFunction({ functionName: '<img src=x onerror="alert(1)">' }))

    expect(named).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;')
    expect(named).not.toContain('<img')
  })

  it('says so when no function could be advised', () => {
    expect(renderHtmlReport({ ...report, functions: [] })).toContain(
      'No function had records that advise could use.',
    )
  })
})
