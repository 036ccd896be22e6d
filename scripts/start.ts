// `npm start`: make sure a browser is there, build whatever is stale, and serve the whole kit.
import { runBuild } from './build.ts'
import { DIST_DIR } from './decks.ts'
import { ensureBrowser } from './ensure.ts'
import { engagementEndpoint } from './engagement-endpoint.ts'
import { parseServeOptions } from './options.ts'
import { step } from './progress.ts'
import { PortInUseError, serveStatic } from './server.ts'

async function main(): Promise<number> {
  const { port, host, engagement } = parseServeOptions(process.argv.slice(2))
  // Take the port first, so a second `npm start` says so at once instead of after a build.
  const site = await serveStatic(DIST_DIR, port, host, engagement ? engagementEndpoint(engagement) : undefined)
  let pdf = true
  try {
    step(`browser: ${ensureBrowser()}`)
  } catch (error) {
    pdf = false
    console.warn(`${(error as Error).message} Building the site without PDFs.`)
  }
  // With an engagement the decks are built for it (its images, its agenda); the stamps tell the builds apart.
  const ok = await runBuild({ pdf, labs: true, ifStale: true, ...(engagement ? { engagement } : {}) })
  if (!ok) console.warn('Some outputs failed to build (listed above); serving what there is.')
  console.log(`\nThe kit is ready at ${site.url}/ (Ctrl+C to stop)`)
  if (engagement) console.log(`Worksheet answers are saved to ${engagement} (answers.json, answers.journal.jsonl).`)
  return new Promise(() => {}) // serve until stopped
}

main().catch((error: unknown) => {
  console.error(error instanceof PortInUseError ? error.message : `npm start failed: ${(error as Error).message}`)
  process.exit(1)
})
