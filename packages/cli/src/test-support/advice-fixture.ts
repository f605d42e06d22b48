import { readFileSync } from 'node:fs'
import { advise } from '../advise/advisor.js'
import type { AdviceReport } from '../advise/types.js'

/** The lines of a fixture log in src/fixtures. */
export const fixtureLines = (name: string): string[] =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8').split('\n')

/** What `advise` makes of a fixture log: EMF records, REPORT lines and other lines mixed. */
export const adviceOf = (name = 'advise-mixed.txt'): AdviceReport => advise(fixtureLines(name))
