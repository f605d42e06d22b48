import { addedOverLogMetrics, type BudgetOutcome } from './budgets.ts'
import {
  formatAddedMicros,
  formatBytes,
  formatMicros,
  formatRatio,
  renderTable,
  type Table,
} from './format.ts'
import type { BenchResults, LatencyRow } from './results.ts'

/** The report: printed by `pnpm bench` (tables only) and written to docs/benchmarks.md (with the prose). */

export interface Section {
  readonly title: string
  /** Markdown prose for the docs; not printed in the terminal. */
  readonly intro: string
  readonly tables: readonly Table[]
}

const RIGHT = 'right' as const
const LEFT = 'left' as const
const count = (value: number) => value.toLocaleString('en-US')
const yesNo = (value: boolean) => (value ? 'yes' : 'no')

const machineSection = ({ machine, totalSeconds }: BenchResults): Section => ({
  title: 'Machine',
  intro: '',
  tables: [
    {
      columns: ['', ''],
      rows: [
        ['Date', machine.date],
        ['CPU', `${machine.cpuModel}, ${machine.cores} cores`],
        ['Memory', formatBytes(machine.memoryBytes)],
        ['OS', machine.os],
        ['Node.js', machine.node],
        ['Load average at start (1 min)', machine.loadAverageAtStart.toFixed(2)],
        ['Run time (without the build)', `${totalSeconds.toFixed(0)} s`],
      ],
    },
  ],
})

const budgetSection = (budgets: readonly BudgetOutcome[]): Section => ({
  title: 'Budgets',
  intro: [
    'Each budget of the performance issue, checked against the figures of this run. The import budget is',
    'measured on the packages as published (their `dist` folders); section 3 also shows bundled handlers.',
  ].join('\n'),
  tables: [
    {
      columns: ['Budget', 'Limit', 'Measured', 'Status'],
      align: [LEFT, RIGHT, LEFT, LEFT],
      rows: budgets.map((outcome) => [
        outcome.budget,
        outcome.limit,
        outcome.measured,
        outcome.met ? 'met' : 'MISSED',
      ]),
    },
  ],
})

const invocationSection = (results: BenchResults): Section => {
  const reference = results.invocations.find((row) => row.id === 'logMetrics')?.medianUs ?? Number.NaN
  return {
    title: '1. Time per invocation',
    intro: [
      'A trivial handler under real `@middy/core` 7 and real Powertools Metrics (each record serialised with',
      '`JSON.stringify` and written to standard output, which goes to the null device). Every row below the',
      '`logMetrics` row adds one middleware to it. Each invocation starts on a fresh turn of the event loop, as on',
      'Lambda, and gets a Lambda-like context, so Middy arms and clears its early-timeout timer every time.',
      'The naive sampler reads `currentLoad`, `fsSize`, `time`, `mem` and `networkStats` from systeminformation',
      'in `before` and `after` (concurrently) and publishes the same twelve metrics. The rows take turns, in',
      'five rounds of 0.4 s each, so a slow spell of the machine hits every row alike; Median and p99 are the',
      "medians of the rounds' figures.",
    ].join('\n'),
    tables: [
      {
        columns: [
          'Handler',
          'Median',
          'p99',
          'Added (median)',
          'vs logMetrics',
          'Child processes',
          'Samples',
        ],
        align: [LEFT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT],
        rows: results.invocations.map((row) => [
          row.label,
          formatMicros(row.medianUs),
          formatMicros(row.p99Us),
          row.id === 'bare' || row.id === 'logMetrics'
            ? ''
            : formatAddedMicros(addedOverLogMetrics(results, row.id)),
          formatRatio(row.medianUs, reference),
          row.childProcesses === 0
            ? '0'
            : `${(row.childProcesses / row.countedInvocations).toFixed(1)} per call`,
          count(row.samples),
        ]),
      },
    ],
  }
}

const latencyTable = (
  rows: readonly LatencyRow[],
  reference?: (row: LatencyRow) => number | undefined,
): Table => ({
  columns: reference
    ? ['What', 'Median', 'p99', 'vs fast path', 'Samples']
    : ['What', 'Median', 'p99', 'Samples'],
  align: [LEFT, RIGHT, RIGHT, RIGHT, RIGHT],
  rows: rows.map((row) => {
    const cells = [row.label, formatMicros(row.medianUs), formatMicros(row.p99Us)]
    if (reference) cells.push(formatRatio(row.medianUs, reference(row) ?? Number.NaN))
    cells.push(count(row.samples))
    return cells
  }),
})

const SAMPLE_IDS = new Set(['procfsAll', 'siAll', 'procfsDefault', 'siDefault', 'procfsCounters'])
const FAST_PATH_OF: Record<string, string> = {
  procfsAll: 'procfsAll',
  siAll: 'procfsAll',
  procfsDefault: 'procfsDefault',
  siDefault: 'procfsDefault',
  procfsCounters: 'procfsCounters',
}

const sampleSection = ({ samples }: BenchResults): Section => {
  const median = (id: string | undefined) => samples.find((row) => row.id === id)?.medianUs
  return {
    title: '2. One sample()',
    intro: [
      'The collector alone. The fast path reads /proc files kept open (positional reads), `statfs` and Node',
      "APIs; `source: 'systeminformation'` uses Node's `os` module and systeminformation for network counters.",
      'The second table times the parts of a default-groups invocation on their own, to show where it goes, and',
      "the CPU reads: one reading of the counters the collector's probe picked, and a fresh collector's first",
      'sample, which runs that probe (once per execution environment).',
    ].join('\n'),
    tables: [
      latencyTable(
        samples.filter((row) => SAMPLE_IDS.has(row.id)),
        (row) => median(FAST_PATH_OF[row.id]),
      ),
      latencyTable(samples.filter((row) => !SAMPLE_IDS.has(row.id))),
    ],
  }
}

const coldStartSection = ({ importTimes, probes }: BenchResults): Section => {
  const medianOf = (id: string) => importTimes.find((row) => row.id === id)?.medianMs ?? Number.NaN
  return {
    title: '3. Cold start',
    intro: [
      'Import time measured inside fresh Node processes (`performance.now()` around the dynamic imports, so',
      'process start-up is left out), targets taken in turn. The packages are imported from their `dist`',
      'folders as published; the bundled handlers are the bundles of section 5, and importing one also runs its',
      'top level (Metrics instances and middleware constructed), as a Lambda init phase does. The budget is',
      'the row timed on its own after Middy and Powertools were imported in the same process: the difference',
      'of the first two medians carries the spread of two sets of process start-ups. The one-line module',
      'below it is the floor of any import timed that way: what ours adds above it is V8 parsing our code.',
      'The probe records every module resolved (ESM and',
      'CommonJS, through a `module.registerHooks` resolve hook) while the middleware is imported and invoked,',
      'and counts child processes; the control row shows that the probe does see systeminformation when it loads.',
    ].join('\n'),
    tables: [
      {
        columns: ['Imports', 'Median', 'Added', 'Min', 'Max', 'Processes'],
        align: [LEFT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT],
        rows: importTimes.map((row) => [
          row.label,
          `${row.medianMs.toFixed(2)} ms`,
          row.referenceId === undefined ? '' : `+${(row.medianMs - medianOf(row.referenceId)).toFixed(2)} ms`,
          `${row.minMs.toFixed(2)} ms`,
          `${row.maxMs.toFixed(2)} ms`,
          String(row.processes),
        ]),
      },
      {
        columns: ['Probe', 'Modules resolved', 'systeminformation', 'node:child_process', 'Child processes'],
        align: [LEFT, RIGHT, RIGHT, RIGHT, RIGHT],
        rows: probes.map((probe) => [
          probe.label,
          String(probe.modulesLoaded),
          yesNo(probe.systeminformationLoaded),
          yesNo(probe.childProcessModuleLoaded),
          String(probe.childProcessesStarted),
        ]),
      },
    ],
  }
}

const memorySection = ({ memory }: BenchResults): Section => ({
  title: '4. Memory',
  intro: [
    'Heap used and RSS after 1,000 and after 100,000 invocations, each read after two forced garbage',
    'collections (`--expose-gc`), every invocation on a fresh turn of the event loop. That matters: two',
    "`Console` instances (the user's Metrics and ours) writing in turn to one synchronous stream each defer a",
    'callback with `process.nextTick`, about 500 bytes that stay queued while a test loop chains invocations',
    'as microtasks only. On Lambda every invocation starts from I/O and the queue drains; it is not a leak.',
    "The young generation is V8's new space as committed: V8 grows it when objects survive its minor GCs,",
    'and it is most of what RSS gains beyond the heap.',
  ].join('\n'),
  tables: [
    {
      columns: [
        'Handler',
        'Heap @1k',
        'Heap @100k',
        'Heap growth',
        'RSS @1k',
        'RSS @100k',
        'RSS growth',
        'Young generation @100k',
      ],
      align: [LEFT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT],
      rows: memory.map((row) => [
        row.label,
        formatBytes(row.early.heapUsedBytes),
        formatBytes(row.late.heapUsedBytes),
        formatBytes(row.late.heapUsedBytes - row.early.heapUsedBytes, true),
        formatBytes(row.early.rssBytes),
        formatBytes(row.late.rssBytes),
        formatBytes(row.late.rssBytes - row.early.rssBytes, true),
        row.late.youngGenerationBytes === undefined ? '' : formatBytes(row.late.youngGenerationBytes),
      ]),
    },
  ],
})

const bundleSection = ({ bundles }: BenchResults): Section => ({
  title: '5. Bundle size',
  intro: [
    'An example handler bundled with esbuild (`bundle`, `minify`, `platform: node`, `format: esm`,',
    '`target: node22`); the last two columns are the bytes of the output that come from our two packages and',
    'from systeminformation (esbuild metafile).',
  ].join('\n'),
  tables: [
    {
      columns: ['Bundle', 'Size', 'gzip', 'Our packages', 'systeminformation'],
      align: [LEFT, RIGHT, RIGHT, RIGHT, RIGHT],
      rows: bundles.map((row) => [
        row.label,
        formatBytes(row.bytes),
        formatBytes(row.gzipBytes),
        formatBytes(row.oursBytes),
        formatBytes(row.systeminformationBytes),
      ]),
    },
  ],
})

const adviseSection = ({ advise = [] }: BenchResults): Section => ({
  title: '6. advise over log lines',
  intro: [
    '`utilization-metrics advise --json` (the bin, in a process of its own) fed log lines on stdin as',
    "`aws logs tail` would pipe them: per invocation START, a Logger line, the user's EMF record, ours, END",
    "and REPORT, for three functions. Peak memory is the process's VmHWM: the same for ten times the input.",
  ].join('\n'),
  tables: [
    {
      columns: ['Input', 'Lines', 'Records', 'Time', 'Throughput', 'Peak memory'],
      align: [LEFT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT],
      rows: advise.map((row) => [
        row.label,
        row.lines.toLocaleString('en-US'),
        row.records.toLocaleString('en-US'),
        `${row.seconds.toFixed(1)} s`,
        `${formatBytes(row.bytes / row.seconds)}/s`,
        formatBytes(row.peakRssBytes),
      ]),
    },
  ],
})

export const buildSections = (results: BenchResults, budgets: readonly BudgetOutcome[]): Section[] => [
  machineSection(results),
  budgetSection(budgets),
  invocationSection(results),
  sampleSection(results),
  coldStartSection(results),
  memorySection(results),
  bundleSection(results),
  adviseSection(results),
]

export const renderTerminal = (sections: readonly Section[]): string =>
  sections
    .map((section) => [`## ${section.title}`, ...section.tables.map(renderTable)].join('\n\n'))
    .join('\n\n')

export const renderMarkdown = (sections: readonly Section[]): string =>
  [
    '# Benchmarks',
    'Written by `pnpm bench` (packages/bench); run it again to refresh this page rather than editing it.',
    'Figures are from one run on the machine below: compare rows within a run, not across machines.',
    ...sections.map((section) =>
      [
        `## ${section.title}`,
        ...(section.intro ? [section.intro] : []),
        ...section.tables.map(renderTable),
      ].join('\n\n'),
    ),
  ].join('\n\n')
