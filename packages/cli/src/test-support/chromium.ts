import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'

/** Debian's Chromium, installed by `.ci/run` where missing; the tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium'

/**
 * The browser suites are skipped, with a warning, on a developer machine without Chromium; in CI (CI=true)
 * they run and fail instead.
 */
export const SKIP_WITHOUT_CHROMIUM = (() => {
  if (existsSync(CHROMIUM_PATH) || process.env.CI === 'true') return false
  console.warn(`cli: skipping the browser tests: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`)
  return true
})()

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

// CI runs the unit suites again under libfaketime (LD_PRELOAD) with the clock a year ahead; Chromium hangs
// at start under it, and the page it draws does not depend on the date, so it gets the environment without it.
const browserEnv = (): Record<string, string> =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && entry[0] !== 'LD_PRELOAD' && !entry[0].startsWith('FAKETIME'),
    ),
  )

/** A headless Chromium on a fresh profile of its own; `close` also removes the profile. */
export const launchChromium = async (): Promise<{ context: BrowserContext; close: () => Promise<void> }> => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'um-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: ARGS,
    headless: true,
    env: browserEnv(),
  })
  const close = async () => {
    await context.close()
    rmSync(userDataDir, { recursive: true, force: true })
  }
  return { context, close }
}
