// Benchmarks for the typed core: policy evaluation throughput and reading a 50 MB report.
// Inputs are built by repeating real findings from data/reports (nothing invented).
//
//   tsx bench/engine.ts            prints the figures
//   benchEngine()                  returns them (for scripts/bench.ts)
//
// Budgets from the brief: 10 policies × 50 scans of 1,000 findings ≤ 16 ms; 50 MB read ≤ 1 s with
// peak RSS ≤ 500 MB (measured in a child process so the parent's heap does not count).
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { evaluate } from '../core/policy.ts'
import { readReportFile } from '../core/files.ts'
import { parseReport } from '../core/report.ts'
import type { ImageAssurancePolicy, ScanResult, Severity } from '../core/types.ts'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const REPORTS = join(ROOT, 'data', 'reports')

export interface EngineBench {
  /** Median wall time of evaluating 10 policies against 50 scans of 1,000 findings (warm index). */
  evaluateMs: number
  /** Fastest warm run: closest to the cost on an idle machine. */
  evaluateMinMs: number
  /** The same, first run only, including building each scan's index. */
  evaluateColdMs: number
  runs: number
  /** Median time to read and map the generated 50 MB report (child process, file → ScanResult). */
  parse50MbMs: number
  /** Fastest of the child-process reads. */
  parse50MbMinMs: number
  /** CPU time (user + system) of the fastest read: less sensitive to other load on the machine. */
  parse50MbCpuMs: number
  /** Peak resident set size of that child process, in MB. */
  parse50MbPeakMb: number
  /**
   * Median of the floor: reading the same file's text and a bare JSON.parse, in a fresh process of its
   * own, in the same run. The reader's own cost is parse50MbMs ÷ this (goal ≤ 1.2).
   */
  parse50MbJsonParseMs: number
  /** parse50MbMs ÷ parse50MbJsonParseMs. */
  parse50MbRatioToJsonParse: number
  /** CPU time of the fastest floor run, and the reader's CPU ÷ it: the ratio with the machine's other load taken out. */
  parse50MbJsonParseCpuMs: number
  parse50MbCpuRatioToJsonParse: number
  parse50MbBytes: number
  parse50MbFindings: number
  /** One-minute load average while measuring: wall times on a busy machine are not budgets missed. */
  loadAverage: number
  cpus: number
}

/** Every Trivy vulnerability object in data/reports/trivy, serialised once. */
function realTrivyVulnerabilities(): Array<{ json: string; severity: string }> {
  const out: Array<{ json: string; severity: string }> = []
  for (const file of readdirSync(join(REPORTS, 'trivy')).sort()) {
    const doc = JSON.parse(readFileSync(join(REPORTS, 'trivy', file), 'utf8')) as { Results?: Array<{ Vulnerabilities?: unknown[] | null }> }
    for (const result of doc.Results ?? []) {
      for (const v of result.Vulnerabilities ?? []) out.push({ json: JSON.stringify(v), severity: String((v as { Severity?: string }).Severity ?? '') })
    }
  }
  return out
}

export interface LargeReport {
  text: string
  /** How many times the real findings were repeated. */
  reps: number
  /** Severity counts of one repetition (lower-case keys). */
  perRep: Record<Severity, number>
  findings: number
}

/**
 * A Trivy SchemaVersion 2 report of at least `targetBytes`, made of the real Trivy findings repeated;
 * each repetition is one Result, so the structure is what a large multi-target scan looks like.
 */
export function buildLargeTrivyReport(targetBytes = 50 * 1024 * 1024): LargeReport {
  const vulns = realTrivyVulnerabilities()
  const chunk = vulns.map((v) => v.json).join(',')
  const perRep: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, negligible: 0, unknown: 0 }
  for (const v of vulns) perRep[(v.severity.toLowerCase() as Severity) in perRep ? (v.severity.toLowerCase() as Severity) : 'unknown']++
  const head = '{"SchemaVersion":2,"ArtifactName":"bench/large-report","ArtifactType":"container_image","Metadata":{"OS":{"Family":"debian","Name":"10.13"}},"Results":['
  const parts: string[] = []
  let size = head.length
  let reps = 0
  do {
    const part = `{"Target":"bench-target-${reps} (debian 10.13)","Class":"os-pkgs","Type":"debian","Vulnerabilities":[${chunk}]}`
    parts.push(part)
    size += part.length + 1
    reps++
  } while (size < targetBytes)
  return { text: `${head}${parts.join(',')}]}`, reps, perRep, findings: reps * vulns.length }
}

/** `count` scans of exactly `findings` findings each, alternating Trivy and Aqua real findings. */
export function buildScans(count = 50, findings = 1000): ScanResult[] {
  const trivy = parseReport(JSON.parse(buildLargeTrivyReport(1).text), 'bench-trivy.json').findings
  const aquaFile = join(REPORTS, 'aqua', 'postee-pokemongo-map-alpine-3.4.0.json')
  const aquaBase = parseReport(JSON.parse(readFileSync(aquaFile, 'utf8')), aquaFile)
  const trivyBase = parseReport(JSON.parse(readFileSync(join(REPORTS, 'trivy', 'alpine-39.json'), 'utf8')), 'alpine-39.json')
  const scans: ScanResult[] = []
  for (let i = 0; i < count; i++) {
    const base = i % 2 === 0 ? aquaBase : trivyBase
    const pool = i % 2 === 0 ? aquaBase.findings : trivy
    const list = Array.from({ length: findings }, (_, j) => pool[(j + i) % pool.length]!)
    // A new object per scan (so each gets its own cached index), sharing the real finding objects.
    scans.push({ ...base, source: `bench-${i}.json`, findings: list, warnings: [] })
  }
  return scans
}

/** Ten policies of the kind a workshop layers: Default, prod gates, audit-only, allow lists, recent. */
export function benchPolicies(): ImageAssurancePolicy[] {
  const base = { assurance_type: 'image' }
  return [
    { ...base, name: 'Default', cvss_severity_enabled: true, cvss_severity: 'critical', disallow_malware: true },
    { ...base, name: 'prod-gate', cvss_severity_enabled: true, cvss_severity: 'high', maximum_score_enabled: true, maximum_score: 9, cves_black_list_enabled: true, cves_black_list: ['CVE-2021-44228', 'CVE-2019-14697'], only_none_root_users: true },
    { ...base, name: 'guide', disallow_malware: true, scan_sensitive_data: true, only_none_root_users: true, maximum_score_enabled: true, maximum_score: 7, cvss_severity_enabled: true, cvss_severity: 'high' },
    { ...base, name: 'no-fix-excluded', cvss_severity_enabled: true, cvss_severity: 'medium', cvss_severity_exclude_no_fix: true, maximum_score_enabled: true, maximum_score: 5, maximum_score_exclude_no_fix: true },
    { ...base, name: 'audit-low', fail_cicd: false, block_failed: false, cvss_severity_enabled: true, cvss_severity: 'low' },
    { ...base, name: 'allow-list', cvss_severity_enabled: true, cvss_severity: 'high', cves_white_list_enabled: true, cves_white_list: ['CVE-2020-1747', 'CVE-2019-14697'] },
    { ...base, name: 'recent', maximum_score_enabled: true, maximum_score: 7.5, ignore_recently_published_vln: true, ignore_recently_published_vln_period: 30 },
    { ...base, name: 'labels', required_labels_enabled: true, required_labels: [{ key: 'maintainer', value: '*' }], forbidden_labels_enabled: true, forbidden_labels: [{ key: 'debug', value: '' }] },
    { ...base, name: 'packages', packages_black_list_enabled: true, packages_black_list: [{ format: 'apk', name: 'busybox', version: '', version_range: '<1.30' }], blacklisted_licenses_enabled: true, blacklisted_licenses: ['GPL2'] },
    { ...base, name: 'platform', dta_enabled: true, custom_checks_enabled: true, custom_checks: [{}], scap_enabled: true, scap_files: [{}], force_microenforcer: true, trusted_base_images_enabled: true, trusted_base_images: [{ imagedigest: 'sha256:0' }] },
  ]
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function timeEvaluate(scans: ScanResult[], policies: ImageAssurancePolicy[], now: Date): number {
  const t = performance.now()
  for (const scan of scans) evaluate(scan, policies, { now })
  return performance.now() - t
}

export async function benchEngine(options: { runs?: number } = {}): Promise<EngineBench> {
  const runs = options.runs ?? 15
  const now = new Date('2026-01-01T00:00:00Z')
  const policies = benchPolicies()

  // Cold: fresh scans, so each evaluate builds the scan's index first.
  const evaluateColdMs = timeEvaluate(buildScans(), policies, now)
  const scans = buildScans()
  timeEvaluate(scans, policies, now) // build indexes and warm the JIT
  const times: number[] = []
  for (let i = 0; i < runs; i++) times.push(timeEvaluate(scans, policies, now))

  const large = buildLargeTrivyReport()
  const file = join(tmpdir(), `kit-bench-50mb-${process.pid}.json`)
  writeFileSync(file, large.text)
  const bytes = Buffer.byteLength(large.text)
  try {
    const parses: Array<{ ms: number; cpuMs: number; peakMb: number; findings: number }> = []
    const floors: number[] = []
    const floorCpu: number[] = []
    // Interleaved, so load on the machine touches both alike.
    for (let i = 0; i < 3; i++) {
      parses.push(parseInChild(file))
      const f = parseInChild(file, '--child-json-parse')
      floors.push(f.ms)
      floorCpu.push(f.cpuMs)
    }
    const parse50MbMs = median(parses.map((p) => p.ms))
    const floor = median(floors)
    return {
      evaluateMs: round(median(times)),
      evaluateMinMs: round(Math.min(...times)),
      evaluateColdMs: round(evaluateColdMs),
      runs,
      parse50MbMs: round(parse50MbMs),
      parse50MbMinMs: round(Math.min(...parses.map((p) => p.ms))),
      parse50MbCpuMs: round(Math.min(...parses.map((p) => p.cpuMs))),
      parse50MbPeakMb: round(Math.max(...parses.map((p) => p.peakMb))),
      parse50MbJsonParseMs: round(floor),
      parse50MbRatioToJsonParse: round(parse50MbMs / floor),
      parse50MbJsonParseCpuMs: round(Math.min(...floorCpu)),
      parse50MbCpuRatioToJsonParse: round(Math.min(...parses.map((p) => p.cpuMs)) / Math.min(...floorCpu)),
      parse50MbBytes: bytes,
      parse50MbFindings: parses[0]!.findings,
      loadAverage: round(loadavg()[0]!),
      cpus: cpus().length,
    }
  } finally {
    rmSync(file, { force: true })
  }
}

const round = (n: number) => Math.round(n * 100) / 100

/** Runs this file in a fresh Node process in --child-parse mode and reads its one-line JSON answer. */
function parseInChild(file: string, mode: '--child-parse' | '--child-json-parse' = '--child-parse'): { ms: number; cpuMs: number; peakMb: number; findings: number } {
  const self = fileURLToPath(import.meta.url)
  const out = execFileSync(process.execPath, ['--import', 'tsx', self, mode, file], { cwd: ROOT, encoding: 'utf8' })
  return JSON.parse(out.trim().split('\n').pop()!)
}

async function childParse(file: string): Promise<void> {
  const cpu0 = process.cpuUsage()
  const t = performance.now()
  const scan = await readReportFile(file)
  const ms = performance.now() - t
  const cpu = process.cpuUsage(cpu0)
  const cpuMs = (cpu.user + cpu.system) / 1000
  // maxRSS is the process's peak resident set size in kilobytes.
  const peakMb = process.resourceUsage().maxRSS / 1024
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, peakMb, findings: scan.findings.length })}\n`)
}

/** The floor: the file's text and one JSON.parse, nothing mapped. */
async function childJsonParse(file: string): Promise<void> {
  const { readFile } = await import('node:fs/promises')
  const cpu0 = process.cpuUsage()
  const t = performance.now()
  const doc = JSON.parse(await readFile(file, 'utf8')) as { Results: unknown[] }
  const ms = performance.now() - t
  const cpu = process.cpuUsage(cpu0)
  const peakMb = process.resourceUsage().maxRSS / 1024
  process.stdout.write(`${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, peakMb, findings: doc.Results.length })}\n`)
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]
if (isMain) {
  const i = process.argv.indexOf('--child-parse')
  const j = process.argv.indexOf('--child-json-parse')
  if (i !== -1) {
    await childParse(process.argv[i + 1]!)
  } else if (j !== -1) {
    await childJsonParse(process.argv[j + 1]!)
  } else {
    const r = await benchEngine()
    const lines = [
      `evaluate 10 policies × 50 scans × 1,000 findings: ${r.evaluateMs} ms median of ${r.runs}, fastest ${r.evaluateMinMs} ms (budget 16 ms); first run with index build ${r.evaluateColdMs} ms`,
      `read ${(r.parse50MbBytes / 1024 / 1024).toFixed(1)} MB Trivy report (${r.parse50MbFindings.toLocaleString('en')} findings): ${r.parse50MbMs} ms median of 3, fastest ${r.parse50MbMinMs} ms, CPU ${r.parse50MbCpuMs} ms (budget 1000 ms); peak RSS ${r.parse50MbPeakMb} MB (budget 500 MB)`,
      `bare read + JSON.parse of the same file: ${r.parse50MbJsonParseMs} ms median of 3; reader ÷ JSON.parse = ${r.parse50MbRatioToJsonParse} (goal ≤ 1.2); CPU ${r.parse50MbJsonParseCpuMs} ms, CPU ratio ${r.parse50MbCpuRatioToJsonParse}`,
      `load average ${r.loadAverage} on ${r.cpus} CPUs while measuring`,
    ]
    console.log(lines.join('\n'))
    console.log(JSON.stringify(r))
  }
}
