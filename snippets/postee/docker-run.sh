#!/usr/bin/env bash
# Run Postee on this machine with snippets/postee/cfg.yaml, in the foreground (Ctrl-C stops it).
#   HTTP  :8082  → Aqua: Settings > Image Scan Results Webhook = http://<this host>:8082
#   HTTPS :8445  (self-signed certificate unless you provide one)
# Export first: AQUA_CONSOLE_URL SLACK_WEBHOOK_URL TEAMS_WEBHOOK_URL JIRA_USER JIRA_API_TOKEN
#               SMTP_USER SMTP_PASSWORD        (optional: POSTEE_IMAGE, default aquasec/postee:latest)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
for v in AQUA_CONSOLE_URL SLACK_WEBHOOK_URL TEAMS_WEBHOOK_URL JIRA_USER JIRA_API_TOKEN SMTP_USER SMTP_PASSWORD; do
  if [ -z "${!v:-}" ]; then echo "docker-run.sh: export $v first" >&2; exit 2; fi
done

# #region render
# Postee expands $VAR only in user/password/token; fill in the URLs here, in a private directory.
workdir=$(mktemp -d)                      # mode 700: only this user can look inside
trap 'rm -rf "$workdir"' EXIT
cfg=$(<"$here/cfg.yaml")
cfg=${cfg//'$AQUA_CONSOLE_URL'/"$AQUA_CONSOLE_URL"}
cfg=${cfg//'$SLACK_WEBHOOK_URL'/"$SLACK_WEBHOOK_URL"}
cfg=${cfg//'$TEAMS_WEBHOOK_URL'/"$TEAMS_WEBHOOK_URL"}
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
