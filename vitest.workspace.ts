import { defineConfig } from 'vitest/config'
import { LOAD_SENSITIVE as ACCEPTANCE_LOAD_SENSITIVE } from './packages/acceptance/vitest.config.js'
import { LOAD_SENSITIVE as COLLECTOR_LOAD_SENSITIVE } from './packages/collector/vitest.config.js'

// Vitest 4+ dropped the separate workspace-file format; this file keeps its historical name and is
// passed with `--config`. Each package folder is one project, configured by its own vitest.config.ts;
// the load-sensitive files of every package form the `accuracy` project, run last and one at a time.
export default defineConfig({
  test: {
    projects: [
      'packages/*',
      {
        test: {
          name: 'accuracy',
          include: [
            ...COLLECTOR_LOAD_SENSITIVE.map((pattern) => `packages/collector/${pattern}`),
            ...ACCEPTANCE_LOAD_SENSITIVE.map((pattern) => `packages/acceptance/${pattern}`),
          ],
          testTimeout: 60_000,
        },
      },
    ],
  },
})
