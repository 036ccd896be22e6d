import { createReadStream, existsSync } from 'node:fs'
import { copyFile, link, mkdir, readdir } from 'node:fs/promises'
import { basename, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineVitePluginsSetup } from '@slidev/types'
import { publicChecks } from '../core/checks.ts'
import { checksFiles, loadAllChecks } from '../core/checks-files.ts'
import { SHIPPED_AGENDAS, loadSectionCatalog, resolveAgenda, type KitAgenda } from '../scripts/agenda.ts'
import { listDecks } from '../scripts/decks.ts'
import { enablePrintRoute } from './print-route.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CHECKS_ID = 'virtual:kit-checks'
const ENGAGEMENT_ID = 'virtual:kit-engagement'

/**
 * `virtual:kit-engagement`: the engagement the kit is built or served for (scripts/engagement-data.ts
 * prepares the folder named by KIT_ENGAGEMENT_DATA), or `null` without one. The module itself holds
 * only where the data is; the index, the compact facts and each image's report file are copied
 * beside the deck (kit-engagement/<hash>/) and fetched from the kit's own origin when a slide asks,
 * so the first slide stays small and one image's report loads on demand (read by the core's readers).
 */
function engagementModule(dataDir: string | undefined): string {
  if (!dataDir) return 'export default null'
  return `const dir = import.meta.env.BASE_URL + ${JSON.stringify(`kit-engagement/${basename(dataDir)}/`)}
async function get(name) {
  const res = await fetch(dir + name)
  if (!res.ok) throw new Error('The engagement data ' + name + ' could not be loaded (HTTP ' + res.status + ').')
  return res
}
export default { id: ${JSON.stringify(basename(dataDir))}, index: async () => (await get('index.json')).json(), facts: async () => (await get('facts.json')).json(), report: async (n) => (await get('images/' + n + '.json')).text() }`
}

const AGENDA_ID = 'virtual:kit-agenda'

/**
 * The prepared files beside the deck: hard links where the output is on the same disk (thousands of
 * image files, three decks), copies where it is not.
 */
async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true, mode: 0o700 })
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const [src, dst] = [join(from, entry.name), join(to, entry.name)]
    if (entry.isDirectory()) await linkTree(src, dst)
    else await link(src, dst).catch(() => copyFile(src, dst))
  }
}

// The kit makes every deck's PDF from the built site (scripts/export-pdf.ts), so the built site
// needs Slidev's print view. Slidev only includes it when it renders the PDF itself during the
// build (`download: true`), which would launch a browser per deck on one fixed port; instead we
// switch the print route on and leave the export to the kit. Only routes.ts reads this flag.
//
// `virtual:kit-checks` gives the decks the knowledge checks without their answer key: the
// questions and options of checks/*.yaml and a hash of each correct option, never the
// explanations (core/checks.ts says why). A bad checks file fails the build with its file and field.
//
// `virtual:kit-agenda` gives AgendaPlanner the section catalogue (each slide's "[N min]", its deep-dive
// mark, the labs' `minutes:`) read by the same code as the day decks (scripts/agenda.ts), the kit's
// two agendas, and the agenda the build runs: the engagement's when built with --engagement (the
// build passes the folder in KIT_ENGAGEMENT), else the kit's two-day one.
export default defineVitePluginsSetup((options) => {
  enablePrintRoute(options)
  const engagementData = process.env.KIT_ENGAGEMENT_DATA && existsSync(join(process.env.KIT_ENGAGEMENT_DATA, 'index.json')) ? process.env.KIT_ENGAGEMENT_DATA : undefined
  const engagementUrl = engagementData ? `kit-engagement/${basename(engagementData)}/` : ''
  return [
    {
      name: 'kit-engagement',
      resolveId(id: string) {
        return id === ENGAGEMENT_ID ? `\0${ENGAGEMENT_ID}` : undefined
      },
      load(id: string) {
        return id === `\0${ENGAGEMENT_ID}` ? engagementModule(engagementData) : undefined
      },
      // The build copies the prepared files beside the deck; the dev server serves them from there.
      async writeBundle(output: { dir?: string }) {
        if (engagementData && output.dir) await linkTree(engagementData, join(output.dir, engagementUrl))
      },
      configureServer(server: { middlewares: { use: (fn: (req: any, res: any, next: () => void) => void) => void } }) {
        if (!engagementData) return
        server.middlewares.use((req, res, next) => {
          const path = decodeURIComponent(String(req.url ?? '').split('?')[0]!)
          const at = path.indexOf(`/${engagementUrl}`)
          if (at === -1) return next()
          const file = normalize(join(engagementData, path.slice(at + engagementUrl.length + 1)))
          if (!file.startsWith(engagementData) || !existsSync(file)) {
            res.statusCode = 404
            return res.end()
          }
          res.setHeader('content-type', 'application/json')
          createReadStream(file).pipe(res)
        })
      },
    },
    {
      name: 'kit-knowledge-checks',
      resolveId(id: string) {
        return id === CHECKS_ID ? `\0${CHECKS_ID}` : undefined
      },
      load(id: string) {
        if (id !== `\0${CHECKS_ID}`) return undefined
        for (const file of checksFiles(ROOT)) this.addWatchFile(file)
        const sections = Object.fromEntries(loadAllChecks(ROOT).map((checks) => [checks.section, publicChecks(checks)]))
        return `export default ${JSON.stringify(sections)}`
      },
    },
    {
      name: 'kit-agenda',
      resolveId(id: string) {
        return id === AGENDA_ID ? `\0${AGENDA_ID}` : undefined
      },
      async load(id: string) {
        if (id !== `\0${AGENDA_ID}`) return undefined
        const decks = listDecks().filter((deck) => deck.kind === 'section')
        for (const deck of decks) this.addWatchFile(deck.entry)
        const catalog = await loadSectionCatalog(decks)
        const { spec } = await resolveAgenda({ engagement: process.env.KIT_ENGAGEMENT || undefined })
        const data: KitAgenda = { catalog, initial: spec, shipped: SHIPPED_AGENDAS }
        return `export default ${JSON.stringify(data)}`
      },
    },
  ]
})
