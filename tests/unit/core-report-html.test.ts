// The HTML compliance report: complete, self-contained, escaped.
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../core/policy.ts'
import { renderComplianceReport } from '../../core/report-html.ts'
import { escapeHtml } from '../../core/html/escape.ts'
import { POKEMONGO, fixture, guidePolicy, load, policy, report } from './core-test-helpers.ts'

const NOW = new Date('2026-01-01T00:00:00Z')

function render(file: string, policies = [guidePolicy()]) {
  const scan = load(file)
  const verdict = evaluate(scan, policies, { now: NOW })
  return { scan, verdict, html: renderComplianceReport(scan, verdict, policies) }
}

describe('renderComplianceReport', () => {
  it('is a complete, self-contained document: no scripts, no external URLs, inline CSS and SVG', () => {
    const { html } = render(POKEMONGO)
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html.trimEnd().endsWith('</html>')).toBe(true)
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/\s(src|href)\s*=/i)
    expect(html).not.toMatch(/url\(/i)
    expect(html).not.toMatch(/@import/i)
    expect(html).not.toMatch(/https?:\/\//)
    expect(html).toContain('<style>')
    expect(html).toContain('@page { size: A4')
    expect(html.match(/<svg /g)?.length).toBe(2) // bar + donut
    expect(html).toContain("default-src 'none'")
  })

  it('shows image, OS, scan date, counts, banner, controls, evidence, top findings and actions', () => {
    const { html } = render(POKEMONGO)
    expect(html).toContain('<h1>ashex/pokemongo-map:latest</h1>')
    expect(html).toContain('alpine 3.4.0')
    expect(html).toContain('2020-05-11T10:51:05.762Z')
    // The guide policy fails CI/CD and does not mark images non-compliant: both outcomes are said.
    expect(html).toContain('<strong>Compliant</strong><span>Aqua CI/CD step fails (exit code 4). Failed: workshop-custom-example (audit, fail CI/CD). Failed controls: Vulnerability Severity, Vulnerability Score, Sensitive Data.</span>')
    expect(render(POKEMONGO, [guidePolicy({ block_failed: true })]).html).toContain('<strong>Non-compliant</strong>')
    expect(html).toContain('<td>2</td><td>52</td><td>184</td><td>11</td><td>34</td><td>0</td><td><strong>283</strong></td>')
    expect(html).toContain('Vulnerability Severity')
    expect(html).toContain('Showing 10 of 54.')
    expect(html).toContain('Top 20 findings')
    expect((html.match(/<tr><td class="mono">/g) ?? []).length).toBe(20)
    expect(html).toContain('Fix the vulnerabilities: maximum severity critical matched or exceeded the limit high.')
    expect(html).toContain('Not evaluated from this report: Superuser.')
    expect(html).toContain('vulnerability_summary') // the summary-mismatch warning is shown
  })

  it('puts the most severe findings first (alpine-39: the two critical musl findings)', () => {
    const { html } = render(report('trivy/alpine-39.json'))
    const ids = [...html.matchAll(/<tr><td class="mono">([^<]+)<\/td>/g)].map((m) => m[1])
    expect(ids).toEqual(['CVE-2019-14697', 'CVE-2019-14697', 'CVE-2019-1549', 'CVE-2019-1549', 'CVE-2019-1551', 'CVE-2019-1551'])
  })

  it('says compliant and CI/CD passes when only audit-only policies fail', () => {
    const audit = policy({ name: 'audit', fail_cicd: false, block_failed: false, cvss_severity_enabled: true, cvss_severity: 'low' })
    const { html, verdict } = render(report('trivy/alpine-310.json'), [audit])
    expect([verdict.compliant, verdict.failsCicd]).toEqual([true, false])
    expect(html).toContain('<strong>Compliant</strong><span>Aqua CI/CD step passes (exit code 0). Failed: audit (audit only).')
    expect(html).toContain('Failed (audit only)</span>')
    expect(html).toContain('On failure: audit.')
  })

  it('says where the rule is unverified: a policy that marks non-compliant but does not fail CI/CD', () => {
    const marks = policy({ name: 'marks', fail_cicd: false, block_failed: true, cvss_severity_enabled: true, cvss_severity: 'low' })
    const { html } = render(report('trivy/alpine-310.json'), [marks])
    expect(html).toContain('<strong>Non-compliant</strong><span>Aqua CI/CD step passes (exit code 0).')
    expect(html).toContain('<p class="note">Unverified: whether the Aqua scanner also fails the CI/CD step')
    expect(render(report('trivy/alpine-310.json')).html).not.toContain('Unverified')
  })

  it('escapes every string from the report and the policy', () => {
    const hostile = policy({
      name: '<img src=x onerror=alert(5)>',
      description: '<script>alert(6)</script>',
      only_none_root_users: true,
      cvss_severity_enabled: true,
      cvss_severity: 'low',
      forbidden_labels_enabled: true,
      forbidden_labels: [{ key: 'org.example.note', value: '*' }],
    })
    const { html } = render(fixture('trivy-hostile-text.json'), [hostile])
    // No markup from the data survives: no live tags, no event-handler attributes.
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/<img/i)
    expect(html).not.toMatch(/<b>musl/i)
    expect(html).not.toMatch(/<[^>]*\sonerror\s*=/i)
    expect(html).not.toContain('\u001b')
    // …but the text itself is shown, escaped.
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;') // the finding title
    expect(html).toContain('&lt;script&gt;alert(3)&lt;/script&gt;[31mred') // the image name, escape byte dropped
    expect(html).toContain('Runs as user &lt;/td&gt;&lt;script&gt;alert(4)&lt;/script&gt;.')
    expect(html).toContain('org.example.note=&lt;img src=x onerror=alert(2)&gt;')
    expect(html).toContain('&lt;img src=x onerror=alert(5)&gt;')
    expect(html).toContain('&lt;script&gt;alert(6)&lt;/script&gt;')
  })

  it('escapes descriptions with quotes and ampersands', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')"> & more`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt; &amp; more')
  })

  it('handles a report without findings', () => {
    const { html } = render(report('trivy/secrets.json'))
    expect(html).toContain('No vulnerabilities in this report.')
    expect(html).toContain('No vulnerabilities</title>')
  })
})
