import { defineProject } from 'vitest/config'

/**
 * Tests that time handlers under a CPU quota: they run in the load-sensitive `accuracy` project, one file
 * at a time after everything else (see vitest.workspace.ts), so other tests' load cannot slow them.
 */
export const LOAD_SENSITIVE = ['src/accuracy/**/*.test.ts']

export default defineProject({
  test: {
    name: 'acceptance',
    include: ['src/**/*.test.ts'],
    exclude: LOAD_SENSITIVE,
    // Each file starts AWS's runtime client in a child process and runs tens of invocations through it.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
