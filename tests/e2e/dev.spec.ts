// `npm run dev -- <deck>` is how a consultant authors: Slidev's dev server on one deck, with hot
// reload, offline. These tests start the kit's dev script for real and drive it in Chromium.
import { spawn, type ChildProcess } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { listDecks, loadSlides, ROOT } from '../../scripts/decks.ts'
import { watchPage } from './helpers.ts'

const BASE_PORT = Number(process.env.KIT_TEST_PORT ?? 4311) + 40
/** `npm run dev -- <args>`, without npm in between. */
const DEV = (...args: string[]) => [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/dev.ts', ...args]

/** Starts `scripts/dev.ts <deck> --port <port>` and resolves once the server answers. */
async function startDev(deck: string, port: number): Promise<ChildProcess> {
  let output = ''
  const child = spawn(process.execPath, DEV(deck, '--port', String(port)), {
    cwd: ROOT,
    detached: true, // its own process group, so Slidev goes down with it
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()))
  const deadline = Date.now() + 150_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the dev server exited (${child.exitCode}):\n${output}`)
    const up = await fetch(`http://localhost:${port}/`).then((r) => r.ok, () => false)
    if (up) return child
    if (Date.now() > deadline) {
      stop(child)
      throw new Error(`the dev server did not answer on port ${port}:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 500))
  }
}

function stop(child: ChildProcess | undefined): void {
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM')
    } catch {
      // already gone
    }
  }
}

test.describe('npm run dev', () => {
  test.describe.configure({ mode: 'serial', timeout: 300_000 })

  test('serves a section deck with the shared components, offline and without errors', async ({ page }) => {
    const port = BASE_PORT
    const dev = await startDev('01', port)
    try {
      const problems = watchPage(page)
      const slides = await loadSlides(listDecks().find((d) => d.id === '01-registry-integration')!)
      const worksheet = slides.find((s) => s.content.includes('<RegistryPlanner'))!
      // One navigation only: leaving the page aborts the dev server's live connection, which is no fault.
      await page.goto(`http://localhost:${port}/#/${worksheet.no}`)
      // The component and the footer come from the repository root (the local addon).
      const shown = page.locator(`[data-slidev-no="${worksheet.no}"]`)
      // The dev server compiles a slide when it is first viewed: give that first compile time.
      await expect(shown.locator('[data-component="registry-planner"]')).toBeVisible({ timeout: 60_000 })
      await expect(shown.locator('.kit-slide-footer')).toContainText(`${worksheet.no} / ${slides.length}`)
      // Slidev's dev-only sync channel cancels a request when a newer state replaces it: not a fault.
      expect(problems.filter((p) => !/\/@server-(reactive|ref)\/.*ERR_ABORTED/.test(p))).toEqual([])
    } finally {
      stop(dev)
    }
  })

  test('reloads a slide when its markdown changes', async ({ page }) => {
    const port = BASE_PORT + 1
    const dir = mkdtempSync(join(tmpdir(), 'kit-dev-'))
    cpSync(join(ROOT, 'tests/fixtures/decks/good/slides.md'), join(dir, 'slides.md'))
    const dev = await startDev(dir, port)
    try {
      await page.goto(`http://localhost:${port}/#/1`)
      const title = page.locator('[data-slidev-no="1"] h1')
      await expect(title).toHaveText('A deck that builds')
      const file = join(dir, 'slides.md')
      writeFileSync(file, readFileSync(file, 'utf8').replace('# A deck that builds', '# Edited while presenting'))
      await expect(title).toHaveText('Edited while presenting', { timeout: 30_000 })
    } finally {
      stop(dev)
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('names the problem when the deck is unknown', async () => {
    const child = spawn(process.execPath, DEV('no-such-deck'), { cwd: ROOT })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const code = await new Promise<number | null>((r) => child.on('exit', r))
    expect(code).toBe(2)
    expect(stderr).toContain('No deck matches "no-such-deck"')
    expect(stderr).toContain('01-registry-integration')
  })
})
