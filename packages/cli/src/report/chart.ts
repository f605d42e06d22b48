import { MB_PER_VCPU } from '../advise/model.js'
import type { FunctionAdvice } from '../advise/types.js'
import { escapeHtml } from './escape.js'
import { linearScale, logScale, niceTicks, powerOfTwoTicks } from './scale.js'
import { mb, ms, usd } from './units.js'

// The chart's own coordinate system: the SVG scales to its box through the viewBox, so these are not pixels.
export const CHART_WIDTH = 600
export const CHART_HEIGHT = 380
const PLOT = { left: 72, right: CHART_WIDTH - 80, top: 72, bottom: CHART_HEIGHT - 54 } as const
const ANNOTATION_ROWS = [20, 42, 64] as const
const POINT_RADIUS = 4
const RECOMMENDED_RADIUS = 7
const COST_POINT_SIZE = 8
const RECOMMENDED_BAND_WIDTH = 18
const TICK = 5
// A quarter of a doubling either side, so the first and last points do not sit on the axes.
const X_PADDING = 2 ** 0.25

const fixed = (value: number): string => String(Math.round(value * 10) / 10)
const attrs = (values: Record<string, string | number>): string =>
  Object.entries(values)
    .map(([name, value]) => `${name}="${typeof value === 'number' ? fixed(value) : escapeHtml(value)}"`)
    .join(' ')
const pathThrough = (points: readonly (readonly [number, number])[]): string =>
  points.map(([x, y], index) => `${index === 0 ? 'M' : 'L'}${fixed(x)} ${fixed(y)}`).join(' ')

/** Where the function's parallelism is used up: beyond it a bigger share of CPU goes unused. */
export const parallelismMemoryMb = (advice: FunctionAdvice): number => advice.parallelism * MB_PER_VCPU

/** The memory sizes the x axis spans: every candidate and the measured size. */
const memoryDomain = (advice: FunctionAdvice): readonly [number, number] => {
  const sizes = [...advice.candidates.map((candidate) => candidate.memoryMb), advice.memoryMb]
  return [Math.min(...sizes) / X_PADDING, Math.max(...sizes) * X_PADDING]
}

/** The optional marks that fall inside the chart, for the chart and its legend alike. */
export const optionalMarks = (advice: FunctionAdvice): { floor: boolean; parallelism: boolean } => {
  const [smallest, largest] = memoryDomain(advice)
  const parallelAt = parallelismMemoryMb(advice)
  return {
    floor: advice.memoryFloorMb > smallest,
    parallelism: parallelAt >= smallest && parallelAt <= largest,
  }
}

const label = (x: number, row: number, text: string, className: string): string => {
  const anchor = x > (PLOT.left + PLOT.right) / 2 ? 'end' : 'start'
  const nudge = anchor === 'end' ? -4 : 4
  return `<text ${attrs({ class: `annotation ${className}`, x: x + nudge, y: ANNOTATION_ROWS[row] ?? 0, 'text-anchor': anchor })}>${escapeHtml(text)}</text>`
}

/**
 * One function's chart: predicted duration p50 with its p95 band (left axis) and cost per million
 * invocations (right axis) against memory size on a log scale, with the measured size, the recommended
 * size, the memory floor and the parallelism point marked. Classes and data attributes name every mark,
 * for the stylesheet and for the browser test.
 */
export const renderChart = (advice: FunctionAdvice, id: string): string => {
  const candidates = [...advice.candidates].sort((a, b) => a.memoryMb - b.memoryMb)
  const xDomain = memoryDomain(advice)
  const marks = optionalMarks(advice)
  const x = logScale(xDomain, [PLOT.left, PLOT.right])
  const durationTicks = niceTicks(
    Math.max(advice.durationMs.p95, ...candidates.map((candidate) => candidate.predictedDurationMs.p95)),
  )
  const costTicks = niceTicks(Math.max(...candidates.map((candidate) => candidate.costPerMillionUsd)))
  const yDuration = linearScale([0, durationTicks.at(-1) ?? 1], [PLOT.bottom, PLOT.top])
  const yCost = linearScale([0, costTicks.at(-1) ?? 1], [PLOT.bottom, PLOT.top])
  const plotHeight = PLOT.bottom - PLOT.top
  const parts: string[] = []

  if (marks.floor) {
    const right = Math.min(x(advice.memoryFloorMb), PLOT.right)
    parts.push(
      `<rect ${attrs({ class: 'floor', x: PLOT.left, y: PLOT.top, width: right - PLOT.left, height: plotHeight })}><title>${escapeHtml(`below the memory floor of ${mb(advice.memoryFloorMb)} (peak memory plus headroom)`)}</title></rect>`,
    )
  }
  const recommendedX = x(advice.recommendation.memoryMb)
  parts.push(
    `<rect ${attrs({ class: 'recommended-band', 'data-memory-mb': advice.recommendation.memoryMb, x: recommendedX - RECOMMENDED_BAND_WIDTH / 2, y: PLOT.top, width: RECOMMENDED_BAND_WIDTH, height: plotHeight })}/>`,
  )

  // Axes: grid lines from the duration ticks, so the left axis reads across the plot.
  const xTicks = powerOfTwoTicks(xDomain[0], xDomain[1])
  parts.push(
    `<g class="axis axis-x">`,
    `<line ${attrs({ x1: PLOT.left, y1: PLOT.bottom, x2: PLOT.right, y2: PLOT.bottom })}/>`,
    ...xTicks.map(
      (tick) =>
        `<line ${attrs({ x1: x(tick), y1: PLOT.bottom, x2: x(tick), y2: PLOT.bottom + TICK })}/><text ${attrs({ x: x(tick), y: PLOT.bottom + 22, 'text-anchor': 'middle' })}>${tick}</text>`,
    ),
    `<text ${attrs({ class: 'axis-label', x: (PLOT.left + PLOT.right) / 2, y: CHART_HEIGHT - 10, 'text-anchor': 'middle' })}>Memory size (MB, log scale)</text>`,
    `</g>`,
    `<g class="axis axis-y-duration">`,
    ...durationTicks.map(
      (tick) =>
        `<line class="grid" ${attrs({ x1: PLOT.left, y1: yDuration(tick), x2: PLOT.right, y2: yDuration(tick) })}/><text ${attrs({ x: PLOT.left - 8, y: yDuration(tick) + 4, 'text-anchor': 'end' })}>${tick}</text>`,
    ),
    `<line ${attrs({ x1: PLOT.left, y1: PLOT.top, x2: PLOT.left, y2: PLOT.bottom })}/>`,
    `<text ${attrs({ class: 'axis-label', transform: `translate(16 ${fixed((PLOT.top + PLOT.bottom) / 2)}) rotate(-90)`, 'text-anchor': 'middle' })}>Predicted duration (ms)</text>`,
    `</g>`,
    `<g class="axis axis-y-cost">`,
    `<line ${attrs({ x1: PLOT.right, y1: PLOT.top, x2: PLOT.right, y2: PLOT.bottom })}/>`,
    ...costTicks.map(
      (tick) =>
        `<line ${attrs({ x1: PLOT.right, y1: yCost(tick), x2: PLOT.right + TICK, y2: yCost(tick) })}/><text ${attrs({ x: PLOT.right + 8, y: yCost(tick) + 4 })}>${escapeHtml(usd(tick))}</text>`,
    ),
    `<text ${attrs({ class: 'axis-label', transform: `translate(${CHART_WIDTH - 10} ${fixed((PLOT.top + PLOT.bottom) / 2)}) rotate(90)`, 'text-anchor': 'middle' })}>Cost per 1M (USD)</text>`,
    `</g>`,
  )

  const p50 = candidates.map(
    (candidate) => [x(candidate.memoryMb), yDuration(candidate.predictedDurationMs.p50)] as const,
  )
  const p95 = candidates.map(
    (candidate) => [x(candidate.memoryMb), yDuration(candidate.predictedDurationMs.p95)] as const,
  )
  const cost = candidates.map(
    (candidate) => [x(candidate.memoryMb), yCost(candidate.costPerMillionUsd)] as const,
  )
  parts.push(
    `<path class="band-p95" d="${pathThrough([...p50, ...[...p95].reverse()])} Z"/>`,
    `<path class="curve-duration" d="${pathThrough(p50)}"/>`,
    `<path class="curve-cost" d="${pathThrough(cost)}"/>`,
  )

  const parallelAt = parallelismMemoryMb(advice)
  if (marks.parallelism) {
    parts.push(
      `<line ${attrs({ class: 'parallelism', x1: x(parallelAt), y1: ANNOTATION_ROWS[2] + 4, x2: x(parallelAt), y2: PLOT.bottom })}/>`,
      label(x(parallelAt), 2, `no faster above ${mb(parallelAt)}`, 'parallelism-label'),
    )
  }

  for (const candidate of candidates) {
    const recommended = candidate.memoryMb === advice.recommendation.memoryMb
    const cx = x(candidate.memoryMb)
    const tip = `${mb(candidate.memoryMb)}: p50 ${ms(candidate.predictedDurationMs.p50)}, p95 ${ms(candidate.predictedDurationMs.p95)}, ${usd(candidate.costPerMillionUsd)} per million`
    parts.push(
      `<circle ${attrs({ class: recommended ? 'point-duration recommended' : 'point-duration', 'data-memory-mb': candidate.memoryMb, cx, cy: yDuration(candidate.predictedDurationMs.p50), r: recommended ? RECOMMENDED_RADIUS : POINT_RADIUS })}><title>${escapeHtml(tip)}</title></circle>`,
      `<rect ${attrs({ class: recommended ? 'point-cost recommended' : 'point-cost', 'data-memory-mb': candidate.memoryMb, x: cx - COST_POINT_SIZE / 2, y: yCost(candidate.costPerMillionUsd) - COST_POINT_SIZE / 2, width: COST_POINT_SIZE, height: COST_POINT_SIZE })}><title>${escapeHtml(tip)}</title></rect>`,
    )
  }

  const measuredX = x(advice.memoryMb)
  const observedP50 = yDuration(advice.durationMs.p50)
  const observedP95 = yDuration(advice.durationMs.p95)
  parts.push(
    `<line ${attrs({ class: 'measured', x1: measuredX, y1: ANNOTATION_ROWS[1] + 4, x2: measuredX, y2: PLOT.bottom })}/>`,
    `<g class="observed" data-memory-mb="${advice.memoryMb}"><title>${escapeHtml(`measured at ${mb(advice.memoryMb)}: p50 ${ms(advice.durationMs.p50)}, p95 ${ms(advice.durationMs.p95)}`)}</title>`,
    `<line ${attrs({ class: 'observed-spread', x1: measuredX, y1: observedP50, x2: measuredX, y2: observedP95 })}/>`,
    `<line ${attrs({ class: 'observed-p95', x1: measuredX - 6, y1: observedP95, x2: measuredX + 6, y2: observedP95 })}/>`,
    `<path ${attrs({ class: 'observed-p50', d: `M${fixed(measuredX)} ${fixed(observedP50 - 7)} l7 7 l-7 7 l-7 -7 Z` })}/>`,
    `</g>`,
    label(measuredX, 1, `measured ${mb(advice.memoryMb)}`, 'measured-label'),
    label(recommendedX, 0, `recommended ${mb(advice.recommendation.memoryMb)}`, 'recommended-label'),
  )

  const title = `Predicted duration and cost per memory size for ${advice.functionName || advice.namespace}`
  return [
    `<svg class="chart" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" role="img" aria-labelledby="${id}-title">`,
    `<title id="${id}-title">${escapeHtml(title)}</title>`,
    ...parts,
    '</svg>',
  ].join('\n')
}
