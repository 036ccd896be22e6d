// `npm run check -- <deck | component | test file | source file> ...`: the quick loop for authors.
// `npm test` stays the whole suite; this checks one change in minutes: the type check, the unit
// tests that concern the targets (vitest's own `related` for source files), a build of only the
// decks involved (no PDF unless --pdf) and the browser tests of those decks and components.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseScriptArgs } from '../cli/args.ts'
import { NoBrowserError } from './browser.ts'
import { DeckError, listDecks, matchDeck, ROOT } from './decks.ts'
import { ensureBrowser } from './ensure.ts'
import { seconds, step } from './progress.ts'

const USAGE = `Usage: npm run check -- <target>... [--pdf] [--no-browser]
  target: a deck (its folder name or any unambiguous part: 03, registry), a file under slides/<deck>/,
          a component (PipelineRun or components/PipelineRun.vue), a unit test file, a browser spec
          (tests/e2e/<spec>.spec.ts) or any source file (core/..., display/..., snippets/checks/...).
  --pdf         also export the decks' PDFs and run their PDF tests
  --no-browser  type check and unit tests only`

/** Where the gallery's component tests run (tests/e2e/components-*.spec.ts). */
const COMPONENT_DECK = 'gallery'
const DECK_UNIT_TESTS = ['tests/unit/decks-content.test.ts']

export interface Plan {
  /** unit test files to run as they are */
  unitTests: string[]
  /** source files whose related unit tests vitest finds */
  related: string[]
  /** decks to walk in the browser (every slide, the print view) */
  decks: string[]
  /** decks to build: the walked ones, and the gallery for component tests */
  build: string[]
  /** component names whose browser tests run */
  components: string[]
  /** browser spec files to run whole */
  specs: string[]
}

const rel = (file: string) => relative(ROOT, resolve(file)).split(sep).join('/')
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The component and every component that uses it, since tests are titled by the outer ones. */
export function componentsUsing(name: string, dir = join(ROOT, 'components')): string[] {
  const sources = new Map(
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.vue'))
      .map((f) => [basename(f, '.vue'), readFileSync(join(dir, f), 'utf8')] as const),
  )
  const found = new Set([name])
  for (let grew = true; grew; ) {
    grew = false
    for (const [outer, text] of sources) {
      if (found.has(outer)) continue
      if ([...found].some((inner) => new RegExp(`\\b${inner}\\b`).test(text))) {
        found.add(outer)
        grew = true
      }
    }
  }
  return [...found]
}

/** What to run for the targets; throws DeckError on a target that names nothing. */
export function planChecks(targets: string[]): Plan {
  const plan: Plan = { unitTests: [], related: [], decks: [], build: [], components: [], specs: [] }
  const decks = listDecks()
  const add = (list: string[], item: string) => {
    if (!list.includes(item)) list.push(item)
  }
  const addDeck = (id: string) => {
    add(plan.decks, id)
    add(plan.build, id)
    for (const t of DECK_UNIT_TESTS) add(plan.unitTests, t)
  }
  const addComponent = (file: string) => {
    add(plan.related, file)
    for (const outer of componentsUsing(basename(file, '.vue'))) add(plan.components, outer)
    add(plan.build, COMPONENT_DECK)
  }
  for (const target of targets) {
    const path = resolve(target)
    if (existsSync(join(ROOT, 'components', `${target}.vue`))) {
      addComponent(`components/${target}.vue`)
      continue
    }
    if (!existsSync(path)) {
      if (/[/\\]|\.\w+$/.test(target)) throw new DeckError(`${target}: no such file (npm run check -- --help)`)
      addDeck(matchDeck(target, decks).id)
      continue
    }
    const file = rel(path)
    const inDeck = decks.find((d) => file === rel(d.dir) || file.startsWith(`${rel(d.dir)}/`))
    if (inDeck) addDeck(inDeck.id)
    else if (file.startsWith('tests/e2e/') && file.endsWith('.spec.ts')) add(plan.specs, file)
    else if (/\.test\.ts$/.test(file)) add(plan.unitTests, file)
    else if (/^components\/.+\.vue$/.test(file)) addComponent(file)
    else if (/^checks\/[^/]+\.yaml$/.test(file)) {
      // A section's knowledge check: its schema tests, its deck, and the KnowledgeCheck tests.
      add(plan.unitTests, 'tests/unit/checks.test.ts')
      const deck = decks.find((d) => d.id === basename(file, '.yaml'))
      if (deck) addDeck(deck.id)
      addComponent('components/KnowledgeCheck.vue')
    }
    else if (/\.(ts|vue|mjs)$/.test(file)) add(plan.related, file)
    else throw new DeckError(`${target}: not a deck, component, test or source file (npm run check -- --help)`)
  }
  return plan
}

/** Playwright --grep for the plan's decks and components (titles: "deck <id>", "PDF of <id>", component names). */
export function browserGrep(plan: Plan, pdf: boolean): string | null {
  const parts = [
    ...plan.decks.map((id) => `deck ${escape(id)} `),
    ...(pdf ? plan.decks.map((id) => `PDF of ${escape(id)}$`) : []),
    ...plan.components.map((name) => `\\b${escape(name)}\\b`),
  ]
  return parts.length ? parts.join('|') : null
}

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  const started = Date.now()
  step(label)
  const result = spawnSync(process.execPath, [join(ROOT, command), ...args], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } })
  step(`${label}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${seconds(Date.now() - started)}`)
  return result.status === 0
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseScriptArgs(
    argv,
    { pdf: { type: 'boolean', default: false }, 'no-browser': { type: 'boolean', default: false } },
    'npm run check -- <target>... [--pdf] [--no-browser] (npm run check -- --help for more)',
    { positionals: true, help: false },
  )
  if (help || positionals.length === 0) {
    console.log(USAGE)
    return help ? 0 : 2
  }
  const started = Date.now()
  const plan = planChecks(positionals)
  const failures: string[] = []

  if (!run('type check (vue-tsc)', 'node_modules/vue-tsc/bin/vue-tsc.js', ['--noEmit', '-p', 'tsconfig.json'])) failures.push('type check')

  const vitest = 'node_modules/vitest/vitest.mjs'
  if (plan.unitTests.length && !run(`unit tests: ${plan.unitTests.join(' ')}`, vitest, ['run', ...plan.unitTests])) failures.push('unit tests')
  if (plan.related.length && !run(`unit tests related to ${plan.related.join(' ')}`, vitest, ['related', '--run', '--passWithNoTests', ...plan.related])) {
    failures.push('related unit tests')
  }

  const grep = browserGrep(plan, values.pdf)
  if (!values['no-browser'] && (grep || plan.specs.length)) {
    const env = { KIT_CHROME: ensureBrowser(), PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' }
    const buildStarted = Date.now()
    // loaded here: the build pulls in Slidev's export, which a unit-only check does not need
    const { runBuild } = await import('./build.ts')
    // A spec file may walk any deck: build what is stale, as npm test does. Otherwise only these decks.
    const built = plan.specs.length
      ? await runBuild({ pdf: true, labs: true, ifStale: true })
      : await runBuild({ only: plan.build, pdf: values.pdf, labs: false, ifStale: true })
    step(`build: ${built ? 'done' : 'FAILED'} in ${seconds(Date.now() - buildStarted)}`)
    if (!built) failures.push('build')
    else {
      const playwright = 'node_modules/@playwright/test/cli.js'
      if (plan.specs.length && !run(`browser tests: ${plan.specs.join(' ')}`, playwright, ['test', ...plan.specs], env)) failures.push('browser specs')
      if (grep && !run(`browser tests matching ${grep}`, playwright, ['test', '--grep', grep], env)) failures.push('browser tests')
    }
  }
  const took = seconds(Date.now() - started)
  if (failures.length) console.error(`\nFailed: ${failures.join(', ')} (${took})`)
  else console.log(`\nAll checks passed in ${took}`)
  return failures.length ? 1 : 0
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.exit(await main(process.argv.slice(2)))
  } catch (error) {
    // a target that names nothing, an unknown option, no browser: one line, no stack
    const known = error instanceof DeckError || error instanceof NoBrowserError
    console.error(known ? (error as Error).message : error)
    process.exit(error instanceof NoBrowserError ? 1 : 2)
  }
}
