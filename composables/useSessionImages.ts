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
import { useBroadcastChannel, useIntervalFn } from '@vueuse/core'
import { createStore, get, set, update, type UseStore } from 'idb-keyval'
import { effectScope, markRaw, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { readDroppedReport } from '../core/engagement/images.ts'
import type { ScanResult } from '../core/types.ts'
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
  addedAt: string
  /** Only in this browser (no engagement served), on its way, in the engagement folder, or failing. */
  save: SessionSave
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

  /** Brings the list in step with IndexedDB, reading only the reports this window does not hold yet. */
  async function load(): Promise<void> {
    if (!store) return
    const index = ((await get<IndexEntry[]>(INDEX_KEY, store)) ?? []).slice()
    const held = new Map(images.value.map((i) => [i.image, i]))
    const next: SessionImage[] = []
    for (const entry of index) {
      const have = held.get(entry.image)
      if (have && have.addedAt === entry.addedAt) {
        next.push({ ...have, save: stateOf(entry) })
        continue
      }
      const text = await get<string>(reportKey(entry.image), store)
      if (text === undefined) continue
      const read = readDroppedReport(text, entry.file)
      if (read.ok) next.push({ image: entry.image, file: entry.file, scan: markRaw(read.scan), addedAt: entry.addedAt, save: stateOf(entry) })
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
  async function flush(): Promise<void> {
    if (!engagement || !store || flushing) return
    flushing = true
    try {
      const waiting = ((await get<IndexEntry[]>(INDEX_KEY, store)) ?? []).filter((e) => !e.saved)
      if (waiting.length === 0) return
      try {
        for (const entry of waiting) await upload(entry)
        saveError.value = ''
      } catch (error) {
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
      const image: SessionImage = { image: read.image, file: file.name, scan: markRaw(read.scan), addedAt: entry.addedAt, save: engagement ? 'saving' : 'browser' }
      images.value = [...images.value.filter((i) => i.image !== read.image), image]
      lines.push({ file: file.name, ok: true, image: read.image, note: replaced ? 'replaces the one dropped before' : 'added' })
    }
    announce()
    if (engagement) void flush()
    return lines
  }

  // Every live component shows the session's images beside the build's: the same rows and picker
  // (useEngagementImages). Added once the engagement's policies are known, so verdicts use them.
  watch(
    [images, built.ready],
    ([list, policiesKnown]) => {
      if (policiesKnown) for (const i of list) built.add(i.scan, i.file)
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

  return { images, addFiles, saveError, engaged: engagement !== null, ready }
}

