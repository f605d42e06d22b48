import type { ReportFunction, ReportInput } from './advice.js'
import { parallelismMemoryMb, renderChart } from './chart.js'
import { escapeHtml } from './escape.js'
import { STYLESHEET } from './style.js'
import { mb, ms, usd } from './units.js'

const heading = (advice: ReportFunction): string =>
  [
    advice.functionName || '(no function name)',
    advice.namespace,
    ...(advice.service ? [`service=${advice.service}`] : []),
    ...Object.entries(advice.dimensions).map(([name, value]) => `${name}=${value}`),
  ].join(' · ')

const plural = (count: number, noun: string): string =>
  `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`

const LEGEND = [
  ['duration', 'predicted duration p50 (left axis)'],
  ['band', 'p50 to p95'],
  ['cost', 'cost per million invocations (right axis)'],
  ['measured', 'measured size, observed p50 and p95'],
  ['recommended', 'recommended size'],
  ['floor', 'below the memory floor'],
  ['parallelism', 'more memory stops buying speed'],
] as const

const facts = (advice: ReportFunction): string => {
  const parallelAt = parallelismMemoryMb(advice)
  const lines = [
    `${plural(advice.invocations, 'invocation')} measured at ${mb(advice.memoryMb)}: duration p50 ${ms(advice.durationMs.p50)}, p95 ${ms(advice.durationMs.p95)}; CPU time p50 ${ms(advice.cpuTimeMs.p50)}.`,
    advice.peakMemoryMb === null
      ? 'Peak memory not recorded.'
      : `Peak memory ${mb(advice.peakMemoryMb)}${advice.memoryFloorMb === undefined ? '' : `; with headroom, nothing below ${mb(advice.memoryFloorMb)} is advised (shaded)`}.`,
    ...(parallelAt === undefined || advice.parallelism === undefined
      ? []
      : [
          `It used at most ${advice.parallelism.toFixed(1)} CPU at once, so above ${mb(parallelAt)} more memory buys no more speed.`,
        ]),
  ]
  return lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')
}

const reasons = (advice: ReportFunction): string => {
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

const table = (advice: ReportFunction): string => {
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

const section = (advice: ReportFunction, index: number): string => {
  const id = `function-${index + 1}`
  return [
    `<section class="function" id="${id}" aria-labelledby="${id}-heading">`,
    `<h2 id="${id}-heading">${escapeHtml(heading(advice))}</h2>`,
    facts(advice),
    '<figure>',
    renderChart(advice, id),
    `<figcaption><ul class="legend">${LEGEND.map(([key, text]) => `<li><span class="swatch swatch-${key}"></span>${text}</li>`).join('')}</ul></figcaption>`,
    '</figure>',
    reasons(advice),
    table(advice),
    '</section>',
  ].join('\n')
}

const subtitle = (report: ReportInput): string => {
  const parts = [
    ...(report.architecture ? [`${report.architecture}`] : []),
    ...(report.prices
      ? [
          `list prices of ${report.prices.date}: $${report.prices.gbSecondUsd} per GB-second, $${report.prices.requestUsdPerMillion} per million requests`,
        ]
      : []),
  ]
  return parts.length === 0 ? '' : `<p class="muted">${escapeHtml(parts.join('; '))}</p>`
}

/**
 * The advice as one self-contained HTML5 page: inline CSS and SVG, no script and no URL, so it reads
 * offline and can be attached to a ticket.
 */
export const renderHtmlReport = (report: ReportInput): string =>
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
