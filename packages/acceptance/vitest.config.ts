import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'acceptance',
    include: ['src/**/*.test.ts'],
    // Each file starts AWS's runtime client in a child process and runs tens of invocations through it.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
