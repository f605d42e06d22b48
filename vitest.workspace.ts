import { defineConfig } from 'vitest/config'
import { LOAD_SENSITIVE } from './packages/collector/vitest.config.js'

// Vitest 4+ dropped the separate workspace-file format; this file keeps its historical name and is
// passed with `--config`. Each package folder is one project, configured by its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: [
      'packages/*',
      {
        test: {
          name: 'accuracy',
          root: './packages/collector',
          include: LOAD_SENSITIVE,
          testTimeout: 60_000,
        },
      },
    ],
  },
})
