import { formatNumber, formatTable, plural } from '../format.js'
import type { AdviceReport, FunctionAdvice } from './types.js'

const ms = (value: number): string => `${formatNumber(value)} ms`
const mb = (value: number): string => `${formatNumber(Math.round(value))} MB`
const share = (value: number): string => `${Math.round(value * 100)} %`
const usd = (value: number): string => `$${value >= 100 ? value.toFixed(0) : value.toFixed(2)}`

/** Which function a block of advice is about: its name, namespace, service and dimensions. */
export const functionLabel = (advice: FunctionAdvice, separator: string): string =>
  [
    advice.functionName || '(no function name)',
    advice.namespace,
    ...(advice.service ? [`service=${advice.service}`] : []),
    ...Object.entries(advice.dimensions).map(([name, value]) => `${name}=${value}`),
  ].join(separator)

const facts = (advice: FunctionAdvice): string[] => [
  `${plural(advice.invocations, 'invocation')} at ${mb(advice.memoryMb)} (${plural(advice.coldStarts, 'cold start')})`,
  `duration p50 ${ms(advice.durationMs.p50)}, p95 ${ms(advice.durationMs.p95)}; CPU time p50 ${ms(advice.cpuTimeMs.p50)}; ` +
    `${share(advice.atCpuQuotaShare)} at their CPU quota; throttled ${advice.throttledShare === null ? 'not recorded' : share(advice.throttledShare)}`,
  advice.peakMemoryMb === null || advice.headroomMb === null
    ? 'peak memory not recorded'
    : `peak memory ${mb(advice.peakMemoryMb)}, headroom ${mb(advice.headroomMb)}; nothing below ${mb(advice.memoryFloorMb)} is advised`,
]

const table = (advice: FunctionAdvice): string[] => {
  const notes = advice.candidates.map((candidate) =>
    [
      candidate.memoryMb === advice.memoryMb ? 'measured' : '',
      candidate.memoryMb === advice.recommendation.memoryMb ? 'recommended' : '',
      candidate.fitsMemory ? '' : 'below the memory floor',
    ]
      .filter(Boolean)
      .join(', '),
  )
  const rows = [
    ['memory', 'p50', 'p95', 'per 1M'],
    ...advice.candidates.map((candidate) => [
      mb(candidate.memoryMb),
      ms(candidate.predictedDurationMs.p50),
      ms(candidate.predictedDurationMs.p95),
      usd(candidate.costPerMillionUsd),
    ]),
  ]
  return formatTable(rows, 4).map((line, index) => {
    const note = index === 0 ? '' : (notes[index - 1] ?? '')
    const marker = index > 0 && advice.candidates[index - 1]?.memoryMb === advice.recommendation.memoryMb
    return `${marker ? '*' : ' '} ${line}${note ? `  ${note}` : ''}`
  })
}

const recommendation = (advice: FunctionAdvice): string[] => {
  const { memoryMb, reasons, confidence } = advice.recommendation
  return [
    `recommendation: ${mb(memoryMb)}`,
    ...reasons.map((reason) => `  - ${reason}`),
    `confidence: ${confidence.level} (${plural(confidence.invocations, 'invocation')})`,
    ...confidence.caveats.map((caveat) => `  - ${caveat}`),
  ]
}

/** The advice as a person reads it: per function its facts, the candidate table and the recommendation. */
export const formatAdvice = (report: AdviceReport): string => {
  const blocks = report.functions.map((advice) =>
    [
      functionLabel(advice, '  '),
      ...[...facts(advice), '', ...table(advice), '', ...recommendation(advice)].map((line) =>
        line ? `  ${line}` : '',
      ),
    ].join('\n'),
  )
  if (report.functions.length === 0) {
    blocks.push(
      'No utilization records with CPU time and memory size found (records of @utilization-metrics/middy with default options carry both).',
    )
  }
  const { input, prices } = report
  blocks.push(
    `Predicted by the model in docs/advise.md; ${report.architecture} prices ${prices.overridden ? 'given with --price' : `listed on ${prices.date}`}: ` +
      `$${prices.gbSecondUsd} per GB-second, $${prices.requestUsdPerMillion.toFixed(2)} per million requests, 1 ms billing steps.\n` +
      `${plural(input.utilizationRecords, 'utilization record')} (${input.unusable} without CPU time or memory size), ` +
      `${plural(input.reportLines, 'REPORT line')} (${input.joinedWithReport} joined), ${plural(input.lines, 'line')} read.`,
  )
  return `${blocks.join('\n\n')}\n`
}
