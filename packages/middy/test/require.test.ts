import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const commonJsUser = fileURLToPath(new URL('./fixtures/require-both.cjs', import.meta.url))

describe('a CommonJS user', () => {
  // `pnpm test` runs on Node.js 22 and again on 24 in CI, so this covers both.
  it(`loads both packages with require() on Node.js ${process.versions.node}, with no warning`, async () => {
    // Act
    const { stdout, stderr } = await run(process.execPath, [commonJsUser], {
      cwd: fileURLToPath(new URL('../', import.meta.url)),
    })

    // Assess
    expect(JSON.parse(stdout)).toEqual({
      createCollector: 'function',
      measure: 'function',
      hooks: ['after', 'before', 'onError'],
    })
    expect(stderr).toBe('')
  })
})
