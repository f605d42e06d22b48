import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'
import { collectSamples, packageRoot, repoRoot, type Sample } from './doc-samples.js'

// Virtual files inside the package, so `@utilization-metrics/middy` resolves to the package itself (through
// its "exports", to the built dist) and its devDependencies (Middy, Powertools) resolve as a user's would.
const sampleDir = join(packageRoot, '.docs-samples')

const exampleFiles = readdirSync(join(packageRoot, 'examples'))
  .filter((name) => name.endsWith('.ts'))
  .map((name) => join(packageRoot, 'examples', name))

const compilerOptions = (): ts.CompilerOptions => {
  const configPath = join(repoRoot, 'tsconfig.base.json')
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile)
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, repoRoot, undefined, configPath)
  return {
    ...options,
    noEmit: true,
    composite: false,
    incremental: false,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    moduleDetection: ts.ModuleDetectionKind.Force,
  }
}

/** Type-checks the samples (as virtual files) and the example files in one program. */
const typeCheck = (samples: readonly Sample[]): Map<string, string[]> => {
  const options = compilerOptions()
  const virtual = new Map(samples.map((sample) => [sample.path, sample.code]))
  const host = ts.createCompilerHost(options)
  const { fileExists, readFile, getSourceFile } = host
  host.fileExists = (path) => virtual.has(path) || fileExists.call(host, path)
  host.readFile = (path) => virtual.get(path) ?? readFile.call(host, path)
  host.getSourceFile = (path, language, onError, create) => {
    const code = virtual.get(path)
    return code === undefined
      ? getSourceFile.call(host, path, language, onError, create)
      : ts.createSourceFile(path, code, language, true)
  }
  const program = ts.createProgram({ rootNames: [...virtual.keys(), ...exampleFiles], options, host })
  const problems = new Map<string, string[]>()
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName ?? '(program)'
    const line =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line
        : 0
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    problems.set(file, [...(problems.get(file) ?? []), `line ${line + 1} of the block: ${message}`])
  }
  return problems
}

describe('code samples in the docs', () => {
  const samples = collectSamples(sampleDir)
  let problems = new Map<string, string[]>()

  beforeAll(() => {
    problems = typeCheck(samples)
  }, 60_000)

  it('finds the samples of the pages that have them', () => {
    const pages = new Set(samples.map((sample) => sample.where.split(':')[0]))

    for (const page of ['README.md', 'docs/getting-started.md', 'docs/options.md', 'docs/powertools.md']) {
      expect(pages).toContain(page)
    }
  })

  it.each(samples.map((sample) => [sample.where, sample] as const))('%s type-checks', (_where, sample) => {
    expect(problems.get(sample.path) ?? []).toEqual([])
  })

  it.each(exampleFiles.map((file) => [relative(repoRoot, file), file] as const))(
    '%s type-checks',
    (_name, file) => {
      expect(problems.get(file) ?? []).toEqual([])
    },
  )

  it('reports nothing outside the samples and examples', () => {
    const known = new Set([...samples.map((sample) => sample.path), ...exampleFiles])

    expect([...problems.entries()].filter(([file]) => !known.has(file))).toEqual([])
  })
})
