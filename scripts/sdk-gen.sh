#!/usr/bin/env bash
# Generates the Go, Python and Node.js SDKs of the cce-autopilot plugin into sdk/go, sdk/python and sdk/nodejs
# (committed), from the schema the plugin serves, with the pinned Pulumi code generators (scripts/sdkgen, built by
# the toolchain as cce-sdkgen). `pulumi package gen-sdk` is not used: it asks each language's host to generate, and this
# toolchain builds no Python host. Run through `npm run sdk:gen`, which provides the toolchain first.
# Usage: scripts/sdk-gen.sh [--plugin-download-url URL] [OUT_DIR]
#   OUT_DIR defaults to sdk (the e2e test writes elsewhere and compares); the download location the SDKs give the
#   engine defaults to the project's releases: a private mirror passes the one it packed the plugin with.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
schema_args=()
if [ "${1:-}" = --plugin-download-url ]; then
  [ -n "${2:-}" ] || { echo "sdk-gen: --plugin-download-url needs a URL" >&2; exit 2; }
  schema_args=(--plugin-download-url "$2")
  shift 2
fi
out="${1:-$root/sdk}"
command -v cce-sdkgen >/dev/null || {
  echo "sdk-gen: cce-sdkgen is not on PATH: run through \`npm run sdk:gen\` (it sets up the toolchain)" >&2
  exit 1
}
schema="$(mktemp)"
trap 'rm -f "$schema"' EXIT
(cd "$root" && npx tsc -p tsconfig.json && node dist/scripts/print-schema.js "${schema_args[@]}" >"$schema")
mkdir -p "$out"
cce-sdkgen --schema "$schema" --out "$out"
echo "sdk-gen: wrote $out/go, $out/python and $out/nodejs"
