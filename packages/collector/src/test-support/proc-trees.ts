import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { onTestFinished } from 'vitest'
import { createCollectorOnClock } from '../collector.js'
import { measure } from '../measure.js'
import { METRICS, type MetricName } from '../metrics.js'
import type { Collector, CollectorOptions, ReadProblem, Sample, Utilization } from '../types.js'
import { TestClock } from './test-clock.js'

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/', import.meta.url))

/** A directory under test/fixtures, e.g. `proc-linux`. */
export const fixture = (name: string): string => join(FIXTURES, name)

/** A fresh temporary directory in `parent`, removed when the current test finishes. */
export const temporaryDirectory = (parent = tmpdir()): string => {
  const directory = mkdtempSync(join(parent, 'collector-test-'))
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }))
  return directory
}

/** A writable copy of a fixture /proc tree, so a test can change files between samples. */
export const copyOfTree = (name: string): string => {
  const root = join(temporaryDirectory(), 'proc')
  cpSync(fixture(name), root, { recursive: true })
  return root
}

/** Copies the files of fixture `name` over `root`, in place, as the kernel rewrites /proc between reads. */
export const overlayTree = (root: string, name: string): void => {
  cpSync(fixture(name), root, { recursive: true, force: true })
}

export interface Interval {
  readonly before: Sample
  readonly after: Sample
  readonly figures: Utilization
  readonly problems: readonly ReadProblem[]
}

/**
 * The interval between the two samples of {@link measureTree} on the collector's clock: as long as the
 * proc-lambda-after-2s invocation, and past every limit under which the collector reuses a reading, so the
 * second sample reads every file that `between` rewrote.
 */
export const TREE_INTERVAL_MS = 2_000

/**
 * Samples a procfs collector over `procRoot` twice, running `between` in the middle while its clock (a
 * {@link TestClock}) moves {@link TREE_INTERVAL_MS}, and measures the interval as the middleware does.
 * Read problems are collected rather than thrown.
 */
export const measureTree = async (
  procRoot: string,
  options: Omit<CollectorOptions, 'procRoot' | 'source' | 'onReadProblem'> = {},
  between: () => void = () => {},
): Promise<Interval> => {
  const problems: ReadProblem[] = []
  const clock = new TestClock()
  const collector = createCollectorOnClock(
    {
      diskPath: tmpdir(),
      ...options,
      procRoot,
      source: 'procfs',
      onReadProblem: (problem) => problems.push(problem),
    },
    clock.read,
  )
  onTestFinished(() => collector.close())
  const elapse = () => {
    clock.advance(TREE_INTERVAL_MS)
    between()
  }
  return measureInterval(collector, elapse, problems)
}

/** Two samples of `collector` around `between`, and the figures for that interval. */
export const measureInterval = async (
  collector: Collector,
  between: () => unknown = () => {},
  problems: readonly ReadProblem[] = [],
): Promise<Interval> => {
  const before = await collector.sample()
  await between()
  const after = await collector.sample()
  return { before, after, figures: measure(before, after), problems }
}

/**
 * The 1 s (2,000 ms of CPU time) invocation of proc-lambda-after-2s on a copy of proc-lambda: a tree whose
 * counters move between the samples, so every counter, the CPU ones included, has a figure.
 */
export const measureLambdaInvocation = (
  options: Omit<CollectorOptions, 'procRoot' | 'source' | 'onReadProblem'> = {},
): Promise<Interval> => {
  const root = copyOfTree('proc-lambda')
  return measureTree(root, options, () => overlayTree(root, 'proc-lambda-after-2s'))
}

/** Metric names of `groups`, in METRICS order. */
export const namesOfGroups = (groups: Iterable<string>): MetricName[] => {
  const wanted = new Set(groups)
  return METRICS.filter((metric) => wanted.has(metric.group)).map((metric) => metric.name)
}

/** The figures of `figures` named in `names`, for comparing a subset exactly. */
export const pick = (figures: Utilization, names: readonly MetricName[]): Utilization =>
  Object.fromEntries(names.filter((name) => name in figures).map((name) => [name, figures[name]]))

/**
 * A writable copy of a fixture file system under test/fixtures (say `cpu-sources/v1-quota`, which holds
 * `proc/` and `sys/`), and its /proc root for `procRoot`.
 */
export const copyOfRoot = (name: string): { readonly root: string; readonly procRoot: string } => {
  const root = join(temporaryDirectory(), 'root')
  cpSync(fixture(name), root, { recursive: true })
  return { root, procRoot: join(root, 'proc') }
}
