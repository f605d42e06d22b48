import { readFileSync } from 'node:fs'
import middy from '@middy/core'
import { DEFAULT_GROUPS, METRIC_GROUPS } from '@utilization-metrics/collector'
import { captureOutput, lambdaContext } from '@utilization-metrics/test-support'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEMO_ENV } from '../examples/demo.js'
import { utilizationMetrics } from '../src/index.js'
import { OPTION_KEYS } from '../src/validate.js'

const docs = new URL('../../../docs/', import.meta.url)
const read = (name: string) => readFileSync(new URL(name, docs), 'utf8')

// The tables and counts generated from METRICS are checked by packages/collector/test/docs.test.ts.
describe('docs/metrics.md', () => {
  it('names the default groups and every group', () => {
    const text = read('metrics.md')

    for (const group of METRIC_GROUPS) expect(text).toContain(`\`${group}\``)
    expect(text).toContain(DEFAULT_GROUPS.map((group) => `\`${group}\``).join(', '))
  })
})

describe('docs/options.md', () => {
  it('documents every option the middleware accepts, in the order the code lists them, and no other', () => {
    const text = read('options.md')
    const table = text.slice(text.indexOf('| option'), text.indexOf('\n\n', text.indexOf('| option')))
    const documented = [...table.matchAll(/^\| `(\w+)` +\|/gm)].map((match) => match[1])

    expect(documented).toEqual([...OPTION_KEYS])
  })
})

describe('docs/cost.md', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it("gives the size of a real record with the demo's names, within 5 %", async () => {
    // Prepare
    const documented = Number(
      /Utilization record: about ([\d,]+) bytes/.exec(read('cost.md'))?.[1]?.replace(',', ''),
    )
    for (const [name, value] of Object.entries(DEMO_ENV)) vi.stubEnv(name, value)
    const handler = middy(async () => 'ok').use(utilizationMetrics({ BuildId: DEMO_ENV.BUILD_ID }))

    // Act
    const { lines } = await captureOutput(() =>
      handler({}, lambdaContext({ functionName: 'orders-demo', memoryLimitInMB: '1024' })),
    )

    // Assess
    const [record] = lines.filter((line) => line.includes('"_aws"'))
    expect(Math.abs(Buffer.byteLength(record ?? '') - documented) / documented).toBeLessThan(0.05)
  })
})
