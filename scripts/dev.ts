// `npm run dev -- <section>`: one deck in Slidev's dev server with hot reload, for authoring.
// The section can be its folder name or any unambiguous part of it ("01", "registry").
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { DeckError, matchDeck, ROOT } from './decks.ts'

const [query, ...rest] = process.argv.slice(2)
if (!query || query.startsWith('-')) {
  console.error('Usage: npm run dev -- <section> [slidev options], e.g. npm run dev -- 03 --port 3031')
  process.exit(2)
}
try {
  const deck = matchDeck(query)
  const cli = join(ROOT, 'node_modules', '@slidev', 'cli', 'bin', 'slidev.mjs')
  const child = spawn(process.execPath, [cli, 'slides.md', '--open', 'false', ...rest], { cwd: deck.dir, stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} catch (error) {
  console.error(error instanceof DeckError ? error.message : String(error))
  process.exit(2)
}
