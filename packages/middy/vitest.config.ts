import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'middy',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
})
