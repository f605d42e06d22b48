import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { emfRecordsIn } from '@utilization-metrics/test-support'
import { type BuildOptions, build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { packageRoot, repoRoot } from './doc-samples.js'

const run = promisify(execFile)
const page = readFileSync(join(repoRoot, 'docs', 'deploy.md'), 'utf8')
const runner = fileURLToPath(new URL('./run-sample.mjs', import.meta.url))
const blocks = (language: string) =>
  [...page.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((m) => m[1] ?? '')
const handlerSource = blocks('ts').find((code) => /^export const handler\b/m.test(code)) ?? ''
const [cdkEsmStack = '', cdkCjsStack = ''] = blocks('ts').filter((code) => code.includes('NodejsFunction'))
const samTemplate = parse(blocks('yaml')[0] ?? '') as {
  Resources: { OrdersFunction: { Metadata: { BuildProperties: Record<string, unknown> } } }
}
const quoted = (code: string, key: string) => new RegExp(`${key}: (["'])(.*?)\\1,?$`, 'm').exec(code)?.[2]

// What `NodejsFunction` passes to esbuild (aws-cdk-lib/aws-lambda-nodejs bundling.js): --bundle,
// --platform=node, --target, --format, --outfile index.mjs or index.js, --external:@aws-sdk/*, and the
// bundling options the stack sets (mainFields, banner).
const cdkOptions = (stack: string): BuildOptions => {
  const esm = stack.includes('OutputFormat.ESM')
  const banner = quoted(stack, 'banner')
  return {
    bundle: true,
    platform: 'node',
    target: quoted(stack, 'target') ?? 'node22',
    format: esm ? 'esm' : 'cjs',
    outfile: esm ? 'index.mjs' : 'index.js',
    external: ['@aws-sdk/*'],
    ...(stack.includes("mainFields: ['module', 'main']") ? { mainFields: ['module', 'main'] } : {}),
    ...(banner === undefined ? {} : { banner: { js: banner } }),
  }
}

// What `sam build` passes to esbuild for BuildMethod esbuild: the BuildProperties, by their esbuild names.
const samOptions = (): BuildOptions => {
  const properties = samTemplate.Resources.OrdersFunction.Metadata.BuildProperties
  const [banner] = (properties.Banner as string[]).map((entry) => entry.replace(/^js=/, ''))
  const [extension] = (properties.OutExtension as string[]).map((entry) => entry.split('=')[1])
  return {
    bundle: true,
    platform: 'node',
    target: properties.Target as string,
    format: properties.Format as 'esm',
    outfile: `handler${extension}`,
    ...(banner === undefined ? {} : { banner: { js: banner } }),
  }
}

describe('docs/deploy.md, bundled as each tool bundles it', () => {
  // The handler lives in the package (so it resolves the packages as a user's project would); the bundles
  // go outside the repository, so they run with no node_modules beside them, as on Lambda.
  const sourceDir = join(packageRoot, '.deploy-check')
  const entry = join(sourceDir, 'handler.ts')
  let outputRoot = ''

  beforeAll(() => {
    mkdirSync(sourceDir, { recursive: true })
    writeFileSync(entry, handlerSource)
    outputRoot = mkdtempSync(join(tmpdir(), 'utilization-metrics-deploy-'))
  })

  afterAll(() => {
    rmSync(sourceDir, { recursive: true, force: true })
    rmSync(outputRoot, { recursive: true, force: true })
  })

  it('has a handler, two NodejsFunction stacks and a SAM template to check', () => {
    expect(handlerSource).toContain('utilizationMetrics(')
    expect(cdkEsmStack).toContain('OutputFormat.ESM')
    expect(cdkCjsStack).toContain('OutputFormat.CJS')
    expect(samTemplate.Resources.OrdersFunction.Metadata.BuildProperties.Format).toBe('esm')
  })

  it.each([
    ['AWS CDK NodejsFunction, ESM output', () => cdkOptions(cdkEsmStack)],
    ['AWS CDK NodejsFunction, CommonJS output', () => cdkOptions(cdkCjsStack)],
    ['AWS SAM, esbuild build method', samOptions],
  ])(
    '%s: the bundle writes its host records to the handler namespace and service',
    async (name, options) => {
      // Prepare
      const outDir = join(outputRoot, name.replaceAll(/\W+/g, '-'))
      const { outfile, ...rest } = options()
      mkdirSync(outDir, { recursive: true })
      // A Lambda asset has no package.json: its .js files are CommonJS, as here.
      writeFileSync(join(outDir, 'package.json'), '{"type":"commonjs"}')
      const result = await build({
        ...rest,
        entryPoints: [entry],
        outfile: join(outDir, outfile ?? 'index.js'),
        logLevel: 'silent',
      })

      // Act
      const { stdout, stderr } = await run(process.execPath, [runner, join(outDir, outfile ?? '')], {
        cwd: outDir,
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
      })

      // Assess
      const records = emfRecordsIn(stdout)
      const host = records.filter((record) => 'utilization_window_ms' in record)
      const own = records.filter((record) => !('utilization_window_ms' in record))
      expect(result.errors).toEqual([])
      expect(stderr).toBe('')
      expect(host).toHaveLength(2)
      expect(own).toHaveLength(2)
      for (const record of [...host, ...own]) {
        expect(record._aws.CloudWatchMetrics[0]?.Namespace).toBe('shop')
        expect(record.service).toBe('orders')
      }
    },
    60_000,
  )
})
