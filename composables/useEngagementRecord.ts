// The worksheet record in the browser: one per page, shared by every worksheet form and planner.
//
// Every change goes to localStorage first (a reload or a crashed browser keeps it), then — when the
// kit's local server serves an engagement (a <meta name="kit-engagement"> in the page) — to its
// folder through the endpoint, debounced; unsent changes wait in localStorage and are retried until
// the server takes them (server down, disk full). Other windows of the same browser (presenter and
// projector, two tabs) see each change through the storage event; fields merge one by one, newest
// first, so two windows editing different fields never undo each other.
import { useDebounceFn, useEventListener, useIntervalFn } from '@vueuse/core'
import { computed, effectScope, reactive, ref, watch, type ComputedRef, type Ref } from 'vue'
import { ANSWERS_VERSION, fieldProblem, mergeChanges, type AnswersRecord, type FieldChanges } from '../core/engagement/record.ts'

const ENDPOINT = '/__kit/answers'
export const TOKEN_HEADER = 'x-kit-token'
const RETRY_MS = 3000

export type SaveState = 'saved' | 'local' | 'pending' | 'failed'

export interface EngagementRecord {
  /** The value of a field ('' when nothing was entered). */
  value(path: string): string
  /** Store a value as typed (kept even when it fails its check). */
  set(path: string, value: string): void
  /** Set several fields at once (a planner's rows). */
  setMany(values: Record<string, string>): void
  /** Every stored path that starts with a prefix. */
  paths(prefix: string): string[]
  /** Why the field's value fails its check, or null. */
  problem(path: string): string | null
  /** Whether the field is safe: saved to the engagement, in this browser only, waiting, or failing. */
  saveState(path: string): SaveState
  /** The reason the last save to the engagement folder failed, or ''. */
  saveError: Ref<string>
  /** What the server found when it read the folder (a corrupted answers.json, named with its line), or ''. */
  notice: Ref<string>
  /** True when the page is served with an engagement folder. */
  engaged: boolean
  /**
   * A request to another route of the kit's local endpoint (e.g. /__kit/agenda) with this page's
   * token, taken anew from the page when a restarted server refuses the old one. Only when engaged.
   */
  send(endpoint: string, method: 'GET' | 'POST', body?: unknown): Promise<Response>
  /** Set once the record has been read (from the server or the browser). */
  ready: Ref<boolean>
  fields: ComputedRef<FieldChanges>
}

export interface PageEngagement {
  token: string
  name: string
}

/** The engagement the kit's server serves this page for (its <meta>), or null for a plain build. */
export function pageEngagement(): PageEngagement | null {
  if (typeof document === 'undefined') return null
  const meta = document.querySelector<HTMLMetaElement>('meta[name="kit-engagement"]')
  return meta?.content ? { token: meta.content, name: meta.dataset.engagement ?? 'engagement' } : null
}

/** A restarted server has a new token: take it from this page as the server serves it now. True when it changed. */
export async function refreshPageToken(engagement: PageEngagement): Promise<boolean> {
  try {
    const html = await (await fetch(location.pathname, { cache: 'no-store' })).text()
    const meta = new DOMParser().parseFromString(html, 'text/html').querySelector<HTMLMetaElement>('meta[name="kit-engagement"]')
    if (!meta?.content || meta.content === engagement.token) return false
    engagement.token = meta.content
    return true
  } catch {
    return false
  }
}

function readJson<T>(key: string, fallback: T): T {
  try {
    const text = localStorage.getItem(key)
    return text ? (JSON.parse(text) as T) : fallback
  } catch {
    return fallback
  }
}

/** Write to localStorage; false when the browser refuses (quota, private mode). */
function writeJson(key: string, value: unknown): boolean {
  try {
    localStorage.setItem(key, JSON.stringify(value))
    return true
  } catch {
    return false
  }
}

let shared: EngagementRecord | null = null

export function useEngagementRecord(): EngagementRecord {
  // A detached scope: the listeners and the retry timer outlive the slide that first asked.
  if (!shared) shared = effectScope(true).run(createRecord)!
  return shared
}

function createRecord(): EngagementRecord {
  const engagement = pageEngagement()
  const base = `kit-answers:v${ANSWERS_VERSION}:${engagement ? `engagement:${engagement.name}` : 'local'}`
  const RECORD_KEY = `${base}:fields`
  const PENDING_KEY = `${base}:pending`
  const hasStorage = typeof localStorage !== 'undefined'

  const state = reactive<{ fields: FieldChanges; pending: FieldChanges; localFailed: Record<string, true> }>({
    fields: hasStorage ? readJson<FieldChanges>(RECORD_KEY, {}) : {},
    pending: hasStorage ? readJson<FieldChanges>(PENDING_KEY, {}) : {},
    localFailed: {},
  })
  const saveError = ref('')
  const notice = ref('')
  const ready = ref(!engagement)

  /** Merge changes into localStorage as it is now (another window may have written since). */
  function persistLocal(changes: FieldChanges): boolean {
    if (!hasStorage) return false
    const current = readJson<FieldChanges>(RECORD_KEY, {})
    const merged = mergeChanges({ version: ANSWERS_VERSION, seq: 0, fields: current }, changes).record.fields
    state.fields = merged
    return writeJson(RECORD_KEY, merged)
  }

  function persistPending(changes: FieldChanges, sent?: FieldChanges): void {
    const current = hasStorage ? readJson<FieldChanges>(PENDING_KEY, {}) : { ...state.pending }
    for (const [path, change] of Object.entries(changes)) {
      const had = current[path]
      if (!had || had.at <= change.at) current[path] = change
    }
    // A sent change leaves the queue only when nothing newer was typed meanwhile.
    if (sent) for (const [path, change] of Object.entries(sent)) if (current[path]?.at === change.at && current[path]?.value === change.value) delete current[path]
    state.pending = current
    if (hasStorage) writeJson(PENDING_KEY, current)
  }

  async function request(method: 'GET' | 'POST', body?: unknown, endpoint = ENDPOINT): Promise<Response> {
    return fetch(endpoint, {
      method,
      headers: { [TOKEN_HEADER]: engagement!.token, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      cache: 'no-store',
    })
  }

  const refreshToken = () => refreshPageToken(engagement!)

  let flushing = false
  async function flush(): Promise<void> {
    if (!engagement || flushing) return
    const batch = { ...state.pending }
    if (Object.keys(batch).length === 0) return
    flushing = true
    try {
      let res = await request('POST', { changes: batch })
      // A restarted server has a new token: take it from this page as the server serves it now.
      if (res.status === 403 && (await refreshToken())) res = await request('POST', { changes: batch })
      if (!res.ok) {
        const answer = (await res.json().catch(() => ({}))) as { error?: string }
        throw new Error(answer.error ?? `could not save (HTTP ${res.status})`)
      }
      persistPending({}, batch)
      saveError.value = ''
    } catch (error) {
      const message = error instanceof TypeError ? 'could not save: the kit’s server does not answer' : (error as Error).message
      saveError.value = `${message}. Kept in this browser; retrying.`
    } finally {
      flushing = false
    }
  }
  const flushSoon = useDebounceFn(flush, 250)

  let loaded = false
  async function loadFromServer(): Promise<void> {
    if (!engagement) return
    try {
      let res = await request('GET')
      if (res.status === 403 && (await refreshToken())) res = await request('GET')
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      const { record, problems } = (await res.json()) as { record: AnswersRecord; problems?: string[] }
      // The server names the file and line; the folder path itself is not shown on the projector.
      notice.value = (problems ?? []).map((line) => line.replace(/^.*[\\/]/, '')).join(' ')
      // Server values fill in what this browser lacks; newer browser values are queued for the server.
      persistLocal(record.fields)
      const newer: FieldChanges = {}
      for (const [path, change] of Object.entries(state.fields)) {
        const server = record.fields[path]
        if (!server || server.at < change.at) newer[path] = change
      }
      if (Object.keys(newer).length) persistPending(newer)
      loaded = true
      ready.value = true
      saveError.value = ''
      await flush()
    } catch {
      ready.value = true
      saveError.value = 'could not reach the kit’s server: answers are kept in this browser; retrying.'
    }
  }

  function setMany(values: Record<string, string>): void {
    const at = new Date().toISOString()
    const changes: FieldChanges = {}
    for (const [path, value] of Object.entries(values)) if ((state.fields[path]?.value ?? '') !== value) changes[path] = { value, at }
    if (Object.keys(changes).length === 0) return
    const ok = persistLocal(changes)
    for (const path of Object.keys(changes)) {
      if (ok) delete state.localFailed[path]
      else state.localFailed[path] = true
    }
    if (!hasStorage) Object.assign(state.fields, changes)
    if (engagement) {
      persistPending(changes)
      void flushSoon()
    }
  }

  if (typeof window !== 'undefined') {
    useEventListener(window, 'storage', (event: StorageEvent) => {
      if (event.key === RECORD_KEY) state.fields = readJson<FieldChanges>(RECORD_KEY, {})
      if (event.key === PENDING_KEY) {
        state.pending = readJson<FieldChanges>(PENDING_KEY, {})
        // Another window delivered what was waiting: nothing is unsaved any more.
        if (loaded && Object.keys(state.pending).length === 0) saveError.value = ''
      }
    })
    if (engagement) {
      void loadFromServer()
      // Retry what is waiting; also picks up a server that came back.
      useIntervalFn(() => {
        if (!loaded) void loadFromServer()
        else if (Object.keys(state.pending).length) void flush()
      }, RETRY_MS)
    }
  }

  return {
    value: (path) => state.fields[path]?.value ?? '',
    set: (path, value) => setMany({ [path]: value }),
    setMany,
    paths: (prefix) => Object.keys(state.fields).filter((path) => path.startsWith(prefix)),
    problem: (path) => fieldProblem(path, state.fields[path]?.value ?? ''),
    saveState(path) {
      if (state.localFailed[path]) return 'failed'
      if (!engagement) return 'local'
      if (state.pending[path]) return saveError.value ? 'failed' : 'pending'
      return 'saved'
    },
    saveError,
    notice,
    engaged: engagement !== null,
    async send(endpoint, method, body) {
      if (!engagement) throw new Error('not served with an engagement')
      const res = await request(method, body, endpoint)
      return res.status === 403 && (await refreshToken()) ? request(method, body, endpoint) : res
    },
    ready,
    fields: computed(() => state.fields),
  }
}

export interface FieldCodec<T> {
  /** The stored text as a value, or undefined when it cannot be read (the current value stays). */
  read(text: string): T | undefined
  write(value: T): string
}

export const textCodec: FieldCodec<string> = { read: (text) => text, write: (value) => value }

/**
 * Keep a component's ref in step with one field of the record: a stored value replaces the ref's
 * default when the component starts (and when another window changes it); every change of the ref
 * is saved. Without a path it does nothing (a demo instance saves nothing).
 */
export function syncWithRecord<T>(path: string | undefined, target: Ref<T>, codec: FieldCodec<T>): void {
  if (!path) return
  const answers = useEngagementRecord()
  const load = () => {
    const text = answers.fields.value[path]?.value
    if (text === undefined || text === codec.write(target.value)) return
    const value = codec.read(text)
    if (value !== undefined) target.value = value
  }
  load()
  watch(() => answers.fields.value[path]?.value, load)
  watch(target, (value) => answers.set(path, codec.write(value)), { deep: true })
}
