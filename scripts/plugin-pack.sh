#!/usr/bin/env bash
# Packs the cce-autopilot resource plugin into a tarball that `pulumi plugin install` installs for users outside
# this repository:
#
#   npm run plugin:pack
#   pulumi plugin install resource cce-autopilot <version> -f dist/plugin/pulumi-resource-cce-autopilot-v<version>-<os>-<arch>.tar.gz
#
# The tarball holds real files only (the engine refuses links that point outside the plugin folder): the
# bin/pulumi-resource-cce-autopilot wrapper at its root, the compiled provider (dist/provider, no tests, no source
# maps), package.json, and a production node_modules with @pulumi/pulumi, undici and zod at the versions of this
# repository's package-lock.json. It needs Node.js >= 22 on PATH where it runs; the code is plain JavaScript, so the
# os/arch in the name only follow the plugin naming convention. Prints the tarball's path on the last line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

version="$(node -p 'require("./package.json").version')"
os="$(uname -s | tr '[:upper:]' '[:lower:]')"
case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) arch="$(uname -m)" ;;
esac
out="${PLUGIN_PACK_OUT:-$root/dist/plugin}"
tarball="$out/pulumi-resource-cce-autopilot-v$version-$os-$arch.tar.gz"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
say() { printf 'plugin:pack: %s\n' "$*" >&2; }

say "compiling the provider into the package (no tests, no source maps)"
npx tsc -p tsconfig.build.json --outDir "$stage/dist"
rm -rf "$stage/dist/sdk"
find "$stage/dist" -name '*.d.ts' -delete

say "installing the production modules (@pulumi/pulumi, undici, zod) from package-lock.json"
# The plugin's own package.json: the runtime dependencies, with @pulumi/pulumi (a peer and dev dependency of the
# TypeScript package) pinned to the version the tests run.
node -e '
  const p = require("./package.json");
  const plugin = {
    name: "pulumi-resource-cce-autopilot",
    version: p.version,
    description: "The cce-autopilot Pulumi resource plugin: " + p.description,
    license: p.license,
    private: true,
    engines: p.engines,
    dependencies: { ...p.dependencies, "@pulumi/pulumi": p.devDependencies["@pulumi/pulumi"] },
  };
  require("fs").writeFileSync(process.argv[1], JSON.stringify(plugin, null, 2) + "\n");
' "$stage/package.json"
cp package-lock.json "$stage/package-lock.json"
(cd "$stage" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error >&2)
rm -f "$stage/package-lock.json"
# Links (node_modules/.bin) would be refused by `pulumi plugin install`; types and source maps are not run.
find "$stage/node_modules" -name .bin -type d -prune -exec rm -rf {} +
find "$stage/node_modules" -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -delete
if [ -n "$(find "$stage" -type l | head -n 1)" ]; then
  say "error: links left in the package:"
  find "$stage" -type l >&2
  exit 1
fi
for module in @pulumi/pulumi undici zod; do
  [ -f "$stage/node_modules/$module/package.json" ] || { say "error: $module is missing from node_modules"; exit 1; }
done

cp bin/pulumi-resource-cce-autopilot "$stage/pulumi-resource-cce-autopilot"
chmod 755 "$stage/pulumi-resource-cce-autopilot"
[ -f LICENSE ] && cp LICENSE "$stage/"

mkdir -p "$out"
rm -f "$tarball"
tar -czf "$tarball" -C "$stage" .
say "$(du -h "$tarball" | cut -f1) ($(du -sh "$stage" | cut -f1) unpacked)"
echo "$tarball"
