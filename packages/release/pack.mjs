// Shared by check-packages.mjs and consumer-test.mjs: find the public packages and pack them the way
// `pnpm publish` does (prepack, workspace: ranges replaced by versions).
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Runs a command, returns its stdout, throws with its output when it fails. Output is captured, not
 * inherited, so a passing run stays quiet.
 */
export const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options })
  if (result.error) throw result.error
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${result.status ?? result.signal}\n${result.stdout}${result.stderr}`,
    )
  }
  return result.stdout
}

/** The workspace packages that are published: every packages/* without `"private": true`. */
export const publicPackages = () =>
  readdirSync(join(repoRoot, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(repoRoot, 'packages', entry.name)
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
      return { dir, folder: entry.name, manifest }
    })
    .filter(({ manifest }) => manifest.private !== true)

/** Packs each public package into `destination`; returns the packages with their tarball paths. */
export const packPublicPackages = (destination) =>
  publicPackages().map((pkg) => {
    const stdout = run('pnpm', ['pack', '--json', '--pack-destination', destination], { cwd: pkg.dir })
    // The prepack's own output may come first; pnpm's JSON report is the last thing printed.
    const report = JSON.parse(stdout.slice(stdout.lastIndexOf('\n{') + 1))
    return { ...pkg, tarball: report.filename }
  })

/** Every path in a tarball, without npm's `package/` prefix. */
export const tarballFiles = (tarball) =>
  run('tar', ['-tzf', tarball])
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/^package\//, ''))

/** The package.json as packed, after pnpm replaced `workspace:` ranges. */
export const packedManifest = (tarball) => JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json']))
