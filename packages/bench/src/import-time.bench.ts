import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { runModuleSource, runScript } from './child.ts'
import { median } from './format.ts'
import type { BundleRow, ImportTimeRow, LoadedModulesProbe } from './results.ts'

/** Cold start: how long importing each set of modules takes in a fresh Node process. */

const PROCESSES_PER_TARGET = 20

interface Target {
  readonly id: string
  readonly label: string
  readonly referenceId?: string
  /** Imported first, outside the timing. */
  readonly preload?: readonly string[]
  readonly specifiers: readonly string[]
}

const BASELINE = [
  '@middy/core',
  '@aws-lambda-powertools/metrics',
  '@aws-lambda-powertools/metrics/middleware',
]

const PACKAGE_TARGETS: readonly Target[] = [
  { id: 'baseline', label: '@middy/core + Powertools Metrics (+ its middleware)', specifiers: BASELINE },
  {
    id: 'withOurs',
    label: 'the same + @utilization-metrics/middy',
    referenceId: 'baseline',
    specifiers: [...BASELINE, '@utilization-metrics/middy'],
  },
  { id: 'oursAlone', label: '@utilization-metrics/middy alone', specifiers: ['@utilization-metrics/middy'] },
  // What ours adds, measured in one process: the difference of two medians above carries the spread of
  // two sets of process start-ups (tens of ms apart on a shared machine), this one only ours.
  {
    id: 'oursAfterBaseline',
    label: '@utilization-metrics/middy, imported after the first row (timed on its own)',
    preload: BASELINE,
    specifiers: ['@utilization-metrics/middy'],
  },
]

/**
 * The floor of any import: one module file of one line, timed like the row above it. What ours costs
 * above this is V8 parsing its code (about 60 kB).
 */
const floorTarget = (): Target => {
  const file = join(mkdtempSync(join(tmpdir(), 'um-import-floor-')), 'one-line.mjs')
  writeFileSync(file, 'export const utilizationMetrics = () => undefined\n')
  return {
    id: 'floorAfterBaseline',
    label: 'a module file of one line, imported after the first row (timed on its own): the floor',
    preload: BASELINE,
    specifiers: [pathToFileURL(file).href],
  }
}

/**
 * Importing a bundled example handler also runs its top level: the Metrics instances and the middleware
 * are constructed, as in a Lambda init phase.
 */
const bundleTargets = (bundles: readonly BundleRow[]): Target[] =>
  bundles.map((bundle, index) => ({
    id: `bundle:${bundle.id}`,
    label: `bundled handler: ${bundle.label}`,
    ...(index === 0 ? {} : { referenceId: `bundle:${bundles[0]?.id}` }),
    specifiers: [pathToFileURL(bundle.file).href],
  }))

/** Times the imports inside the fresh process, so process start-up itself is left out. */
const importSource = (specifiers: readonly string[], preload: readonly string[] = []) => `
await Promise.all(${JSON.stringify(preload)}.map((specifier) => import(specifier)))
const started = performance.now()
await Promise.all(${JSON.stringify(specifiers)}.map((specifier) => import(specifier)))
const elapsedMs = performance.now() - started
process.send(elapsedMs, () => process.exit(0))
`

export const measureImportTimes = async (bundles: readonly BundleRow[]): Promise<ImportTimeRow[]> => {
  const targets = [...PACKAGE_TARGETS, floorTarget(), ...bundleTargets(bundles)]
  const timings = new Map<string, number[]>(targets.map((target) => [target.id, []]))
  // Round-robin, so a slow spell of the machine hits every target alike.
  for (let round = 0; round < PROCESSES_PER_TARGET; round++) {
    for (const target of targets) {
      timings
        .get(target.id)
        ?.push(await runModuleSource<number>(importSource(target.specifiers, target.preload)))
    }
  }
  return targets.map((target) => {
    const values = timings.get(target.id) ?? []
    return {
      id: target.id,
      label: target.label,
      ...(target.referenceId === undefined ? {} : { referenceId: target.referenceId }),
      medianMs: median(values),
      minMs: Math.min(...values),
      maxMs: Math.max(...values),
      processes: values.length,
    }
  })
}

export const probeLoadedModules = async (): Promise<LoadedModulesProbe[]> => [
  await runScript<LoadedModulesProbe>('./loaded-modules.probe.ts', ['ours']),
  await runScript<LoadedModulesProbe>('./loaded-modules.probe.ts', ['control']),
]
