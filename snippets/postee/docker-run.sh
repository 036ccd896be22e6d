#!/usr/bin/env bash
# Run Postee on this machine with snippets/postee/cfg.yaml, in the foreground (Ctrl-C stops it).
#   HTTP  :8082  → Aqua: Settings > Image Scan Results Webhook = http://<this host>:8082
#   HTTPS :8445  (self-signed certificate unless you provide one)
# The Aqua SaaS console posts to this host from the internet: the host and port must be reachable
# from there (a public address, or a tunnel or reverse proxy your network team allows).
#
# Needs AQUA_CONSOLE_URL and at least one target. A target is switched on only when its variables
# are set, and then all of them must be:
#   Slack   SLACK_WEBHOOK_URL
#   Teams   TEAMS_WEBHOOK_URL
#   Jira    JIRA_URL JIRA_PROJECT_KEY JIRA_USER JIRA_API_TOKEN
#   email   SMTP_HOST SMTP_PORT SMTP_USER SMTP_PASSWORD MAIL_FROM MAIL_TO
# Optional: POSTEE_IMAGE (default aquasec/postee:latest).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fail() { echo "docker-run.sh: $*" >&2; exit 2; }

[ -n "${AQUA_CONSOLE_URL:-}" ] || fail "export AQUA_CONSOLE_URL first (your console's URL, for links in messages)"
on=()
for spec in SLACK=SLACK_WEBHOOK_URL TEAMS=TEAMS_WEBHOOK_URL \
            JIRA=JIRA_URL,JIRA_PROJECT_KEY,JIRA_USER,JIRA_API_TOKEN \
            EMAIL=SMTP_HOST,SMTP_PORT,SMTP_USER,SMTP_PASSWORD,MAIL_FROM,MAIL_TO; do
  t=${spec%%=*}; vars=${spec#*=}; given=0; missing=()
  for v in ${vars//,/ }; do
    if [ -n "${!v:-}" ]; then given=$((given + 1)); else missing+=("$v"); fi
  done
  if [ "$given" -eq 0 ]; then printf -v "${t}_ENABLE" false; continue; fi
  [ ${#missing[@]} -eq 0 ] || fail "the $t target is half set: export ${missing[*]} too, or unset its other variables"
  printf -v "${t}_ENABLE" true; on+=("$t")
done
[ ${#on[@]} -gt 0 ] || fail "export the variables of at least one target (for example SLACK_WEBHOOK_URL)"
echo "docker-run.sh: targets on: ${on[*]}; every scan is also written to this log" >&2

# #region render
# Postee expands $VAR only in user/password/token; fill in the rest here, in a private directory.
workdir=$(mktemp -d)                      # mode 700: only this user can look inside
trap 'rm -rf "$workdir"' EXIT
cfg=$(<"$here/cfg.yaml")
for v in AQUA_CONSOLE_URL SLACK_WEBHOOK_URL TEAMS_WEBHOOK_URL JIRA_URL JIRA_PROJECT_KEY SMTP_HOST SMTP_PORT MAIL_FROM MAIL_TO \
         SLACK_ENABLE TEAMS_ENABLE JIRA_ENABLE EMAIL_ENABLE; do
  cfg=${cfg//"\$$v"/"${!v:-}"}
done
printf '%s\n' "$cfg" > "$workdir/cfg.yaml"
chmod 644 "$workdir/cfg.yaml"             # the container runs as user postee (uid 1099)
# #endregion render

# #region run
# -e NAME (no value) hands the variable over without putting the secret on the command line;
# the named volume keeps Postee's database (and so the de-duplication) across restarts.
docker run --rm --name postee \
  -p 8082:8082 -p 8445:8445 \
  -v "$workdir/cfg.yaml:/config/cfg.yaml:ro" \
  -v postee-db:/server/database \
  -e POSTEE_CFG=/config/cfg.yaml \
  -e JIRA_USER -e JIRA_API_TOKEN -e SMTP_USER -e SMTP_PASSWORD \
  "${POSTEE_IMAGE:-aquasec/postee:latest}"
# #endregion run
