// `npm run dev -- <section>`: one deck in Slidev's dev server with hot reload, for authoring.
// The section can be its folder name, any unambiguous part of it ("01", "registry"), or the path
// of any folder with a slides.md (a deck you are drafting outside slides/). `--engagement <dir>`
// serves the deck with that engagement's images ("your images" slides, virtual:kit-engagement).
import { spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { DeckError, matchDeck, ROOT } from './decks.ts'
import { ReportError, oneLine } from '../core/readers/errors.ts'
import { ENGAGEMENT_DATA_ENV, prepareEngagementData } from './engagement-data.ts'

/** The folder to serve: a deck folder given as a path, else the kit deck the query names. */
function deckFolder(query: string): string {
  const path = resolve(query)
  if (existsSync(path) && statSync(path).isDirectory()) {
    if (existsSync(join(path, 'slides.md'))) return path
    throw new DeckError(`${path} has no slides.md: give a deck folder or the name of a deck under slides/.`)
  }
  return matchDeck(query).dir
}

const [query, ...args] = process.argv.slice(2)
// --engagement is the kit's; every other option goes to Slidev.
const at = args.indexOf('--engagement')
const engagementDir = at === -1 ? undefined : args[at + 1]
const rest = at === -1 ? args : [...args.slice(0, at), ...args.slice(at + 2)]
if (!query || query.startsWith('-')) {
  console.error('Usage: npm run dev -- <section> [slidev options], e.g. npm run dev -- 03 --port 3031')
  process.exit(2)
}
try {
  const env = { ...process.env }
  delete env[ENGAGEMENT_DATA_ENV]
  if (at !== -1) {
    if (!engagementDir || engagementDir.startsWith('-')) throw new DeckError('--engagement needs the engagement folder.')
    env[ENGAGEMENT_DATA_ENV] = (await prepareEngagementData(engagementDir)).dir
  }
  const cli = join(ROOT, 'node_modules', '@slidev', 'cli', 'bin', 'slidev.mjs')
  const child = spawn(process.execPath, [cli, 'slides.md', '--open', 'false', ...rest], { cwd: deckFolder(query), stdio: 'inherit', env })
  child.on('exit', (code) => process.exit(code ?? 0))
  // Stop Slidev with us (Ctrl+C, or a test ending the process).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
} catch (error) {
  console.error(error instanceof DeckError ? error.message : error instanceof ReportError ? oneLine(error) : String(error))
  process.exit(2)
}
