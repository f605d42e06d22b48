import { defineProject } from 'vitest/config'

/**
 * Tests that compare machine-wide figures (CPU, memory) between a busy and a quiet interval. They run in a
 * project of their own, one file at a time, after everything else (see the root `test` script), so the
 * other test files' load cannot make a quiet interval look busy.
 */
export const LOAD_SENSITIVE = ['test/accuracy/**/*.test.ts', 'src/collector.host.test.ts']

export default defineProject({
  test: {
    name: 'collector',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: LOAD_SENSITIVE,
    // Type tests of the public API (*.test-d.ts): checked by tsc inside `pnpm test`, never executed.
    // Type errors elsewhere are `pnpm typecheck`'s to report.
    typecheck: {
      enabled: true,
      include: ['src/**/*.test-d.ts'],
      tsconfig: './tsconfig.test.json',
      ignoreSourceErrors: true,
    },
  },
})
