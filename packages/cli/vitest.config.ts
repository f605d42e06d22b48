import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'cli',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Type tests of the public API (*.test-d.ts): checked by tsc inside `pnpm test`, never executed.
    typecheck: {
      enabled: true,
      include: ['src/**/*.test-d.ts'],
      tsconfig: './tsconfig.test.json',
      ignoreSourceErrors: true,
    },
  },
})
