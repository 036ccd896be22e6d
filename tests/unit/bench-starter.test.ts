// The bench compares the kit with Slidev's starter deck, built and printed by the same offline
// pipeline, whose exporter fails on any request outside localhost. The starter as create-slidev
// ships it fetches a remote background, favicon, tweet and bluesky embeds and a PlantUML render;
// prepareStarter must take out every one of them, or the bench cannot run at a customer site.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { prepareStarter } from '../../scripts/bench.ts'
import { ROOT } from '../../scripts/decks.ts'

const work = mkdtempSync(join(tmpdir(), 'kit-starter-'))
const dir = join(work, 'starter')
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('the starter deck the bench builds', () => {
  it('starts from what create-slidev ships, which does reach out', () => {
    const original = readFileSync(join(ROOT, 'node_modules/create-slidev/template/slides.md'), 'utf8')
    expect(original).toMatch(/<Tweet\b/)
    expect(original).toMatch(/```plantuml/)
  })

  it('asks for nothing outside localhost once prepared', async () => {
    await prepareStarter(dir)
    const md = readFileSync(join(dir, 'slides.md'), 'utf8')
    const head = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(md)![1]!) as Record<string, unknown>
    expect(head.fonts).toEqual({ provider: 'none' })
    expect(String(head.favicon)).toMatch(/^data:/)
    expect(head.theme).toBe('default')
    // Slidev adds the embed scripts for any <Tweet or <BlueSky, even inside inline code.
    expect(md).not.toMatch(/<(Tweet|BlueSky)\b/)
    expect(md).not.toMatch(/```plantuml/)
    expect(md).not.toMatch(/^(background|image): https?:/m)
    expect(md).not.toMatch(/src="https?:/)
    for (const page of ['pages/imported-slides.md', 'components/Counter.vue']) {
      expect(readFileSync(join(dir, page), 'utf8')).not.toMatch(/src="https?:|url\(https?:/)
    }
    // Printed by the kit's exporter, so it gets the same print-route switch as the kit's decks.
    expect(existsSync(join(dir, 'setup/vite-plugins.ts'))).toBe(true)
  })
})
