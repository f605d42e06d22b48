import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'emf-spec',
    include: ['src/**/*.test.ts'],
  },
})
