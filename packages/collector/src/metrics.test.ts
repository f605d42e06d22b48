import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { MIN_CPU_WINDOW_MS } from './figures.js'
import * as api from './index.js'
import { DEFAULT_GROUPS, isMetricGroup, METRIC_GROUPS, METRICS } from './metrics.js'

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

/** The rows of the README's "## Figures" table: name, unit and group, as a reader of the docs sees them. */
const readmeFigures = (): { name: string; unit: string; group: string }[] => {
  const section = README.split(/^## /m).find((part) => part.startsWith('Figures\n')) ?? ''
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [name = '', unit = '', group = ''] = line
        .split('|')
        .slice(1, 4)
        .map((cell) => cell.trim().replaceAll('`', ''))
      return { name, unit, group }
    })
}

describe('the README', () => {
  it('lists exactly the figures of METRICS, in order, with their units and groups', () => {
    expect(readmeFigures()).toEqual(METRICS.map(({ name, unit, group }) => ({ name, unit, group })))
  })

  it('documents every value the package exports', () => {
    const undocumented = Object.keys(api).filter((name) => !README.includes(`\`${name}`))

    expect(undocumented).toEqual([])
  })

  it('states the CPUPercent short-interval rule with the current minimum window', () => {
    expect(MIN_CPU_WINDOW_MS).toBe(1000)
    expect(README).toContain('### `CPUPercent` for short invocations')
    expect(README.replace(/\s+/g, ' ')).toContain(
      'at least `MIN_CPU_WINDOW_MS`, 1,000 ms of CPU time summed over all CPUs',
    )
  })
})

describe('METRICS', () => {
  it('names every figure once', () => {
    const names = METRICS.map((metric) => metric.name)

    expect(new Set(names).size).toBe(names.length)
  })

  it('puts every figure in a known group, and every group has a figure', () => {
    expect(new Set(METRICS.map((metric) => metric.group))).toEqual(new Set(METRIC_GROUPS))
  })

  it('has thirteen figures in DEFAULT_GROUPS', () => {
    expect(METRICS.filter((metric) => DEFAULT_GROUPS.includes(metric.group))).toHaveLength(13)
  })

  it.each([
    { value: 'cpu', known: true },
    { value: 'diskBytes', known: true },
    { value: 'gpu', known: false },
    { value: 'CPU', known: false },
    { value: undefined, known: false },
    { value: 1, known: false },
  ])('isMetricGroup($value) is $known', ({ value, known }) => {
    expect(isMetricGroup(value)).toBe(known)
  })
})
