// Reports dropped in during the talk (KitReportDrop): read in the browser with the same core as
// `kit engagement add` (format from content, the same image names), kept for the session, shared by
// every window of the kit, and — when the kit's server serves an engagement — saved into its folder.
//
// - Kept in IndexedDB (idb-keyval), not localStorage: a report can be 50 MB, far past its quota. The
//   original text is kept and read again with the core on load, so a reload shows the same scan.
// - Shared between the presenter and audience windows (and any window opened later) through the
//   same IndexedDB and a BroadcastChannel that says "the list changed"; each window reads only the
//   reports it does not hold yet.
// - Saved by POST to /__kit/reports with the page's per-run token; a failed save says so and is
//   retried until the server takes it, the image staying in the browser all the while.
// - Scoped by engagement (the page's <meta>), so one engagement's images never show in another's.
// - Forgotten on request (forget, forgetAll): taken out of IndexedDB and out of every window's picker;
//   the engagement's own images (the build's) are never touched, nor a copy already saved into the
//   folder's reports/ (the page may not delete there). Until the next forget, undo puts them back.
import { useBroadcastChannel, useIntervalFn } from '@vueuse/core'
import { createStore, delMany, get, getMany, set, setMany, update, type UseStore } from 'idb-keyval'
import { effectScope, markRaw, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { readDroppedReport, reportFileName } from '../core/engagement/images.ts'
import { summarize } from '../core/summary.ts'
import type { ScanResult, SeverityCounts } from '../core/types.ts'
import builtFor from 'virtual:kit-engagement'
import { useEngagementImages } from './useEngagementImages.ts'
import { TOKEN_HEADER, pageEngagement, refreshPageToken } from './useEngagementRecord.ts'

const REPORTS_ENDPOINT = '/__kit/reports'
const FILE_HEADER = 'x-kit-file'
const RETRY_MS = 3000

export type SessionSave = 'browser' | 'saving' | 'saved' | 'failed'

export interface SessionImage {
  /** The image's name, as `kit engagement summary --json` gives it. */
  image: string
  /** The file it was dropped as. */
  file: string
  scan: ScanResult
  /** Its findings counted as `kit summary` counts them. */
  vulnerabilities: SeverityCounts
  addedAt: string
  /** Only in this browser (no engagement served), on its way, in the engagement folder, or failing. */
  save: SessionSave
  /** Once saved: its file under the engagement folder's reports/ (reportFileName, as `kit engagement add` names it). */
  stored: string | null
}

/** What a forget took away, and the way back while it is the last forget. */
export interface Forgotten {
  /** The images forgotten, by name. */
  images: string[]
  /** Of those, the ones a copy of which stays in the engagement folder: reports/<file>. */
  storedFiles: string[]
  /** Puts them back as they were; an image dropped again since then keeps the newer report. */
  undo(): Promise<void>
}

/** What one dropped file became: its image, or the reader's one line. */
export type DropLine = { file: string; ok: true; image: string; note: string } | { file: string; ok: false; line: string }

export interface SessionImages {
  /** The session's images, newest last. */
  images: ShallowRef<readonly SessionImage[]>
  /** Reads each file with the core; good ones join the session (a same-named image is replaced). */
  addFiles(files: Iterable<File>): Promise<DropLine[]>
  /** Why the last save into the engagement folder failed, or ''. */
  saveError: Ref<string>
  /** True when the page is served with an engagement folder (the reports are saved there too). */
  engaged: boolean
  /** Set once the stored session has been read. */
  ready: Ref<boolean>
  /** Forgets one dropped image, here and in every window; the build's images stay. */
  forget(image: string): Promise<Forgotten>
  /** Forgets every image dropped in this browser for this engagement. */
  forgetAll(): Promise<Forgotten>
}

interface IndexEntry {
  image: string
  file: string
  addedAt: string
  saved: boolean
}

let shared: SessionImages | null = null

export function useSessionImages(): SessionImages {
  // A detached scope: the channel and the retry timer outlive the slide that first asked.
  if (!shared) shared = effectScope(true).run(createSession)!
  return shared
}

function createSession(): SessionImages {
  const engagement = pageEngagement()
  const built = useEngagementImages()
  // The folder the server serves, else the engagement the kit was built for, else the plain kit.
  const scope = engagement ? `engagement:${engagement.name}` : builtFor ? `build:${builtFor.id}` : 'local'
  const INDEX_KEY = `${scope}:index`
  const reportKey = (image: string) => `${scope}:report:${image}`
  const browser = typeof window !== 'undefined' && typeof indexedDB !== 'undefined'
  const store: UseStore | null = browser ? createStore('kit-session-reports', 'reports') : null

  const images = shallowRef<readonly SessionImage[]>([])
  const saveError = ref('')
  const ready = ref(!browser)
  const channel = browser ? useBroadcastChannel<{ at: number }, { at: number }>({ name: `kit-session-reports:${scope}` }) : null

  const stateOf = (entry: IndexEntry): SessionSave => (!engagement ? 'browser' : entry.saved ? 'saved' : saveError.value ? 'failed' : 'saving')
  const storedOf = (entry: IndexEntry): string | null => (engagement && entry.saved ? reportFileName(entry.image) : null)
  const sessionImage = (entry: IndexEntry, scan: ScanResult): SessionImage => ({
    image: entry.image,
    file: entry.file,
    scan: markRaw(scan),
    vulnerabilities: summarize(scan).vulnerabilities,
    addedAt: entry.addedAt,
    save: stateOf(entry),
    stored: storedOf(entry),
  })

  /** Brings the list in step with IndexedDB, reading only the reports this window does not hold yet. */
  async function load(): Promise<void> {
    if (!store) return
    const index = ((await get<IndexEntry[]>(INDEX_KEY, store)) ?? []).slice()
    const held = new Map(images.value.map((i) => [i.image, i]))
    const next: SessionImage[] = []
    for (const entry of index) {
      const have = held.get(entry.image)
      if (have && have.addedAt === entry.addedAt) {
        next.push({ ...have, save: stateOf(entry), stored: storedOf(entry) })
        continue
      }
      const text = await get<string>(reportKey(entry.image), store)
      if (text === undefined) continue
      const read = readDroppedReport(text, entry.file)
      if (read.ok) next.push(sessionImage(entry, read.scan))
    }
    images.value = next
    ready.value = true
  }

  function announce(): void {
    channel?.post({ at: Date.now() })
  }

  async function writeIndex(change: (index: IndexEntry[]) => IndexEntry[]): Promise<void> {
    await update<IndexEntry[]>(INDEX_KEY, (old) => change(old ?? []), store!)
  }

  async function upload(entry: IndexEntry): Promise<void> {
    const text = await get<string>(reportKey(entry.image), store!)
    if (text === undefined) return
    const send = () =>
      fetch(REPORTS_ENDPOINT, {
        method: 'POST',
        headers: { [TOKEN_HEADER]: engagement!.token, [FILE_HEADER]: encodeURIComponent(entry.file), 'content-type': 'application/json' },
        body: text,
        cache: 'no-store',
      })
    let res = await send()
    if (res.status === 403 && (await refreshPageToken(engagement!))) res = await send()
    const answer = (await res.json().catch(() => ({}))) as { error?: string }
    // A report the server cannot read (400) would fail forever; the browser read it, so this is rare.
    if (!res.ok) throw new Error((answer.error ?? `could not save (HTTP ${res.status})`).replace(/^.*[\\/]/, ''))
    await writeIndex((index) => index.map((e) => (e.image === entry.image && e.addedAt === entry.addedAt ? { ...e, saved: true } : e)))
  }

  let flushing = false
  let uploadFailing = false
  async function flush(): Promise<void> {
    if (!engagement || !store || flushing) return
    flushing = true
    try {
      const waiting = ((await get<IndexEntry[]>(INDEX_KEY, store)) ?? []).filter((e) => !e.saved)
      if (waiting.length === 0) {
        // The failing report may have been forgotten: nothing is left to fail.
        if (uploadFailing) saveError.value = ''
        uploadFailing = false
        return
      }
      try {
        for (const entry of waiting) await upload(entry)
        saveError.value = ''
        uploadFailing = false
      } catch (error) {
        uploadFailing = true
        const reason = error instanceof TypeError ? 'could not save: the kit’s server does not answer' : (error as Error).message
        saveError.value = `${reason}. Kept in this browser; retrying.`
      }
      await load()
      announce()
    } finally {
      flushing = false
    }
  }

  async function addFiles(files: Iterable<File>): Promise<DropLine[]> {
    const lines: DropLine[] = []
    for (const file of files) {
      let text: string
      try {
        text = await file.text()
      } catch {
        lines.push({ file: file.name, ok: false, line: `${file.name}: cannot be read by the browser` })
        continue
      }
      const read = readDroppedReport(text, file.name)
      if (!read.ok) {
        lines.push({ file: file.name, ok: false, line: read.line })
        continue
      }
      const replaced = images.value.some((i) => i.image === read.image)
      const entry: IndexEntry = { image: read.image, file: file.name, addedAt: new Date().toISOString(), saved: false }
      if (store) {
        try {
          await set(reportKey(read.image), text, store)
          await writeIndex((index) => [...index.filter((e) => e.image !== read.image), entry])
        } catch {
          // Storage refused (quota, private mode): the image still shows until the page is closed.
          saveError.value = 'this browser would not keep the report (storage full): it shows until the page is closed.'
        }
      }
      const image: SessionImage = { ...sessionImage(entry, read.scan), save: engagement ? 'saving' : 'browser' }
      images.value = [...images.value.filter((i) => i.image !== read.image), image]
      lines.push({ file: file.name, ok: true, image: read.image, note: replaced ? 'replaces the one dropped before' : 'added' })
    }
    announce()
    if (engagement) void flush()
    return lines
  }

  /**
   * Takes the named images out of the session: out of the index first (a window that reads the
   * index in between skips them), then their report texts. The texts are held for undo.
   */
  async function forgetNamed(names: ReadonlySet<string>): Promise<Forgotten> {
    const held = images.value.filter((i) => names.has(i.image))
    let gone: IndexEntry[] = []
    const texts = new Map<string, string | undefined>()
    if (store) {
      const named = [...names]
      const read = await getMany<string>(named.map(reportKey), store)
      named.forEach((name, i) => texts.set(name, read[i]))
      await writeIndex((old) => {
        gone = old.filter((e) => names.has(e.image))
        return old.filter((e) => !names.has(e.image))
      })
      await delMany(gone.map((e) => reportKey(e.image)), store)
    }
    images.value = images.value.filter((i) => !names.has(i.image))
    announce()
    if (engagement) void flush()
    const undo = async (): Promise<void> => {
      const present = new Set(images.value.map((i) => i.image))
      if (store) {
        const index = (await get<IndexEntry[]>(INDEX_KEY, store)) ?? []
        const taken = new Set(index.map((e) => e.image))
        const back = gone.map((entry) => ({ entry, text: texts.get(entry.image) })).filter((b) => b.text !== undefined && !taken.has(b.entry.image))
        await setMany(back.map((b) => [reportKey(b.entry.image), b.text]), store)
        await writeIndex((old) => {
          const now = new Set(old.map((e) => e.image))
          return [...old, ...back.map((b) => b.entry).filter((e) => !now.has(e.image))].sort((a, b) => (a.addedAt < b.addedAt ? -1 : a.addedAt > b.addedAt ? 1 : 0))
        })
        for (const b of back) present.add(b.entry.image)
      }
      // Those the browser could not store (storage refused) come back from memory, for this page.
      const fromMemory = held.filter((i) => !present.has(i.image))
      if (fromMemory.length) images.value = [...images.value, ...fromMemory]
      if (store) await load()
      announce()
      if (engagement) void flush()
    }
    return {
      // With those of another window this one had not read yet (forgetAll).
      images: [...new Set([...held.map((i) => i.image), ...gone.map((e) => e.image)])],
      storedFiles: held.flatMap((i) => (i.stored ? [i.stored] : [])),
      undo,
    }
  }

  // Every live component shows the session's images beside the build's: the same rows and picker
  // (useEngagementImages). Added once the engagement's policies are known, so verdicts use them;
  // a forgotten one is removed again (the build's image of that name, if any, shows again).
  let shown = new Set<string>()
  watch(
    [images, built.ready],
    ([list, policiesKnown]) => {
      if (!policiesKnown) return
      const now = new Set(list.map((i) => i.image))
      for (const name of shown) if (!now.has(name)) built.remove(name)
      for (const i of list) built.add(i.scan, i.file)
      shown = now
    },
    { immediate: true },
  )

  if (channel) watch(channel.data, () => void load())
  if (browser) {
    void load().catch(() => {
      ready.value = true
    })
    if (engagement) {
      void flush()
      useIntervalFn(() => void flush(), RETRY_MS)
    }
  }

  return {
    images,
    addFiles,
    saveError,
    engaged: engagement !== null,
    ready,
    forget: (image) => forgetNamed(new Set([image])),
    forgetAll: async () => {
      // Those another window dropped a moment ago too, before this one has read them.
      const index = store ? ((await get<IndexEntry[]>(INDEX_KEY, store)) ?? []) : []
      return forgetNamed(new Set([...images.value.map((i) => i.image), ...index.map((e) => e.image)]))
    },
  }
}

