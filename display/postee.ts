// Which Postee routes fire for one scan, with the rule each route uses (Rego `input:` expressions on
// the webhook payload, as in Postee's own cfg.yaml, github.com/aquasecurity/postee). Pure: the
// verdict and the count of critical findings in, the routes out.
export type PosteeTarget = 'jira' | 'slack' | 'teams'

export interface PosteeRoute {
  target: PosteeTarget
  /** What the target receives, e.g. "Jira ticket". */
  label: string
  /** The route's input rule, verbatim. */
  rule: string
  /** The rule in words. */
  meaning: string
  fires: boolean
  /** Why it fires or not, with the number it looked at. */
  because: string
}

export const NON_COMPLIANT_RULE = 'input.image_assurance_results.disallowed == true'
export const CRITICAL_RULE = 'input.vulnerability_summary.critical > 0'

export function posteeRoutes(compliant: boolean, critical: number): PosteeRoute[] {
  const criticalFires = critical > 0
  const criticalBecause = criticalFires ? `${critical} critical` : 'no critical'
  return [
    {
      target: 'jira',
      label: 'Jira ticket',
      rule: NON_COMPLIANT_RULE,
      meaning: 'image non-compliant',
      fires: !compliant,
      because: compliant ? 'image compliant' : 'image non-compliant',
    },
    { target: 'slack', label: 'Slack message', rule: CRITICAL_RULE, meaning: 'critical findings', fires: criticalFires, because: criticalBecause },
    { target: 'teams', label: 'Teams message', rule: CRITICAL_RULE, meaning: 'critical findings', fires: criticalFires, because: criticalBecause },
  ]
}
