import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { evaluateBudgets } from './budgets.ts'
import { measureBundles } from './bundle.bench.ts'
import { runScript } from './child.ts'
import { measureImportTimes, probeLoadedModules } from './import-time.bench.ts'
import { describeMachine } from './machine.ts'
import { buildSections, renderMarkdown, renderTerminal } from './report.ts'
import type { AdviseRow, BenchResults, InvocationRow, LatencyRow, MemoryRow } from './results.ts'

/**
 * `pnpm bench`: runs every benchmark (each in child processes of its own, one after another, so they do not
 * compete for the two cores), prints the tables and rewrites docs/benchmarks.md. Expects `pnpm build` first.
 */

const REPORT = new URL('../../../docs/benchmarks.md', import.meta.url)

const machine = describeMachine()
const started = performance.now()
const step = (message: string) => process.stderr.write(`pnpm bench: ${message}\n`)

step('1/6 time per invocation (about 25 s)')
const invocations = await runScript<InvocationRow[]>('./invocation.bench.ts')
step('2/6 one sample() (about 10 s)')
const samples = await runScript<LatencyRow[]>('./sample.bench.ts')
step('3/6 bundle size')
const bundleDirectory = mkdtempSync(join(tmpdir(), 'utilization-metrics-bench-'))
const bundles = await measureBundles(bundleDirectory)
step('4/6 cold start (about 15 s)')
const importTimes = await measureImportTimes(bundles)
const probes = await probeLoadedModules()
rmSync(bundleDirectory, { recursive: true, force: true })
step('5/6 memory (about 15 s)')
const memory: MemoryRow[] = []
for (const id of ['logMetrics', 'defaultGroups']) {
  memory.push(await runScript<MemoryRow>('./memory.bench.ts', [id], ['--expose-gc']))
}

step('6/6 utilization-metrics advise over 100 MiB and 1 GiB of log lines (about 15 s)')
const advise: AdviseRow[] = []
for (const mebibytes of ['100', '1024'])
  advise.push(await runScript<AdviseRow>('./advise.bench.ts', [mebibytes]))

const results: BenchResults = {
  machine,
  invocations,
  samples,
  importTimes,
  probes,
  memory,
  bundles,
  advise,
  totalSeconds: (performance.now() - started) / 1000,
}
const sections = buildSections(results, evaluateBudgets(results, process.platform))
process.stdout.write(`\n${renderTerminal(sections)}\n`)
writeFileSync(REPORT, `${renderMarkdown(sections)}\n`)
step(`wrote ${REPORT.pathname}`)
