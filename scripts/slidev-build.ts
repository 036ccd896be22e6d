// `slidev build` of one deck, for the kit's build (scripts/build.ts) and the customer's take-home
// edition (scripts/edition.ts), with Slidev's output cut down to what names the broken file and line.
import { spawn } from 'node:child_process'
import { join, relative, resolve } from 'node:path'
import { loadSlides, ROOT, type Deck } from './decks.ts'

/**
 * Run `slidev build` for one deck into a fresh folder; resolves with the output or rejects with Slidev's message.
 * The customer edition (scripts/edition.ts) builds with a relative base and Slidev's own `--without-notes`;
 * `engagement` is the folder the decks are built for (none: the trainer's decks, with no customer data).
 */
export function slidevBuild(deck: Deck, outDir: string, edition: { base?: string; withoutNotes?: boolean; engagement?: string; engagementData?: string } = {}): Promise<void> {
  const cli = join(ROOT, 'node_modules', '@slidev', 'cli', 'bin', 'slidev.mjs')
  const args = [cli, 'build', 'slides.md', '--base', edition.base ?? `/${deck.id}/`, '--out', outDir, ...(edition.withoutNotes ? ['--without-notes'] : [])]
  return new Promise((resolvePromise, reject) => {
    // KIT_ENGAGEMENT: whose data the virtual modules give the decks (setup/vite-plugins.ts).
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', KIT_ENGAGEMENT: edition.engagement ? resolve(edition.engagement) : '' }
    // KIT_ENGAGEMENT_DATA: the images and policies prepared for the "your images" slides
    // (scripts/engagement-data.ts); only the one this build is for, none without it.
    delete env.KIT_ENGAGEMENT_DATA
    if (edition.engagementData) env.KIT_ENGAGEMENT_DATA = edition.engagementData
    const child = spawn(process.execPath, args, { cwd: deck.dir, env })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolvePromise()
      else explainBuildFailure(deck, output).then((message) => reject(new Error(message)), reject)
    })
  })
}

/** Slidev's output is long; keep the lines that name what broke and where. */
export async function explainBuildFailure(deck: Deck, output: string): Promise<string> {
  let clean = output.replace(/\x1b\[[0-9;]*m/g, '')
  // Slidev names a slide's virtual module "slides.md__slidev_<n>.md": point at its source line.
  const markers = [...clean.matchAll(/(\S+\.md)__slidev_(\d+)\.md/g)]
  if (markers.length) {
    const slides = await loadSlides(deck).catch(() => [])
    for (const [text, , no] of markers) {
      const s = slides.find((x) => x.no === Number(no))
      if (s) clean = clean.replace(text, `${join(ROOT, s.file)}:${s.line} (slide ${no})`)
    }
  }
  // YAML errors count lines from the start of the headmatter, one below the opening ---.
  clean = clean.replace(/YAMLParseError: (.*?) at line (\d+), column (\d+):?/g, (_m, what: string, line: string, col: string) =>
    `${deck.entry}:${Number(line) + 1}:${col}: bad headmatter or frontmatter: ${what}`)
  const lines = clean.split('\n').map((line) => line.trimEnd())
  const interesting = lines.filter((line) =>
    /error|Error|failed|not found|Could not|Unexpected|Missing|\.(md|vue|ts)(:\d+)?/.test(line) && !/^\s+at /.test(line),
  )
  const picked = (interesting.length ? interesting : lines.filter(Boolean).slice(-12)).slice(0, 12)
  return `Deck ${deck.id} (${relative(ROOT, deck.entry)}) failed to build:\n  ${picked.join('\n  ')}`
}
