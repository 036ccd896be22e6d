import { createReadStream, existsSync } from 'node:fs'
import { copyFile, link, mkdir, readdir } from 'node:fs/promises'
import { basename, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineVitePluginsSetup } from '@slidev/types'
import { publicChecks } from '../core/checks.ts'
import { checksFiles, loadAllChecks } from '../core/checks-files.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CHECKS_ID = 'virtual:kit-checks'
const ENGAGEMENT_ID = 'virtual:kit-engagement'

/**
 * `virtual:kit-engagement`: the engagement the kit is built or served for (scripts/engagement-data.ts
 * prepares the folder named by KIT_ENGAGEMENT_DATA), or `null` without one. The module itself holds
 * only where the data is; the index, the compact facts and each image's details are JSON files
 * copied beside the deck (kit-engagement/<hash>/) and fetched from the kit's own origin when a slide
 * asks, so the first slide stays small and one image's details load on demand.
 */
function engagementModule(dataDir: string | undefined): string {
  if (!dataDir) return 'export default null'
  return `const dir = import.meta.env.BASE_URL + ${JSON.stringify(`kit-engagement/${basename(dataDir)}/`)}
async function get(name) {
  const res = await fetch(dir + name)
  if (!res.ok) throw new Error('The engagement data ' + name + ' could not be loaded (HTTP ' + res.status + ').')
  return res.json()
}
export default { id: ${JSON.stringify(basename(dataDir))}, index: () => get('index.json'), facts: () => get('facts.json'), image: (n) => get('images/' + n + '.json') }`
}

// The kit makes every deck's PDF from the built site (scripts/export-pdf.ts), so the built site
// needs Slidev's print view. Slidev only includes it when it renders the PDF itself during the
// build (`download: true`), which would launch a browser per deck on one fixed port; instead we
// switch the print route on and leave the export to the kit. Only routes.ts reads this flag.
//
// `virtual:kit-checks` gives the decks the knowledge checks without their answer key: the
// questions and options of checks/*.yaml and a hash of each correct option, never the
// explanations (core/checks.ts says why). A bad checks file fails the build with its file and field.
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

export default defineVitePluginsSetup((options) => {
  if (options.mode === 'build') options.utils.define.__SLIDEV_FEATURE_PRINT__ = 'true'
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
  ]
})
