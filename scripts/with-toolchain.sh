#!/usr/bin/env bash
# Runs a command with the project's toolchain (Node.js >= 22, the pinned Pulumi CLI) first on PATH and the
# offline Pulumi defaults set. Provides the toolchain first if needed (cached: seconds after the first time).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$root/.toolchain"
# Progress goes to the terminal as it happens (a first run builds for minutes) and to a log kept for failures.
log="$root/.toolchain/setup.log"
if ! "$root/scripts/setup-toolchain.sh" 2>&1 | tee "$log" >&2; then
  echo "toolchain: setup failed; the whole log is in $log" >&2
  exit 1
fi
# shellcheck source=/dev/null
source "$root/.toolchain/env.sh"
exec "$@"
