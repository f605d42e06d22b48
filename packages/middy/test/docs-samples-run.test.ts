import { execFile } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { emfRecordsIn } from '@utilization-metrics/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectSamples, packageRoot } from './doc-samples.js'

const run = promisify(execFile)
// Real files inside the package (so imports resolve as a user's would), run by Node's type stripping.
const sampleDir = join(packageRoot, '.docs-samples-run')
const runner = fileURLToPath(new URL('./run-sample.mjs', import.meta.url))
const handlerSamples = collectSamples(sampleDir).filter((sample) =>
  /^export const handler\b/m.test(sample.code),
)

// As copied into a fresh project: no POWERTOOLS_* or AWS_LAMBDA_* variables.
const bareEnvironment = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME })

describe('every docs sample that exports a handler, run as written', () => {
  beforeAll(() => {
    mkdirSync(sampleDir, { recursive: true })
    for (const sample of handlerSamples) writeFileSync(sample.path, sample.code)
  })

  afterAll(() => {
    rmSync(sampleDir, { recursive: true, force: true })
  })

  it('finds the headline samples', () => {
    const pages = handlerSamples.map((sample) => sample.where.split(':')[0])

    expect(pages).toEqual(expect.arrayContaining(['README.md', 'packages/middy/README.md']))
  })

  it.each(handlerSamples.map((sample) => [sample.where, sample] as const))(
    '%s puts its host records in its own namespace and service, with no warning',
    async (_where, sample) => {
      // Act
      const { stdout, stderr } = await run(process.execPath, [runner, sample.path], {
        cwd: packageRoot,
        env: bareEnvironment(),
      })

      // Assess
      const records = emfRecordsIn(stdout)
      const host = records.filter((record) => 'utilization_window_ms' in record)
      const own = records.filter((record) => !('utilization_window_ms' in record))
      expect(stderr).toBe('')
      expect(host).toHaveLength(2)
      for (const record of host) {
        const namespace = record._aws.CloudWatchMetrics[0]?.Namespace
        expect(namespace).not.toBe('default_namespace')
        expect(record.service).not.toBe('service_undefined')
        for (const user of own) {
          expect(namespace).toBe(user._aws.CloudWatchMetrics[0]?.Namespace)
          expect(record.service).toBe(user.service)
        }
      }
    },
    30_000,
  )
})
