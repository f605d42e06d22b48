import { functionLabel } from '../advise/format.js'
import type { AdviceReport, FunctionAdvice } from '../advise/types.js'
import { plural } from '../format.js'
import { optionalMarks, parallelismMemoryMb, renderChart } from './chart.js'
import { escapeHtml } from './escape.js'
import { STYLESHEET } from './style.js'
import { mb, ms, usd } from './units.js'

const LEGEND: readonly (readonly [key: string, text: string, mark?: 'floor' | 'parallelism'])[] = [
  ['duration', 'predicted duration p50 (left axis)'],
  ['band', 'p50 to p95'],
  ['cost', 'cost per million invocations (right axis)'],
  ['measured', 'measured size, observed p50 and p95'],
  ['recommended', 'recommended size'],
  ['floor', 'below the memory floor', 'floor'],
  ['parallelism', 'more memory stops buying speed', 'parallelism'],
]

const legend = (advice: FunctionAdvice): string => {
  const marks = optionalMarks(advice)
  const items = LEGEND.filter(([, , mark]) => mark === undefined || marks[mark])
  return `<ul class="legend">${items.map(([key, text]) => `<li><span class="swatch swatch-${key}"></span>${text}</li>`).join('')}</ul>`
}

const facts = (advice: FunctionAdvice): string => {
  const lines = [
    `${plural(advice.invocations, 'invocation')} measured at ${mb(advice.memoryMb)} (${plural(advice.coldStarts, 'cold start')}): duration p50 ${ms(advice.durationMs.p50)}, p95 ${ms(advice.durationMs.p95)}; CPU time p50 ${ms(advice.cpuTimeMs.p50)}.`,
    advice.peakMemoryMb === null
      ? 'Peak memory not recorded.'
      : `Peak memory ${mb(advice.peakMemoryMb)}; with headroom, nothing below ${mb(advice.memoryFloorMb)} is advised${optionalMarks(advice).floor ? ' (shaded)' : ''}.`,
    `It used at most ${advice.parallelism.toFixed(1)} vCPU at once, so above ${mb(parallelismMemoryMb(advice))} more memory buys no more speed.`,
  ]
  return lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')
}

const reasons = (advice: FunctionAdvice): string => {
  const { memoryMb, reasons: why, confidence } = advice.recommendation
  const change =
    memoryMb === advice.memoryMb
      ? `Keep ${mb(memoryMb)}`
      : `Run at ${mb(memoryMb)} instead of ${mb(advice.memoryMb)}`
  return [
    `<p class="verdict">${escapeHtml(`${change}${why[0] ? `: ${why[0]}` : ''}.`)}</p>`,
    ...(why.length > 1
      ? [
          `<ul>${why
            .slice(1)
            .map((reason) => `<li>${escapeHtml(reason)}</li>`)
            .join('')}</ul>`,
        ]
      : []),
    `<p>${escapeHtml(`Confidence ${confidence.level}: it rests on ${plural(confidence.invocations, 'invocation')}.`)}</p>`,
    ...(confidence.caveats.length > 0
      ? [
          `<ul class="caveats">${confidence.caveats.map((caveat) => `<li>${escapeHtml(caveat)}</li>`).join('')}</ul>`,
        ]
      : []),
  ].join('\n')
}

const table = (advice: FunctionAdvice): string => {
  const rows = [...advice.candidates]
    .sort((a, b) => a.memoryMb - b.memoryMb)
    .map((candidate) => {
      const recommended = candidate.memoryMb === advice.recommendation.memoryMb
      const belowFloor = candidate.fitsMemory === false
      const notes = [
        candidate.memoryMb === advice.memoryMb ? 'measured' : '',
        recommended ? 'recommended' : '',
        belowFloor ? 'below the memory floor' : '',
      ].filter(Boolean)
      const className = recommended ? ' class="recommended"' : belowFloor ? ' class="below-floor"' : ''
      return `<tr${className} data-memory-mb="${candidate.memoryMb}"><td>${mb(candidate.memoryMb)}</td><td>${ms(candidate.predictedDurationMs.p50)}</td><td>${ms(candidate.predictedDurationMs.p95)}</td><td>${escapeHtml(usd(candidate.costPerMillionUsd))}</td><td>${notes.join(', ')}</td></tr>`
    })
  return [
    '<div class="table-scroll">',
    '<table>',
    '<caption>Predicted per memory size (measured at the measured size)</caption>',
    '<thead><tr><th scope="col">Memory</th><th scope="col">Duration p50</th><th scope="col">Duration p95</th><th scope="col">Cost per million</th><th scope="col">Notes</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
    '</div>',
  ].join('\n')
}

const section = (advice: FunctionAdvice, index: number): string => {
  const id = `function-${index + 1}`
  return [
    `<section class="function" id="${id}" aria-labelledby="${id}-heading">`,
    `<h2 id="${id}-heading">${escapeHtml(functionLabel(advice, ' · '))}</h2>`,
    facts(advice),
    '<figure>',
    renderChart(advice, id),
    `<figcaption>${legend(advice)}</figcaption>`,
    '</figure>',
    reasons(advice),
    table(advice),
    '</section>',
  ].join('\n')
}

const subtitle = ({ architecture, prices, input }: AdviceReport): string => {
  const price = `${prices.overridden ? 'price given with --price' : `list prices of ${prices.date}`}: $${prices.gbSecondUsd} per GB-second, ${usd(prices.requestUsdPerMillion)} per million requests`
  const read = `From ${plural(input.lines, 'log line')}: ${plural(input.utilizationRecords, 'utilization record')}, ${plural(input.reportLines, 'REPORT line')}.`
  return `<p class="muted">${escapeHtml(`${architecture}; ${price}.`)}<br>${escapeHtml(read)}</p>`
}

/**
 * The advice as one self-contained HTML5 page: inline CSS and SVG, no script and no URL, so it reads
 * offline and can be attached to a ticket.
 */
export const renderHtmlReport = (report: AdviceReport): string =>
  [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<title>utilization-metrics advise</title>',
    `<style>${STYLESHEET}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<h1>Memory size advice</h1>',
    subtitle(report),
    report.functions.length === 0
      ? '<p>No function had records that advise could use.</p>'
      : report.functions.map(section).join('\n'),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n')
