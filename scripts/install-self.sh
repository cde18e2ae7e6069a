#!/usr/bin/env bash
# Installs this package into the repository's own node_modules the way npm installs it for a user (a real
# directory unpacked from `npm pack`, not a link), so that `pulumi up` at the repository root runs
# examples/quickstart: the program and Pulumi's provider process both resolve `pulumi-cce-addon-rollback` from
# there. (npm itself refuses to install a package into a project of the same name.)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
npm run build --silent
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
tarball="$(npm pack --silent --pack-destination "$tmp" | tail -n 1)"
target="node_modules/pulumi-cce-addon-rollback"
rm -rf "$target" && mkdir -p "$target"
tar -xzf "$tmp/$tarball" -C "$target" --strip-components=1
echo "installed $(node -p "require('./$target/package.json').version") into $target"
