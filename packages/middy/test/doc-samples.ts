import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
export const packageRoot = fileURLToPath(new URL('../', import.meta.url))

export interface Sample {
  /** The markdown file and the line its block starts on, for messages. */
  readonly where: string
  /** Where the sample is checked or run from: a file inside this package, so imports resolve as a user's. */
  readonly path: string
  readonly firstLine: number
  readonly code: string
}

/** The root README, the public packages' READMEs and every page of docs/. */
const markdownFiles = (): string[] => [
  join(repoRoot, 'README.md'),
  ...['middy', 'collector', 'cli']
    .map((name) => join(repoRoot, 'packages', name, 'README.md'))
    .filter((file) => existsSync(file)),
  ...readdirSync(join(repoRoot, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join(repoRoot, 'docs', name)),
]

/** Every ```ts block of those pages, each as its own module under `dir`. */
export const collectSamples = (dir: string): Sample[] =>
  markdownFiles().flatMap((file) => {
    const text = readFileSync(file, 'utf8')
    const name = relative(repoRoot, file)
    return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match, index) => {
      const firstLine = text.slice(0, match.index).split('\n').length + 1
      return {
        where: `${name}:${firstLine}`,
        path: join(dir, `${name.replaceAll(/[/\\.]/g, '_')}_${index}.ts`),
        firstLine,
        code: match[1] ?? '',
      }
    })
  })
