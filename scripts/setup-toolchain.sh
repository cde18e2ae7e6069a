#!/usr/bin/env bash
# Provides Node.js >= 22, the Pulumi CLI, the Node.js language host and the dynamic-provider shim in
# .toolchain/bin, using only the npm registry and the Go module proxy (no get.pulumi.com).
# Idempotent: the built binaries are cached outside the clone, keyed by version, so a second run takes seconds.
# Writes .toolchain/env.sh, which puts .toolchain/bin first on PATH and sets the offline defaults.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=toolchain.env
source "$root/scripts/toolchain.env"
cache="${PULUMI_CCE_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cce-addon-rollback}"
tc="$root/.toolchain"
mkdir -p "$tc/bin" "$cache"

log() { printf 'toolchain: %s\n' "$*" >&2; }
die() { printf 'toolchain: error: %s\n' "$*" >&2; exit 1; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

provide_node() {
  local current
  current="$(command -v node || true)"
  if [ -n "$current" ] && [ "$current" != "$tc/bin/node" ] && [ "$(node_major "$current")" -ge 22 ]; then
    rm -f "$tc/bin/node"
    log "node $("$current" --version) from PATH"
    return
  fi
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) die "no Node.js 22 package for $(uname -m); install Node.js 22 or newer and run again" ;;
  esac
  local dir="$cache/node-v$NODE_VERSION-linux-$arch"
  if [ ! -x "$dir/bin/node" ]; then
    command -v npm >/dev/null || die "npm is needed to fetch Node.js $NODE_VERSION from the npm registry"
    log "fetching node-linux-$arch@$NODE_VERSION from the npm registry"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$NODE_VERSION" >/dev/null)
    tar -xzf "$tmp"/*.tgz -C "$tmp"
    rm -rf "$dir" && mv "$tmp/package" "$dir" && rm -rf "$tmp"
  fi
  ln -sfn "$dir/bin/node" "$tc/bin/node"
  log "node $("$tc/bin/node" --version) from $dir"
}

# Builds one Go program from a throwaway wrapper module: `go install pkg@version` refuses Pulumi's modules
# because their go.mod files carry replace directives, which a wrapper module ignores.
go_build() { # <work dir> <module@version> <package> <output> <version ldflag value>
  local work="$1" module="$2" pkg="$3" out="$4" version="$5"
  rm -rf "$work" && mkdir -p "$work"
  (
    cd "$work"
    go mod init local/pulumi-build >/dev/null 2>&1
    go get "$pkg@${module##*@}" >get.log 2>&1 || { cat get.log >&2; exit 1; }
    # Without the version stamp `pulumi version` prints nothing and the Automation API refuses the CLI.
    CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" -o "$out" "$pkg"
  )
}

provide_pulumi() {
  local want="v$PULUMI_VERSION" onpath
  onpath="$(command -v pulumi || true)"
  if [ -n "$onpath" ] && [ "$(readlink -f "$onpath")" != "$(readlink -f "$tc/bin/pulumi" 2>/dev/null)" ] &&
    [ "$(PULUMI_SKIP_UPDATE_CHECK=true "$onpath" version 2>/dev/null)" = "$want" ] &&
    [ -x "$(dirname "$onpath")/pulumi-language-nodejs" ]; then
    for b in pulumi pulumi-language-nodejs pulumi-resource-pulumi-nodejs; do
      [ -x "$(dirname "$onpath")/$b" ] && ln -sfn "$(dirname "$onpath")/$b" "$tc/bin/$b"
    done
    log "pulumi $want from PATH ($onpath)"
    return
  fi
  command -v go >/dev/null || die "the Pulumi CLI $want is not on PATH and Go is missing to build it; install Go 1.26.6 or newer"
  local bindir
  bindir="$cache/pulumi-$PULUMI_VERSION-langhost-sdk-$LANGHOST_SDK_VERSION-$(go env GOOS)-$(go env GOARCH)/bin"
  if [ ! -x "$bindir/pulumi" ] || [ ! -x "$bindir/pulumi-language-nodejs" ] ||
    [ ! -x "$bindir/pulumi-resource-pulumi-nodejs" ]; then
    export GOTOOLCHAIN=local GOFLAGS=-mod=mod
    # The checksum database is not reachable from build machines; the module proxy is.
    export GOSUMDB="${GOSUMDB_OVERRIDE:-off}"
    local work="$cache/build"
    mkdir -p "$bindir.partial"
    log "building pulumi $want from Go modules (several minutes on a cold cache)"
    go_build "$work/cli" "github.com/pulumi/pulumi/pkg/v3@$want" \
      github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$bindir.partial/pulumi" "$want"
    log "building pulumi-language-nodejs from github.com/pulumi/pulumi/sdk/v3@v$LANGHOST_SDK_VERSION"
    go_build "$work/langhost" "github.com/pulumi/pulumi/sdk/v3@v$LANGHOST_SDK_VERSION" \
      github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs "$bindir.partial/pulumi-language-nodejs" \
      "v$LANGHOST_SDK_VERSION"
    # The engine looks for the bundled pulumi-nodejs dynamic-provider plugin next to the pulumi binary; the shim
    # ships in the SDK module of the pinned version.
    (cd "$work/cli" && go mod download github.com/pulumi/pulumi/sdk/v3@$want)
    install -m 0755 "$(go env GOMODCACHE)/github.com/pulumi/pulumi/sdk/v3@$want/nodejs/dist/pulumi-resource-pulumi-nodejs" \
      "$bindir.partial/"
    rm -rf "$bindir" "$work" && mv "$bindir.partial" "$bindir"
  fi
  for b in pulumi pulumi-language-nodejs pulumi-resource-pulumi-nodejs; do ln -sfn "$bindir/$b" "$tc/bin/$b"; done
  log "pulumi $("$tc/bin/pulumi" version) from $bindir"
}

write_env() {
  cat >"$tc/env.sh" <<ENV
# Written by scripts/setup-toolchain.sh. Source it to use the project's Node.js and Pulumi CLI offline.
export PATH="$tc/bin:\$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_HOME="\${PULUMI_HOME:-$root/.pulumi-state/home}"
export PULUMI_BACKEND_URL="\${PULUMI_BACKEND_URL:-file://$root/.pulumi-state/backend}"
# A passphrase secrets provider for local stacks; override it for stacks you keep.
export PULUMI_CONFIG_PASSPHRASE="\${PULUMI_CONFIG_PASSPHRASE-local-stacks-only}"
ENV
  mkdir -p "$root/.pulumi-state/home" "$root/.pulumi-state/backend"
}

provide_node
export PATH="$tc/bin:$PATH"
provide_pulumi
write_env
