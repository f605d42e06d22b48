/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The page-side measuring runs in Chromium, so this file is typed against the DOM as well.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adviceOf, fixtureLines } from '../test-support/advice-fixture.js'
import { launchChromium, SKIP_WITHOUT_CHROMIUM } from '../test-support/chromium.js'
import { runWith } from '../test-support/run-cli.js'

// The report `advise --html` writes for a fixture log that mixes EMF records, REPORT lines and other lines.
const FIXTURE = 'advise-mixed.txt'
const report = adviceOf(FIXTURE)

interface Box {
  readonly left: number
  readonly right: number
  readonly top: number
  readonly bottom: number
  readonly width: number
  readonly height: number
}

/** What the page itself says about its first chart, measured after scrolling the chart into view. */
const measure = (page: Page) =>
  page.evaluate(() => {
    const box = (element: Element | null): Box | null => {
      if (!element) return null
      const { left, right, top, bottom, width, height } = element.getBoundingClientRect()
      return { left, right, top, bottom, width, height }
    }
    const chart = document.querySelector('svg.chart')
    chart?.scrollIntoView({ block: 'center' })
    const all = (selector: string) => [...(chart?.querySelectorAll(selector) ?? [])]
    const sizes = (selector: string) =>
      all(selector).map((element) => Number(element.getAttribute('data-memory-mb')))
    const style = (selector: string) => {
      const element = document.querySelector(selector)
      return element ? getComputedStyle(element) : null
    }
    const root = document.documentElement
    return {
      viewport: { width: root.clientWidth, height: window.innerHeight },
      scrollWidth: root.scrollWidth,
      marks: Object.fromEntries(
        ['.curve-duration', '.curve-cost', '.band-p95', '.axis-x', '.axis-y-duration', '.axis-y-cost'].map(
          (selector) => [selector, box(chart?.querySelector(selector) ?? null)],
        ),
      ),
      axisLabels: all('.axis-label').map((element) => element.textContent),
      points: [...all('.point-duration'), ...all('.point-cost')].map(box),
      durationSizes: sizes('.point-duration'),
      costSizes: sizes('.point-cost'),
      recommendedSizes: sizes('.point-duration.recommended'),
      recommendedBand: box(chart?.querySelector('.recommended-band') ?? null),
      recommendedPoint: box(chart?.querySelector('.point-duration.recommended') ?? null),
      fill: {
        recommended: style('.point-duration.recommended')?.fill,
        other: style('.point-duration:not(.recommended)')?.fill,
      },
      rowBackground: {
        recommended: style('tr.recommended td')?.backgroundColor,
        other: style('tr:not(.recommended) td')?.backgroundColor,
      },
      tableBox: box(document.querySelector('.table-scroll')),
      colours: {
        background: getComputedStyle(document.body).backgroundColor,
        duration: style('.curve-duration')?.stroke,
        cost: style('.curve-cost')?.stroke,
      },
    }
  })

type Measured = Awaited<ReturnType<typeof measure>>

const inside = (box: Box | null, viewport: Measured['viewport']): boolean =>
  box !== null &&
  box.width > 0 &&
  box.height > 0 &&
  box.left >= 0 &&
  box.top >= 0 &&
  box.right <= viewport.width &&
  box.bottom <= viewport.height

describe.skipIf(SKIP_WITHOUT_CHROMIUM)('the HTML report in a real browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'um-report-'))
  const reportUrl = pathToFileURL(join(dir, 'advice.html')).href
  let browser: Awaited<ReturnType<typeof launchChromium>>
  beforeAll(async () => {
    const { code } = await runWith(
      ['advise', '--html', join(dir, 'advice.html')],
      fixtureLines(FIXTURE).join('\n'),
    )
    if (code !== 0) throw new Error(`advise --html exited ${code}`)
    browser = await launchChromium()
  }, 30_000)
  afterAll(async () => {
    await browser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const open = async (width: number, height: number, colorScheme: 'light' | 'dark') => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width, height })
    await page.emulateMedia({ colorScheme })
    const requests: string[] = []
    page.on('request', (request) => requests.push(request.url()))
    await page.goto(reportUrl)
    const measured = await measure(page)
    await page.close()
    return { ...measured, requests }
  }

  // A phone held upright, and a laptop, each in both colour schemes.
  it.each([
    [390, 844, 'light'],
    [390, 844, 'dark'],
    [1280, 800, 'light'],
    [1280, 800, 'dark'],
  ] as const)(
    'at %i x %i px (%s) draws every mark inside the viewport and overflows nothing',
    async (width, height, scheme) => {
      // Prepare
      const advice = report.functions[0]
      const candidateSizes = advice?.candidates.map((candidate) => candidate.memoryMb) ?? []

      // Act
      const page = await open(width, height, scheme)

      // Assess: both curves, the band and all three axes are drawn, inside the viewport
      for (const [selector, box] of Object.entries(page.marks))
        expect(inside(box, page.viewport), selector).toBe(true)
      expect(page.axisLabels).toEqual([
        'Memory size (MB, log scale)',
        'Predicted duration (ms)',
        'Cost per 1M (USD)',
      ])
      // ...a point on each curve for every candidate size, each visible
      expect(page.durationSizes).toEqual(candidateSizes)
      expect(page.costSizes).toEqual(candidateSizes)
      for (const point of page.points) expect(inside(point, page.viewport)).toBe(true)
      // ...the recommended size highlighted: its own colour, a band behind it, its table row marked
      expect(page.recommendedSizes).toEqual([advice?.recommendation.memoryMb])
      expect(page.fill.recommended).not.toBe(page.fill.other)
      const pointCentre = (page.recommendedPoint?.left ?? 0) + (page.recommendedPoint?.width ?? 0) / 2
      const bandCentre = (page.recommendedBand?.left ?? 0) + (page.recommendedBand?.width ?? 0) / 2
      expect(Math.abs(pointCentre - bandCentre)).toBeLessThan(1)
      expect(page.rowBackground.recommended).not.toBe(page.rowBackground.other)
      // ...in the colour scheme asked for, the curves standing out from the page
      expect(page.colours.background).toBe(scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)')
      expect(page.colours.duration).not.toBe(page.colours.background)
      expect(page.colours.cost).not.toBe(page.colours.background)
      // ...nothing fetched but the page itself
      expect(page.requests).toEqual([reportUrl])
      // ...and nothing wider than the page: the table scrolls inside its own box
      expect(page.scrollWidth).toBeLessThanOrEqual(page.viewport.width)
      expect(page.tableBox?.right ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(page.viewport.width)
    },
  )
})
