// The engagement's images on the slides: one shared state per page, so every "your images" slide
// shows the same list and the same picked image.
//
//   const e = useEngagementImages()
//   e.engaged            true when the kit was built or served for an engagement (virtual:kit-engagement)
//   e.ready / e.error    the index has loaded / why it could not (one sentence)
//   e.customer, e.policies   engagement.yaml's customer and the policies in play (Aqua JSON)
//   e.images             every image: the build's (rows of `kit engagement summary --json`, same
//                        `image` strings) and those added at run time, sorted by name
//   e.picked             the picked image's row (default: the worst, core/engagement/deck-data.ts)
//   e.pick(image)        pick by its `image` string; presenter and projector windows follow
//   e.pickedScan         the picked image's whole ScanResult, loaded on demand (null while loading)
//   e.scans              compact scans of ALL images, in the order of `images`, for PolicyImpact;
//                        null until loadScans() has fetched them
//   e.loadScans()        fetch them (once)
//   e.add(scan, source)  add an image read at run time (the drop-in, issue 12 point 4): its row is
//                        made by the same core function as the build's, a newer scan of an image
//                        replaces the one shown, and it returns the row. `source` is the file name,
//                        which names an image its report leaves unnamed (engagementImageName).
//   e.remove(image)      take an image added at run time away again (a forgotten drop): the build's
//                        image of that name, if any, shows again; the build's own are never removed.
//
// Nothing here fetches anything but the kit's own files (virtual:kit-engagement), and only when a
// slide asks.
import { useStorage } from '@vueuse/core'
import { computed, ref, shallowRef, watch, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import engagement from 'virtual:kit-engagement'
import { compactScan, unpackFacts, worstImage, type EngagementIndexImage } from '../core/engagement/deck-data.ts'
import { engagementImage, sortImages, type EngagementImage } from '../core/engagement/images.ts'
import { readReport } from '../core/report.ts'
import type { ImageAssurancePolicy, ScanResult } from '../core/types.ts'

export interface EngagementImageEntry extends EngagementImage {
  /** 'build' for the engagement folder's reports, else the file it was added from. */
  source: string
}

export interface EngagementImages {
  engaged: boolean
  ready: Ref<boolean>
  error: Ref<string>
  customer: Ref<string>
  policies: ShallowRef<ImageAssurancePolicy[]>
  images: ComputedRef<EngagementImageEntry[]>
  picked: ComputedRef<EngagementImageEntry | undefined>
  pick(image: string): void
  pickedScan: ShallowRef<ScanResult | null>
  scans: ComputedRef<ScanResult[] | null>
  loadScans(): Promise<void>
  add(scan: ScanResult, source: string): EngagementImageEntry
  remove(image: string): void
}

let shared: EngagementImages | null = null

/**
 * The scan under the engagement's name for it (the report's own, or its file's when the report leaves
 * it unnamed), so every component's `data-image` is the `image` of `kit engagement summary --json`.
 */
function named(scan: ScanResult, image: string): ScanResult {
  return scan.image === image ? scan : { ...scan, image }
}

export function useEngagementImages(): EngagementImages {
  shared ??= create()
  return shared
}

function create(): EngagementImages {
  const ready = ref(false)
  const error = ref('')
  const customer = ref('')
  const policies = shallowRef<ImageAssurancePolicy[]>([])
  const built = shallowRef<EngagementIndexImage[]>([])
  const facts = shallowRef<ScanResult[] | null>(null)
  // Images added at run time, by name: the row and the whole scan.
  const added = shallowRef(new Map<string, { row: EngagementImageEntry; scan: ScanResult }>())
  const details = new Map<number, Promise<ScanResult>>()
  const pickedName = useStorage(`kit-engagement-picked:${engagement?.id ?? 'none'}`, '')
  const pickedScan = shallowRef<ScanResult | null>(null)

  if (engagement) {
    engagement
      .index()
      .then((index) => {
        customer.value = index.customer
        policies.value = index.policies
        built.value = index.images
        ready.value = true
      })
      .catch((e: unknown) => (error.value = (e as Error).message))
  } else ready.value = true

  const images = computed<EngagementImageEntry[]>(() => {
    const own = added.value
    const rows: EngagementImageEntry[] = built.value.filter((r) => !own.has(r.image)).map((r) => ({ ...r, source: 'build' }))
    return sortImages([...rows, ...[...own.values()].map((a) => a.row)]) as EngagementImageEntry[]
  })

  const picked = computed(() => images.value.find((r) => r.image === pickedName.value) ?? worstImage(images.value))

  function scanOf(image: string): Promise<ScanResult> | null {
    const own = added.value.get(image)
    if (own) return Promise.resolve(own.scan)
    const row = built.value.find((r) => r.image === image)
    if (!row || !engagement) return null
    let pending = details.get(row.detail)
    if (!pending) {
      // The report file itself, read here by the same readers as `kit engagement add`.
      pending = engagement.report(row.detail).then((text) => readReport(text, `images/${row.detail}.json`))
      details.set(row.detail, pending)
    }
    return pending
  }

  watch(
    // The source too: an image added at run time replaces the build's scan of the same name.
    () => (picked.value ? `${picked.value.source}\0${picked.value.image}` : undefined),
    () => {
      const image = picked.value?.image
      pickedScan.value = null
      const pending = image === undefined ? null : scanOf(image)
      pending
        ?.then((scan) => {
          if (picked.value?.image === image) pickedScan.value = named(scan, image!)
        })
        .catch((e: unknown) => (error.value = (e as Error).message))
    },
    { immediate: true },
  )

  const scans = computed<ScanResult[] | null>(() => {
    const all = facts.value
    if (engagement && !all) return null
    return images.value.map((row) => {
      const own = added.value.get(row.image)
      if (own) return named(compactScan(own.scan), row.image)
      return named(all![(row as EngagementImageEntry & { detail: number }).detail]!, row.image)
    })
  })

  let loading: Promise<void> | null = null
  function loadScans(): Promise<void> {
    if (!engagement) return Promise.resolve()
    loading ??= engagement.facts().then(
      (packed) => void (facts.value = unpackFacts(packed)),
      (e: unknown) => void (error.value = (e as Error).message),
    )
    return loading
  }

  function add(scan: ScanResult, source: string): EngagementImageEntry {
    const row: EngagementImageEntry = { ...engagementImage(scan, source, policies.value), source }
    const next = new Map(added.value)
    next.set(row.image, { row, scan })
    added.value = next
    return row
  }

  function remove(image: string): void {
    if (!added.value.has(image)) return
    const next = new Map(added.value)
    next.delete(image)
    added.value = next
  }

  return {
    engaged: engagement !== null,
    ready,
    error,
    customer,
    policies,
    images,
    picked,
    pick: (image: string) => void (pickedName.value = image),
    pickedScan,
    scans,
    loadScans,
    add,
    remove,
  }
}
