import { spawnSync } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The bin as package.json names it: a committed file that runs the built dist/main.js (`pnpm test` builds first).
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  bin: Record<string, string>
}
const bin = fileURLToPath(new URL(`../${packageJson.bin['utilization-metrics']}`, import.meta.url))
const fixture = fileURLToPath(new URL('./fixtures/aws-logs-tail.txt', import.meta.url))

describe('utilization-metrics (the built bin)', () => {
  it('starts with a shebang so npm and pnpm can link it as a command', () => {
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node')
  })

  it('is a source file, outside what the build writes, so a fresh install can link it before any build', () => {
    const ignored = readFileSync(new URL('../../../.gitignore', import.meta.url), 'utf8').split('\n')

    expect(packageJson.bin['utilization-metrics']).toMatch(/^\.\/bin\//)
    expect(ignored.filter((pattern) => /^\/?(packages\/cli\/)?bin\b/.test(pattern))).toEqual([])
    expect(statSync(bin).mode & 0o111).not.toBe(0)
  })

  it('summarizes stdin and sets the exit status', () => {
    // Act
    const result = spawnSync(process.execPath, [bin, 'summarize'], {
      input: readFileSync(fixture),
      encoding: 'utf8',
    })
    const usage = spawnSync(process.execPath, [bin, 'bogus'], { input: '', encoding: 'utf8' })

    // Assess
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('7 EMF records')
    expect(usage.status).toBe(2)
    expect(usage.stderr).toContain("unknown command 'bogus'")
  })
})
