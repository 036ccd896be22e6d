// Entry point of `npm start` and `npm test` on a fresh clone. Plain JavaScript with no
// dependencies, because nothing else can run before the npm packages are installed: it installs
// them when missing or older than package-lock.json, then hands over to the TypeScript script.
import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const [command, ...args] = process.argv.slice(2)
const scripts = { start: 'scripts/start.ts', test: 'scripts/test.ts' }

function installed() {
  const marker = join(root, 'node_modules', '.package-lock.json')
  if (!existsSync(marker)) return false
  const lock = join(root, 'package-lock.json')
  return !existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs
}

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`The kit needs Node.js 20.19 or newer; this is ${process.version}. Install a current Node.js LTS and try again.`)
  process.exit(1)
}
if (!scripts[command]) {
  console.error(`Usage: node scripts/bootstrap.mjs ${Object.keys(scripts).join('|')} [args]`)
  process.exit(2)
}
if (!installed()) {
  console.log('Installing npm packages (npm ci)…')
  // --loglevel=error: some of Slidev's dependencies declare Node 22 in "engines" and npm prints dozens
  // of warnings about it; the kit is built and tested end to end on Node 20, so they are noise here.
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
    // Playwright's own browser download cannot work offline: the kit drives an installed browser.
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
  })
  if (npm.status !== 0) {
    console.error('npm ci failed (see above): the npm registry, or a local mirror of it, must be reachable once.')
    process.exit(1)
  }
}
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')
const run = spawnSync(process.execPath, [tsx, join(root, scripts[command]), ...args], { cwd: root, stdio: 'inherit' })
process.exit(run.status ?? 1)
