// The `prepack` of every public package (run with the package folder as cwd by `pnpm pack` and
// `pnpm publish`): a clean build, so no stale output of a renamed or deleted source file reaches the
// tarball, then the root LICENSE, which npm packs only from the package's own folder.
import { execFileSync } from 'node:child_process'
import { copyFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { bundle } from './bundle.mjs'

rmSync('dist', { recursive: true, force: true })
// tsc -b trusts its build info over a missing dist/ and would emit nothing, so the build info goes too.
rmSync('.tsbuildinfo', { force: true })
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
execFileSync(process.execPath, [tsc, '-b'], { stdio: 'inherit' })
await bundle(process.cwd())
copyFileSync(new URL('../../LICENSE', import.meta.url), 'LICENSE')
