import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'
import type { BundleRow } from './results.ts'

/**
 * Bundle size of an example handler, as a Lambda deployment would bundle it. The bundles are written to
 * `directory` so the cold-start benchmark can time importing them too.
 */

const VARIANTS = [
  {
    id: 'without',
    label: 'Middy + Powertools Metrics (logMetrics)',
    entry: 'without-utilization.ts',
    external: [],
  },
  { id: 'with', label: 'the same + utilizationMetrics()', entry: 'with-utilization.ts', external: [] },
  {
    id: 'withSiExternal',
    label: "the same + utilizationMetrics(), external: ['systeminformation']",
    entry: 'with-utilization.ts',
    external: ['systeminformation'],
  },
] as const

const isOurs = (path: string) => !path.includes('node_modules') && /(collector|middy)\/dist\//.test(path)
const isSysteminformation = (path: string) => path.includes('node_modules/systeminformation/')

const bytesFrom = (metafile: Metafile, belongs: (path: string) => boolean): number => {
  let bytes = 0
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) if (belongs(path)) bytes += input.bytesInOutput
  }
  return bytes
}

export const measureBundles = async (directory: string): Promise<BundleRow[]> => {
  const rows: BundleRow[] = []
  for (const variant of VARIANTS) {
    const result = await build({
      absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
      entryPoints: [`src/examples/${variant.entry}`],
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      external: [...variant.external],
      write: false,
      metafile: true,
      logLevel: 'silent',
    })
    const [output, ...others] = result.outputFiles
    if (!output || others.length > 0) throw new Error(`expected one output file for ${variant.entry}`)
    const file = join(directory, `${variant.id}.mjs`)
    writeFileSync(file, output.contents)
    rows.push({
      id: variant.id,
      label: variant.label,
      file,
      bytes: output.contents.byteLength,
      gzipBytes: gzipSync(output.contents).byteLength,
      oursBytes: bytesFrom(result.metafile, isOurs),
      systeminformationBytes: bytesFrom(result.metafile, isSysteminformation),
    })
  }
  return rows
}
