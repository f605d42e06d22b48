// The JavaScript half of `pnpm build`: tsc -b emits only declarations, and esbuild bundles each public
// entry point into one file. Node's ESM loader costs about 0.2 ms per module file, so the 20-odd source
// files of the packages added over 4 ms to a cold start; one file per entry point adds about 1 ms.
// Dependencies stay external: Powertools, Middy and systeminformation are resolved from node_modules as
// usual. The middleware's file also carries the collector it is built on, compiled from the collector's
// source: importing one file instead of two (and resolving no package for the second) took 0.4 to 0.8 ms
// off the middleware's import. Its declarations still import the collector's types, so it stays a
// dependency; a handler that imports both packages loads the collector's code twice (about 1 ms more).

// Whitespace and syntax are minified, names are not: V8 compiles the middleware and collector files
// (about 75 kB) at every cold start, and the minified 58 kB import 0.15 ms faster (pnpm bench's import
// row; measured in fresh processes). Function names stay, for Middy's hook names and for stack traces;
// renaming them too would save another 0.15 ms. The source maps point back to src.

import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { functionLiterals } from './function-literals.mjs'

const ENTRY_POINTS = {
  collector: ['src/index.ts'],
  middy: ['src/index.ts'],
  // main is the command (run by the committed bin/utilization-metrics.mjs), index the library it is built on.
  cli: ['src/index.ts', 'src/main.ts'],
}

/** Bundles the package in `packageDirectory` (its folder name picks the entry points). */
export const bundle = async (packageDirectory) => {
  const name = packageDirectory.split('/').filter(Boolean).at(-1)
  const entryPoints = ENTRY_POINTS[name]
  if (!entryPoints) throw new Error(`bundle: no entry points known for ${packageDirectory}`)
  await build({
    absWorkingDir: packageDirectory,
    entryPoints,
    outdir: 'dist',
    outbase: 'src',
    bundle: true,
    ...(name === 'middy'
      ? {
          external: ['@aws-lambda-powertools/*', '@middy/*', 'systeminformation'],
          alias: {
            '@utilization-metrics/collector': fileURLToPath(
              new URL('../collector/src/index.ts', import.meta.url),
            ),
          },
        }
      : { packages: 'external' }),
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: true,
    // Arrow functions as function expressions: V8 pre-parses these, see function-literals.mjs.
    plugins: [functionLiterals],
    logLevel: 'warning',
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('../', import.meta.url))
  const packages = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(ENTRY_POINTS)
  for (const name of packages) await bundle(`${root}${name}`)
}
