// A broken deck must fail the build loudly, naming the deck, file and line, while every other
// deck's output, and the broken deck's previous output, stay as they were.
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build } from '../../scripts/build.ts'
import { ROOT, type Deck } from '../../scripts/decks.ts'

const fixture = (id: string, title: string): Deck => {
  const dir = join(ROOT, 'tests', 'fixtures', 'decks', id)
  return { id, dir, entry: join(dir, 'slides.md'), title, duration: '', kind: 'section' }
}

describe('a build with broken decks', () => {
  it('names each broken deck, file and line, and leaves other output untouched', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'kit-build-'))
    // A previous good build of a deck that is now broken must survive.
    mkdirSync(join(dist, 'bad-snippet'), { recursive: true })
    writeFileSync(join(dist, 'bad-snippet', 'index.html'), 'previous build')
    const decks = [fixture('good', 'Good deck'), fixture('bad-yaml', 'Bad headmatter'), fixture('bad-snippet', 'Missing snippet'), fixture('bad-component', 'Broken component')]
    const report = await build({ decks, distDir: dist, pdf: false, labs: false, ifStale: false })

    expect(existsSync(join(dist, 'good', 'index.html'))).toBe(true) // it has a twoslash block too
    expect(readFileSync(join(dist, 'bad-snippet', 'index.html'), 'utf8')).toBe('previous build')
    expect(report.failures).toHaveLength(3)
    const message = (id: string) => report.failures.find((f) => f.includes(`Deck ${id} `)) ?? ''
    expect(message('bad-yaml')).toMatch(/tests\/fixtures\/decks\/bad-yaml\/slides\.md/)
    expect(message('bad-yaml')).toMatch(/bad-yaml\/slides\.md:\d+:\d+: bad headmatter/)
    expect(message('bad-snippet')).toMatch(/does-not-exist\.ts/)
    expect(message('bad-snippet')).toMatch(/bad-snippet\/slides\.md:\d+ \(slide 2\)/)
    expect(message('bad-component')).toMatch(/BrokenCard\.vue:\d+/)
    // The index page still lists what did build.
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).toContain('good/')
  }, 900_000) // four Slidev builds: generous for a busy machine
})
