#!/usr/bin/env bash
# Runs a command with the project's toolchain (Node.js >= 22, the pinned Pulumi CLI) first on PATH and the
# offline Pulumi defaults set. Provides the toolchain first if needed (cached: seconds after the first time).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$root/.toolchain"
"$root/scripts/setup-toolchain.sh" 2>"$root/.toolchain/setup.log" || { cat "$root/.toolchain/setup.log" >&2; exit 1; }
# shellcheck source=/dev/null
source "$root/.toolchain/env.sh"
exec "$@"
