import { readFileSync } from 'node:fs'
import middy from '@middy/core'
import { METRIC_GROUPS } from '@utilization-metrics/collector'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { utilizationMetrics } from '../src/index.js'
import { OPTION_KEYS } from '../src/validate.js'
import { captureStdout, type EmfRecord, expectEmfShape, expectValidEmf, lambdaContext } from './emf.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

describe('the package README', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('shows a record with the same shape as one the middleware writes today', async () => {
    // Prepare
    const documented = JSON.parse(/```json\n([\s\S]*?)```/.exec(readme)?.[1] ?? '') as EmfRecord
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'shop')
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'orders')
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'orders-handler')
    vi.stubEnv('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', '1024')
    const handler = middy(async () => 'ok').use(utilizationMetrics({ BuildId: '1.4.2' }))
    const stdout = captureStdout()

    // Act: the README shows a warm invocation's record, the second one
    await handler({}, lambdaContext())
    await handler({}, lambdaContext())
    stdout.restore()

    // Assess
    const [, live] = stdout.records()
    expectEmfShape(documented)
    expectValidEmf(live as EmfRecord)
    expect(Object.keys(documented).sort()).toEqual(Object.keys(live ?? {}).sort())
    expect(documented._aws.CloudWatchMetrics[0]?.Dimensions).toEqual(
      live?._aws.CloudWatchMetrics[0]?.Dimensions,
    )
    expect(documented._aws.CloudWatchMetrics[0]?.Metrics).toEqual(live?._aws.CloudWatchMetrics[0]?.Metrics)
  })

  it('documents every option and every group', () => {
    const optionsTable = readme.slice(readme.indexOf('## Options'), readme.indexOf('## A real record'))
    const documentedOptions = [...optionsTable.matchAll(/^\| `(\w+)`\s*\|/gm)].map((match) => match[1])

    expect(documentedOptions).toEqual([...OPTION_KEYS])
    for (const group of METRIC_GROUPS) expect(optionsTable).toContain(group)
  })
})
