#!/usr/bin/env bash
# Rolls back a CCE Autopilot add-on from a CI pipeline: records the incident ID as the stack's trigger and runs
# `pulumi up`. Running it again with the same incident changes nothing and calls no Huawei Cloud API; a new
# incident ID rolls back once more.
#
# Inputs (environment):
#   STACK        the Pulumi stack to update, e.g. "prod" (must exist)
#   INCIDENT     the incident ID, e.g. "INC-4302" (letters, digits, '.', '_', '-')
#   PROGRAM_DIR  the Pulumi program (default: ../quickstart next to this script)
#   CONFIG_KEY   the config key the program takes its trigger from (default: incident)
# Credentials come from the environment (HW_ACCESS_KEY and HW_SECRET_KEY, or HW_AUTH_TOKEN), as pipeline
# secrets: never pass them on the command line, where they would show in logs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
program="${PROGRAM_DIR:-$here/../quickstart}"
key="${CONFIG_KEY:-incident}"

fail() { printf 'rollback.sh: %s\n' "$*" >&2; exit 2; }
[ -n "${STACK:-}" ] || fail "STACK is not set: give the stack to update, e.g. STACK=prod"
[ -n "${INCIDENT:-}" ] || fail "INCIDENT is not set: give the incident ID that triggers the rollback, e.g. INCIDENT=INC-4302"
[[ "$INCIDENT" =~ ^[A-Za-z0-9._-]{1,64}$ ]] ||
  fail "INCIDENT must be 1-64 letters, digits, '.', '_' or '-'; got '${INCIDENT:0:80}'"
[ -d "$program" ] || fail "PROGRAM_DIR $program is not a directory"
command -v pulumi >/dev/null || fail "pulumi is not on PATH"

cd "$program"
pulumi stack select "$STACK" --non-interactive
previous="$(pulumi config get "$key" 2>/dev/null || true)"
if [ "$previous" = "$INCIDENT" ]; then
  echo "Trigger is already $INCIDENT: pulumi up will change nothing."
else
  echo "Trigger: ${previous:-<none>} -> $INCIDENT: pulumi up rolls the add-on back and waits until it has finished."
fi
pulumi config set "$key" "$INCIDENT" --non-interactive
pulumi up --yes --non-interactive --skip-preview
pulumi stack output --json
