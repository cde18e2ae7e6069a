#!/usr/bin/env bash
# Generates the Go, Python, Node.js, Java and .NET SDKs of the cce-autopilot plugin into sdk/go, sdk/python,
# sdk/nodejs, sdk/java and sdk/dotnet (committed), from the schema the plugin serves, with the pinned code
# generators (scripts/sdkgen, scripts/sdkgen-java and scripts/sdkgen-dotnet, built by the toolchain as cce-sdkgen,
# cce-sdkgen-java and cce-sdkgen-dotnet). `pulumi package gen-sdk` is not used: it asks each language's host to
# generate, and the hosts this toolchain can build do not. Run through `npm run sdk:gen`, which provides the
# toolchain first.
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
for generator in cce-sdkgen cce-sdkgen-java cce-sdkgen-dotnet; do
  command -v "$generator" >/dev/null || {
    echo "sdk-gen: $generator is not on PATH: run through \`npm run sdk:gen\` (it sets up the toolchain)" >&2
    exit 1
  }
done
schema="$(mktemp)"
trap 'rm -f "$schema"' EXIT
(cd "$root" && npx tsc -p tsconfig.json && node dist/scripts/print-schema.js "${schema_args[@]}" >"$schema")
mkdir -p "$out"
cce-sdkgen --schema "$schema" --out "$out"
# pulumi-java's code generator prints its warnings on stdout (a secret config variable "does not have an Output
# type": the Java getters read it as a plain string, as the Go and Python ones would without scripts/sdkgen's fix).
cce-sdkgen-java --schema "$schema" --out "$out" >&2
cce-sdkgen-dotnet --schema "$schema" --out "$out"
echo "sdk-gen: wrote $out/go, $out/python, $out/nodejs, $out/java and $out/dotnet"
