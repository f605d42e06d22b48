// pnpm test:consumer: what a user installs from the registry works as in the workspace. Packs the public
// packages, installs the tarballs with plain npm in a scratch folder outside the workspace, next to the
// lowest and the newest Middy and Powertools Metrics the peer ranges claim, then compiles a handler with
// tsc (NodeNext, strict), bundles it with esbuild, runs both and looks for the host EMF record, and pipes
// the records through the installed `utilization-metrics summarize` and `advise`.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { packPublicPackages, repoRoot, run } from './pack.mjs'

const MIDDY = '@middy/core'
const POWERTOOLS_METRICS = '@aws-lambda-powertools/metrics'
// The bundler a user might pick; not a workspace dependency, so pinned here.
const ESBUILD_VERSION = '0.28.2'
const BUILD_ID = '1.4.2'

const rootManifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'))
const middyManifest = JSON.parse(readFileSync(join(repoRoot, 'packages/middy/package.json'), 'utf8'))

/** `^7.0.0` -> `7.0.0`: the lowest version a caret range accepts, the one to test. */
const floor = (name) => {
  const range = middyManifest.peerDependencies[name]
  const match = /^\^(\d+\.\d+\.\d+)$/.exec(range)
  if (!match) throw new Error(`peerDependencies.${name} is ${range}; the consumer test expects ^x.y.z`)
  return match[1]
}

// Lowest: the peer ranges' floors. Newest: what the workspace develops and tests against.
const matrix = [
  { label: 'lowest', middy: floor(MIDDY), metrics: floor(POWERTOOLS_METRICS) },
  {
    label: 'newest',
    middy: middyManifest.devDependencies[MIDDY],
    metrics: middyManifest.devDependencies[POWERTOOLS_METRICS],
  },
]

// The npm that sits beside this Node, else the first on PATH, run with this Node first on PATH so its
// `#!/usr/bin/env node` finds the same Node 22.
const nodeDir = dirname(process.execPath)
const env = { ...process.env, PATH: `${nodeDir}${delimiter}${process.env.PATH}`, NO_COLOR: '1' }
for (const name of ['POWERTOOLS_DEV', 'POWERTOOLS_METRICS_DISABLED', 'POWERTOOLS_METRICS_NAMESPACE']) {
  delete env[name]
}
const npm = (args, cwd) => run('npm', ['--no-audit', '--no-fund', '--loglevel=error', ...args], { cwd, env })

const tsconfig = {
  compilerOptions: {
    target: 'ES2023',
    lib: ['ES2023'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    // As `tsc --init` writes it: @middy/core 7.0's .d.ts imports an SDK a Middy user need not install.
    skipLibCheck: true,
    types: ['node'],
    outDir: 'out',
  },
  files: ['handler.ts'],
}

/** The EMF records a run printed: every stdout line that parses as an object with `_aws`. */
const emfRecords = (stdout) =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line))
    .filter((record) => record._aws !== undefined)

const metricNames = (record) =>
  record._aws.CloudWatchMetrics.flatMap((directive) => directive.Metrics.map((m) => m.Name))
const dimensionSets = (record) => record._aws.CloudWatchMetrics.flatMap((directive) => directive.Dimensions)

const checkRun = (label, stdout) => {
  const records = emfRecords(stdout)
  const host = records.filter((record) => metricNames(record).includes('CPUPercent'))
  if (host.length !== 1)
    throw new Error(`${label}: expected one host EMF record, got ${host.length}:\n${stdout}`)
  const [record] = host
  if (record.BuildId !== BUILD_ID || !dimensionSets(record).some((set) => set.includes('BuildId'))) {
    throw new Error(`${label}: the host record lacks the BuildId dimension:\n${JSON.stringify(record)}`)
  }
  if (
    typeof record.CPUPercent !== 'number' ||
    record._aws.CloudWatchMetrics[0].Namespace !== 'consumer-test'
  ) {
    throw new Error(`${label}: the host record has no CPUPercent figure or the wrong namespace`)
  }
  // The user's own metric goes out in its own record, through logMetrics, untouched by ours.
  const own = records.filter((candidate) => metricNames(candidate).includes('OrdersPlaced'))
  if (own.length !== 1 || metricNames(own[0]).includes('CPUPercent')) {
    throw new Error(`${label}: expected the handler's own record apart from the host record:\n${stdout}`)
  }
  return `${metricNames(record).length} host metrics, dimension sets ${JSON.stringify(dimensionSets(record))}`
}

/** The installed command, as npm linked it, reads the run's log lines back. */
const checkCli = (app, stdout) => {
  const table = run(join(app, 'node_modules/.bin/utilization-metrics'), ['summarize'], {
    cwd: app,
    env,
    input: stdout,
  })
  if (!/^ {2}CPUPercent +Percent +1 /m.test(table)) {
    throw new Error(`utilization-metrics summarize did not summarize the host record:\n${table}`)
  }
  const advice = JSON.parse(
    run(join(app, 'node_modules/.bin/utilization-metrics'), ['advise', '--json'], {
      cwd: app,
      env,
      input: stdout,
    }),
  )
  const [advised] = advice.functions
  if (advised?.functionName !== 'consumer-test' || advised.memoryMb !== 1024 || advised.invocations !== 1) {
    throw new Error(`utilization-metrics advise did not read the host record:\n${JSON.stringify(advice)}`)
  }
  return `utilization-metrics summarize and advise: ok, the host record read (advice: ${advised.recommendation.memoryMb} MB)`
}

const scratch = mkdtempSync(join(tmpdir(), 'utilization-metrics-consumer-'))
const started = performance.now()
let passed = false
try {
  const tarballDir = join(scratch, 'tarballs')
  mkdirSync(tarballDir)
  const tarballs = packPublicPackages(tarballDir).map((pkg) => pkg.tarball)
  const versions = JSON.parse(npm(['version', '--json'], scratch))
  if (versions.node !== process.versions.node) {
    throw new Error(`npm runs on Node ${versions.node}, not on this Node ${process.versions.node}`)
  }
  console.log(`consumer: npm ${versions.npm} on Node ${versions.node}, scratch folder ${scratch}`)

  for (const { label, middy, metrics } of matrix) {
    const app = join(scratch, label)
    mkdirSync(app)
    writeFileSync(
      join(app, 'package.json'),
      `${JSON.stringify({ name: `consumer-${label}`, private: true, type: 'module' }, null, 2)}\n`,
    )
    writeFileSync(join(app, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`)
    for (const file of ['handler.ts', 'invoke.mjs'])
      copyFileSync(new URL(`consumer/${file}`, import.meta.url), join(app, file))

    // One npm install, as a user would: npm fails it if a peer version is outside our ranges.
    npm(
      [
        'install',
        ...tarballs,
        `${MIDDY}@${middy}`,
        `${POWERTOOLS_METRICS}@${metrics}`,
        `typescript@${rootManifest.devDependencies.typescript}`,
        `@types/node@${rootManifest.devDependencies['@types/node']}`,
        `@types/aws-lambda@${middyManifest.devDependencies['@types/aws-lambda']}`,
        `esbuild@${ESBUILD_VERSION}`,
      ],
      app,
    )
    run(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: app,
      env,
    })
    run(
      join(app, 'node_modules/.bin/esbuild'),
      [
        'handler.ts',
        '--bundle',
        '--platform=node',
        '--format=esm',
        '--target=node22',
        '--outfile=out/bundle.mjs',
        // The usual ESM-bundle banner: CommonJS dependencies (systeminformation) call require().
        "--banner:js=import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        '--log-level=warning',
      ],
      { cwd: app, env },
    )
    for (const [what, file] of [
      ['tsc', 'out/handler.js'],
      ['esbuild', 'out/bundle.mjs'],
    ]) {
      const stdout = run(process.execPath, ['invoke.mjs', file], { cwd: app, env })
      const summary = checkRun(`${label} ${what}`, stdout)
      console.log(
        `consumer: ${label} (${MIDDY}@${middy}, ${POWERTOOLS_METRICS}@${metrics}) ${what}: ok, ${summary}`,
      )
      if (what === 'tsc') console.log(`consumer: ${label} ${checkCli(app, stdout)}`)
    }
  }
  passed = true
  console.log(`consumer: passed in ${((performance.now() - started) / 1000).toFixed(1)} s`)
} finally {
  if (passed || process.env.CI) rmSync(scratch, { recursive: true, force: true })
  else console.error(`consumer: failed; the scratch folder is kept: ${scratch}`)
}
