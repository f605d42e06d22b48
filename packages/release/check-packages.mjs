// pnpm check:packages: packs every public package as `pnpm publish` would and checks each tarball holds
// only what a user needs, carries the metadata the registry shows, and passes publint and
// Are the Types Wrong (ESM-only profile).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, posix } from 'node:path'
import { packedManifest, packPublicPackages, repoRoot, run, tarballFiles } from './pack.mjs'

// bin/*.mjs: the CLI's committed launcher, which must exist before any build (see packages/cli/bin).
const ALLOWED_FILES = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^dist\/.+\.(js|d\.ts)(\.map)?$/,
  /^bin\/[^/]+\.mjs$/,
]
const TEST_FILES = /\.(test|test-d|tst|bench)\.|(^|\/)(test-support|fixtures|test)\/|tsbuildinfo/
const REPOSITORY_URL = 'git+https://github.com/utilization-metrics/utilization-metrics.git'
const bin = (name) => join(repoRoot, 'node_modules', '.bin', name)

const contentProblems = (files) => [
  ...files
    .filter((file) => !ALLOWED_FILES.some((pattern) => pattern.test(file)) || TEST_FILES.test(file))
    .map((file) => `${file} should not be packed`),
  ...['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']
    .filter((file) => !files.includes(file))
    .map((file) => `${file} is missing`),
]

/** A source map must carry its sources or point only at packed files: users' debuggers follow it. */
const sourceMapProblems = (tarball, files) =>
  files
    .filter((file) => file.endsWith('.map'))
    .flatMap((file) => {
      const map = JSON.parse(run('tar', ['-xzOf', tarball, `package/${file}`]))
      const folder = file.split('/').slice(0, -1).join('/')
      return map.sources
        .filter((_source, index) => typeof map.sourcesContent?.[index] !== 'string')
        .filter((source) => !files.includes(posix.normalize(posix.join(folder, source))))
        .map((source) => `${file} points at ${source}, which is not packed`)
    })

const manifestProblems = (manifest, folder) => {
  const problems = []
  const expect = (ok, message) => {
    if (!ok) problems.push(message)
  }
  const repository = manifest.repository ?? {}
  expect(
    repository.type === 'git' &&
      repository.url === REPOSITORY_URL &&
      repository.directory === `packages/${folder}`,
    `repository should be { type: 'git', url: '${REPOSITORY_URL}', directory: 'packages/${folder}' }`,
  )
  expect(manifest.license === 'MIT', 'license should be MIT')
  expect(manifest.type === 'module', 'type should be module')
  expect(manifest.sideEffects === false, 'sideEffects should be false')
  expect(typeof manifest.engines?.node === 'string', 'engines.node should be set')
  expect(Array.isArray(manifest.keywords) && manifest.keywords.length > 0, 'keywords should be set')
  expect(Array.isArray(manifest.files) && manifest.files.length > 0, 'files should be set')
  expect(Object.keys(manifest.exports?.['.'] ?? {})[0] === 'types', "exports['.'] should list types first")
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      expect(!range.startsWith('workspace:'), `${field}.${name} is still ${range}`)
    }
  }
  return problems
}

const scratch = mkdtempSync(join(tmpdir(), 'utilization-metrics-pack-'))
let failed = false
try {
  for (const pkg of packPublicPackages(scratch)) {
    const files = tarballFiles(pkg.tarball)
    const problems = [
      ...contentProblems(files),
      ...sourceMapProblems(pkg.tarball, files),
      ...manifestProblems(packedManifest(pkg.tarball), pkg.folder),
    ]
    for (const [tool, args, verdict] of [
      ['publint', ['run', pkg.tarball, '--strict'], (output) => output.trim().split('\n').at(-1)],
      // ESM-only: the node10 and node16-from-CJS resolutions are not checked, as there is no CommonJS entry.
      // --no-definitely-typed keeps attw offline: the types ship inside the package.
      [
        'attw',
        [pkg.tarball, '--profile', 'esm-only', '--no-definitely-typed', '--no-color', '--no-emoji'],
        () => 'no problems (profile esm-only)',
      ],
    ]) {
      try {
        console.log(`${pkg.manifest.name}: ${tool}: ${verdict(run(bin(tool), args))}`)
      } catch (error) {
        problems.push(`${tool} failed:\n${error.message}`)
      }
    }
    if (problems.length > 0) {
      failed = true
      console.error(`${pkg.manifest.name}: FAILED\n  ${problems.join('\n  ')}`)
    } else {
      console.log(`${pkg.manifest.name}: ${files.length} files packed, all checks passed`)
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
if (failed) process.exitCode = 1
