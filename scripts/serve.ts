// `npm run serve`: serve what `npm run build` made, without building.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DIST_DIR } from './decks.ts'
import { engagementEndpoint } from './engagement-endpoint.ts'
import { parseServeOptions } from './options.ts'
import { PortInUseError, serveStatic } from './server.ts'

try {
  const { port, host, engagement } = parseServeOptions(process.argv.slice(2))
  if (!existsSync(join(DIST_DIR, 'index.html'))) {
    console.error('Nothing to serve yet: run `npm run build` (or `npm start`, which builds and serves).')
    process.exit(1)
  }
  const site = await serveStatic(DIST_DIR, port, host, engagement ? engagementEndpoint(engagement) : undefined)
  console.log(`Serving the kit at ${site.url}/ (Ctrl+C to stop)`)
  if (engagement) console.log(`Worksheet answers are saved to ${engagement} (answers.json, answers.journal.jsonl).`)
} catch (error) {
  console.error(error instanceof PortInUseError ? error.message : (error as Error).message)
  process.exit(1)
}
