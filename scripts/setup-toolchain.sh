#!/usr/bin/env bash
# Provides Node.js >= 22, the Pulumi CLI, the Node.js language host, the dynamic-provider shim and the YAML, Go and
# Python and Java language hosts in .toolchain/bin, using only the npm registry and the Go module proxy (no
# get.pulumi.com), and in .toolchain/python a Python environment with the pinned `pulumi` package from PyPI.
# Idempotent: the built binaries are cached outside the clone, keyed by version, so a second run takes seconds.
# Writes .toolchain/env.sh, which puts .toolchain/bin first on PATH and sets the offline defaults.
#
# The Pulumi CLI: the pinned version, built once from Go modules, unless a `pulumi` on PATH is that exact version.
# With PULUMI_CCE_ACCEPT_PATH_PULUMI=1 (npm run demo sets it), any `pulumi` on PATH of at least the oldest version
# the package supports, with its Node.js language host and dynamic-provider shim beside it, is used instead, so a
# user who has Pulumi installed builds nothing. Tests, benchmarks and CI use the pinned version.
#
# The YAML, Go, Python and Java language hosts and the Python environment (for the native provider's end-to-end
# tests), cce-sdkgen (scripts/sdkgen, which writes the Go, Python and Node.js SDKs from the provider's schema),
# cce-sdkgen-java (scripts/sdkgen-java, the Java SDK), cce-sdkgen-dotnet (scripts/sdkgen-dotnet, the .NET SDK) and
# cce-gomodzip (scripts/gomodzip, the Go SDK's module for a release) are built by default, so that CI (.ci/run runs this script without arguments) and `npm test` have them. npm run
# demo needs none of them, so with PULUMI_CCE_ACCEPT_PATH_PULUMI=1 they are not built (that would cost about 12
# more minutes and 0.8 GB the first time: the Java host alone took 3 minutes here, the .NET generator about 3),
# only linked when they are beside the accepted `pulumi` or already in the cache. `--languages` /
# `--no-languages`, or PULUMI_CCE_TOOLCHAIN_LANGUAGES=1 / 0, override that default either way.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=toolchain.env
source "$root/scripts/toolchain.env"
cache="${PULUMI_CCE_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cce-addon-rollback}"
tc="${PULUMI_CCE_TOOLCHAIN_DIR:-$root/.toolchain}"
mkdir -p "$tc/bin" "$cache"

if [ "${PULUMI_CCE_ACCEPT_PATH_PULUMI:-}" = 1 ]; then build_languages=0; else build_languages=1; fi
build_languages="${PULUMI_CCE_TOOLCHAIN_LANGUAGES:-$build_languages}"
for arg in "$@"; do
  case "$arg" in
    --languages) build_languages=1 ;;
    --no-languages) build_languages=0 ;;
    *) printf 'usage: %s [--languages | --no-languages]\n' "$0" >&2; exit 2 ;;
  esac
done

started=$SECONDS
log() { printf 'toolchain: %s\n' "$*" >&2; }
elapsed() { local s=$((SECONDS - started)); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

# Prints a line every 30 s while a long step runs, so that a first run never looks stuck.
ticker_pid=""
start_ticker() {
  local what="$1"
  # Its sleep holds neither the script's stderr (a reader such as `tee` waits for every writer to close it) nor
  # the cache's lock (fd 9, below) once the ticker is stopped.
  (
    exec 9>&-
    while sleep 30 >/dev/null 2>&1; do log "still $what ($(elapsed) so far)"; done
  ) &
  ticker_pid=$!
}
stop_ticker() {
  # `wait` on the killed ticker returns non-zero: that must not stop the script (set -e).
  if [ -n "$ticker_pid" ]; then
    kill "$ticker_pid" 2>/dev/null || true
    wait "$ticker_pid" 2>/dev/null || true
  fi
  ticker_pid=""
}
trap stop_ticker EXIT
die() { printf 'toolchain: error: %s\n' "$*" >&2; exit 1; }

# One run at a time per cache. Two runs at once (two checkouts' `npm test`, CI beside a developer) would build into
# the same work and .partial folders, and each removed what the other was building: with the cache cold, the first
# build failed. The second run waits here for the first to finish, then finds its builds in the cache. The lock is a
# file in the cache held on fd 9 (flock, from util-linux), released when this script ends, however it ends.
lock_cache() {
  if ! command -v flock >/dev/null; then
    log "flock (util-linux) is missing: runs into $cache at the same time are not kept apart"
    return
  fi
  exec 9>"$cache/.lock"
  if ! flock -n 9; then
    log "another setup-toolchain.sh is working in $cache: waiting for it to finish"
    flock 9
  fi
}
lock_cache

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
go_build() { # <work dir> <module@version> <package> <output> <version ldflag value> [<version variable>]
  local work="$1" module="$2" pkg="$3" out="$4" version="$5"
  local version_var="${6:-github.com/pulumi/pulumi/sdk/v3/go/common/version.Version}"
  rm -rf "$work" && mkdir -p "$work"
  (
    cd "$work"
    go mod init local/pulumi-build >/dev/null 2>&1
    go get "$pkg@${module##*@}" >get.log 2>&1 || { cat get.log >&2; exit 1; }
    # Without the version stamp `pulumi version` prints nothing and the Automation API refuses the CLI.
    CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
      -ldflags "-s -w -X $version_var=$version" -o "$out" "$pkg"
  )
}

# The version a `pulumi` on PATH reports, without the leading v; empty when it cannot say.
path_pulumi_version() { PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null | sed -n 's/^v\([0-9][0-9.]*\).*/\1/p'; }

# The first `pulumi` on PATH outside .toolchain/bin, which only links what an earlier run chose (looking there
# would make a second npm run demo take the pinned version instead of the installed one).
path_pulumi() {
  local dirs d
  IFS=: read -ra dirs <<<"$PATH"
  for d in "${dirs[@]}"; do
    if [ -n "$d" ] && ! [ "$d" -ef "$tc/bin" ] && [ -f "$d/pulumi" ] && [ -x "$d/pulumi" ]; then
      printf '%s\n' "$d/pulumi"
      return
    fi
  done
}

# True when version $1 >= version $2.
version_at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]; }

# Links a Pulumi installation's CLI, language host and shim into .toolchain/bin, and remembers where it is.
pulumi_dir=""
link_pulumi_from() {
  for b in pulumi pulumi-language-nodejs pulumi-resource-pulumi-nodejs; do ln -sfn "$1/$b" "$tc/bin/$b"; done
  pulumi_dir="$1"
}

provide_pulumi() {
  local want="v$PULUMI_VERSION" onpath version dir
  onpath="$(path_pulumi)"
  if [ -n "$onpath" ]; then
    version="$(path_pulumi_version "$onpath")"
    dir="$(dirname "$onpath")"
    if [ -n "$version" ] && [ -x "$dir/pulumi-language-nodejs" ] && [ -x "$dir/pulumi-resource-pulumi-nodejs" ]; then
      if [ "v$version" = "$want" ] ||
        { [ "${PULUMI_CCE_ACCEPT_PATH_PULUMI:-}" = 1 ] && version_at_least "$version" "$MIN_PULUMI_VERSION"; }; then
        link_pulumi_from "$dir"
        log "using pulumi v$version from PATH ($onpath); nothing to build"
        return
      fi
      log "pulumi v$version on PATH is not used: ${PULUMI_CCE_ACCEPT_PATH_PULUMI:+older than v$MIN_PULUMI_VERSION, }the pinned $want is needed"
    elif [ -n "$version" ]; then
      log "pulumi v$version on PATH has no pulumi-language-nodejs and pulumi-resource-pulumi-nodejs beside it: not used"
    fi
  fi
  command -v go >/dev/null || die "the Pulumi CLI $want is not on PATH and Go is missing to build it; install Go 1.26.6 or newer"
  local bindir="$own_pulumi_bindir"
  if [ ! -x "$bindir/pulumi" ] || [ ! -x "$bindir/pulumi-language-nodejs" ] ||
    [ ! -x "$bindir/pulumi-resource-pulumi-nodejs" ]; then
    go_env
    local work="$cache/build"
    mkdir -p "$bindir.partial"
    log "no Pulumi CLI to use: building pulumi $want from Go modules, once. The first time this takes about 9"
    log "minutes on 2 cores (1.7 GB of modules and 1.8 GB of build cache for Go); later runs reuse $bindir."
    log "(With Pulumi $MIN_PULUMI_VERSION or newer installed, npm run demo uses it and builds nothing.)"
    log "fetching and compiling github.com/pulumi/pulumi/pkg/v3@$want"
    start_ticker "building pulumi $want"
    go_build "$work/cli" "github.com/pulumi/pulumi/pkg/v3@$want" \
      github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$bindir.partial/pulumi" "$want"
    stop_ticker
    log "built pulumi ($(elapsed)); fetching and compiling pulumi-language-nodejs from sdk/v3@v$LANGHOST_SDK_VERSION"
    start_ticker "building pulumi-language-nodejs"
    go_build "$work/langhost" "github.com/pulumi/pulumi/sdk/v3@v$LANGHOST_SDK_VERSION" \
      github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs "$bindir.partial/pulumi-language-nodejs" \
      "v$LANGHOST_SDK_VERSION"
    stop_ticker
    # The engine looks for the bundled pulumi-nodejs dynamic-provider plugin next to the pulumi binary; the shim
    # ships in the SDK module of the pinned version.
    (cd "$work/cli" && go mod download "github.com/pulumi/pulumi/sdk/v3@$want")
    install -m 0755 "$(go env GOMODCACHE)/github.com/pulumi/pulumi/sdk/v3@$want/nodejs/dist/pulumi-resource-pulumi-nodejs" \
      "$bindir.partial/"
    rm -rf "$bindir" "$work" && mv "$bindir.partial" "$bindir"
  fi
  link_pulumi_from "$bindir"
  log "using pulumi $("$tc/bin/pulumi" version) from $bindir"
}

# The bin directory of the Pulumi CLI this script builds (empty without Go).
own_pulumi_bindir=""
if command -v go >/dev/null; then
  own_pulumi_bindir="$cache/pulumi-$PULUMI_VERSION-langhost-sdk-$LANGHOST_SDK_VERSION"
  own_pulumi_bindir+="-$(go env GOOS)-$(go env GOARCH)/bin"
fi

go_env() {
  export GOTOOLCHAIN=local GOFLAGS=-mod=mod
  # Off by default: where only a module proxy is reachable, the checksum database is not (GOSUMDB_OVERRIDE
  # turns it back on).
  export GOSUMDB="${GOSUMDB_OVERRIDE:-off}"
}

# Builds one language host into its own cache directory, keyed by its version, once.
build_language_host() { # <name> <cache dir> <module@version> <package> <version> [<version variable>]
  local name="$1" dir="$2" module="$3" pkg="$4" version="$5" version_var="${6:-}"
  go_env
  log "building $name $version from $module, once (a few minutes the first time); later runs reuse $dir"
  start_ticker "building $name"
  rm -rf "$dir.partial" && mkdir -p "$dir.partial"
  go_build "$cache/build-$name" "$module" "$pkg" "$dir.partial/$name" "$version" ${version_var:+"$version_var"}
  stop_ticker
  rm -rf "$dir" "$cache/build-$name" && mv "$dir.partial" "$dir"
  log "built $name ($(elapsed))"
}

# The YAML, Go and Java language hosts. Those beside an accepted `pulumi` on PATH are used as they are. Ours are
# built once per version and hard-linked beside the pulumi this script built: the engine looks for language hosts
# next to the running `pulumi` and warns on every run about one it finds elsewhere on PATH
# (sdk/go/common/workspace/plugins.go, GetPluginPath, in github.com/pulumi/pulumi).
provide_language_hosts() {
  local lang name version dir
  for lang in yaml go python java; do
    name="pulumi-language-$lang"
    if [ "$pulumi_dir" != "$own_pulumi_bindir" ] && [ -x "$pulumi_dir/$name" ]; then
      ln -sfn "$pulumi_dir/$name" "$tc/bin/$name"
      log "$name from $pulumi_dir"
      continue
    fi
    if ! command -v go >/dev/null; then
      rm -f "$tc/bin/$name"
      log "$name not provided: it is not beside $pulumi_dir/pulumi and Go is missing to build it"
      continue
    fi
    case "$lang" in
      yaml) version="v$YAML_LANGHOST_VERSION" ;;
      go) version="v$GO_LANGHOST_SDK_VERSION" ;;
      python) version="v$PYTHON_LANGHOST_SDK_VERSION" ;;
      java) version="v$JAVA_LANGHOST_VERSION" ;;
    esac
    dir="$cache/$name-${version#v}-$(go env GOOS)-$(go env GOARCH)"
    # The Python host runs the program through its shim, which it looks for beside its own executable (the
    # link's target). The shim is that of the pinned version: it is the one written for the `pulumi` package of
    # that version, and it takes the arguments the older host passes (it drops what an older package lacks).
    [ "$lang" = python ] && dir+="-exec-$PULUMI_VERSION"
    if [ ! -x "$dir/$name" ] || { [ "$lang" = python ] && [ ! -x "$dir/$python_exec" ]; }; then
      if [ "$build_languages" != 1 ]; then
        rm -f "$tc/bin/$name"
        log "$name not provided (not needed here; scripts/setup-toolchain.sh --languages builds it)"
        continue
      fi
      case "$lang" in
        yaml) build_language_host "$name" "$dir" "github.com/pulumi/pulumi-yaml@$version" \
          github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml "$version" \
          github.com/pulumi/pulumi-yaml/pkg/version.Version ;;
        go) build_language_host "$name" "$dir" "github.com/pulumi/pulumi/sdk/v3@$version" \
          github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go "$version" ;;
        python)
          [ -x "$dir/$name" ] || build_language_host "$name" "$dir" "github.com/pulumi/pulumi/sdk/v3@$version" \
            github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python "$version"
          install_python_exec "$dir" ;;
        java) build_language_host "$name" "$dir" "github.com/pulumi/pulumi-java/pkg@$version" \
          github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java "$version" \
          github.com/pulumi/pulumi-java/pkg/version.Version ;;
      esac
    fi
    if [ "$pulumi_dir" = "$own_pulumi_bindir" ]; then
      # The same file already (-ef) on a second run: nothing is replaced under a host that may be running.
      link_beside "$dir/$name" "$pulumi_dir/$name"
      [ "$lang" = python ] && link_beside "$dir/$python_exec" "$pulumi_dir/$python_exec"
      ln -sfn "$pulumi_dir/$name" "$tc/bin/$name"
    else
      ln -sfn "$dir/$name" "$tc/bin/$name"
    fi
    log "$name $version from $dir"
  done
}

python_exec=pulumi-language-python-exec

# Puts the Python host's shim of the pinned version (a Python script in the SDK module) into <dir>.
install_python_exec() { # <dir>
  go_env
  (cd "$cache" && go mod download "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION")
  install -m 0755 "$(go env GOMODCACHE)/github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION/python/cmd/$python_exec" \
    "$1/$python_exec"
}

# Hard-links (or copies) <file> to <target> unless it is that file already (-ef), so that a second run replaces
# nothing under a host that may be running.
link_beside() { # <file> <target>
  if ! [ "$2" -ef "$1" ]; then
    rm -f "$2"
    ln "$1" "$2" 2>/dev/null || install -m 0755 "$1" "$2"
  fi
}

# The SDK generators, each built from its own Go module under scripts/ and cached by the hash of its sources:
# cce-sdkgen (scripts/sdkgen: Go, Python and Node.js), cce-sdkgen-java (scripts/sdkgen-java: Java, as pulumi-java
# pins another pulumi pkg) and cce-sdkgen-dotnet (scripts/sdkgen-dotnet: .NET, whose code generator needs an older
# Pulumi than scripts/sdkgen's). Built with the flags of the CLI above, cce-sdkgen reuses the packages compiled for
# the CLI from Go's build cache: some seconds after the CLI, where `go run` with default flags compiles the code
# generators anew (about 6 minutes on 2 cores); cce-sdkgen-java shares the pulumi v3.228.0 packages compiled for
# the Java language host; cce-sdkgen-dotnet compiles its Pulumi packages once (about 3 minutes). The binaries also
# work from any directory, which `go run` of a module nested in a repository that is not one does not. What the three
# do alike (binding the schema, writing the files) is scripts/sdkgen-common, a module each replaces with its folder.
# cce-gomodzip (scripts/gomodzip) writes the Go SDK's module as a proxy serves it, for npm run release:build; it
# needs golang.org/x/mod alone and builds in seconds.
provide_go_tool() { # <binary name> <source directory under scripts/>
  local name="$1" src="$root/scripts/$2" key dir
  if ! command -v go >/dev/null; then
    rm -f "$tc/bin/$name"
    log "$name not provided: Go is missing to build it"
    return
  fi
  local sources=("$src/go.mod" "$src/go.sum" "$src"/*.go)
  # A generator that uses scripts/sdkgen-common (a replace in its go.mod) is built anew when that changes too.
  if grep -q '=> ../sdkgen-common' "$src/go.mod"; then
    sources+=("$root/scripts/sdkgen-common/go.mod" "$root/scripts/sdkgen-common"/*.go)
  fi
  key="$(cat "${sources[@]}" | sha256sum | cut -c1-16)"
  dir="$cache/$name-$key-$(go env GOOS)-$(go env GOARCH)"
  if [ ! -x "$dir/$name" ]; then
    if [ "$build_languages" != 1 ]; then
      rm -f "$tc/bin/$name"
      log "$name not provided (not needed here; scripts/setup-toolchain.sh --languages builds it)"
      return
    fi
    go_env
    log "building $name from scripts/$2 (seconds to minutes; once per change of its sources)"
    start_ticker "building $name"
    rm -rf "$dir.partial" && mkdir -p "$dir.partial"
    # -mod=readonly: its go.mod and go.sum are committed complete; a build must not rewrite them.
    (cd "$src" && GOFLAGS=-mod=readonly CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
      -ldflags "-s -w" -o "$dir.partial/$name" .)
    stop_ticker
    rm -rf "$dir" && mv "$dir.partial" "$dir"
    # Builds of other sources are dropped after a week (another clone may still link one of them meanwhile).
    # The 16 hex digits of the key keep cce-sdkgen's pattern off cce-sdkgen-dotnet's builds.
    find "$cache" -maxdepth 1 -name "$name-$(printf '[0-9a-f]%.0s' {1..16})-*" ! -path "$dir" -mtime +7 -exec rm -rf {} +
    log "built $name ($(elapsed))"
  fi
  ln -sfn "$dir/$name" "$tc/bin/$name"
  log "$name from $dir"
}

# Huawei's official Python SDK (tests/official-sdks/python/requirements.txt), in a virtual environment cached outside
# the clone, keyed by the requirements' hash and the Python version, and linked as .toolchain/huaweicloud-python.
# tests/integration/official-sdks.test.ts runs it against the emulator. Needs python3 (3.9 or newer, for the pinned
# requests and urllib3) and PyPI once.
provide_python_sdk() {
  local req="$root/tests/official-sdks/python/requirements.txt" py key dir
  py="$(command -v python3 || true)"
  if [ -z "$py" ]; then
    rm -f "$tc/huaweicloud-python"
    log "Huawei's Python SDK not provided: python3 is missing (install Python 3.9 or newer and run again)"
    return
  fi
  key="$( (cat "$req"; "$py" -c 'import sys; print(sys.version)') | sha256sum | cut -c1-16)"
  dir="$cache/huaweicloud-python-$key"
  # The marker is written last, so an interrupted install is redone instead of used.
  if [ ! -f "$dir/.complete" ]; then
    log "installing Huawei's Python SDK from PyPI into $dir, once"
    rm -rf "$dir"
    "$py" -m venv "$dir" || die "python3 -m venv failed (on Debian/Ubuntu: apt-get install python3-venv)"
    "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$req"
    "$dir/bin/python" -c 'import huaweicloudsdkcce.v3, huaweicloudsdkcore' || die "Huawei's Python SDK does not import"
    touch "$dir/.complete"
    find "$cache" -maxdepth 1 -name 'huaweicloud-python-*' ! -path "$dir" -mtime +7 -exec rm -rf {} +
  fi
  ln -sfn "$dir" "$tc/huaweicloud-python"
  log "Huawei's Python SDK from $dir"
}

# The modules of tests/official-sdks/go (Huawei's Go SDK), downloaded into Go's module cache once, so that the test
# builds the program offline.
provide_go_sdk() {
  if ! command -v go >/dev/null; then
    log "Huawei's Go SDK not provided: Go is missing"
    return
  fi
  go_env
  (cd "$root/tests/official-sdks/go" && GOFLAGS=-mod=readonly go mod download) ||
    die "downloading the modules of tests/official-sdks/go failed"
  log "Huawei's Go SDK modules in $(go env GOMODCACHE)"
}

# The Python environment of the Python programs of the tests: a virtual environment with the `pulumi` package of the
# pinned version and scripts/python-requirements.txt, from PyPI, cached and keyed by those versions, the Python
# version and the platform; .toolchain/python links it. A test lays a fresh environment of its own over it (a .pth
# file) and installs sdk/python into that one, so it never changes the shared cache and always runs the working
# tree's SDK. The Python program needs no Go, but the Python language host (above) does.
provide_python_env() {
  local python key dir link="$tc/python"
  python="$(command -v python3 || true)"
  if [ -z "$python" ]; then
    rm -f "$link"
    log "no Python environment: python3 is missing (3.10 or newer, for the pulumi package $PULUMI_VERSION)"
    return
  fi
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    rm -f "$link"
    log "no Python environment: $("$python" --version 2>&1) is older than 3.10, which pulumi $PULUMI_VERSION needs"
    return
  fi
  key="$( (echo "pulumi==$PULUMI_VERSION" && cat "$root/scripts/python-requirements.txt") | sha256sum | cut -c1-16)"
  dir="$cache/python-env-$key-$("$python" -c 'import sys, sysconfig; print(f"py{sys.version_info[0]}.{sys.version_info[1]}-{sysconfig.get_platform()}")')"
  if [ ! -x "$dir/bin/python" ]; then
    if [ "$build_languages" != 1 ]; then
      rm -f "$link"
      log "no Python environment (not needed here; scripts/setup-toolchain.sh --languages makes it)"
      return
    fi
    log "making the Python environment: pulumi==$PULUMI_VERSION from PyPI (about 20 s), once; later runs reuse $dir"
    rm -rf "$dir.partial"
    # A failure here leaves the rest of the toolchain usable: only the Python tests need it, and they fail saying
    # to run this script again.
    if ! "$python" -m venv "$dir.partial"; then
      rm -rf "$dir.partial" "$link"
      log "no Python environment: $python -m venv failed (on Debian and Ubuntu: apt-get install python3-venv)"
      return
    fi
    # Installed into the partial directory, then moved: a venv records its own path only in the scripts of bin/,
    # which nothing here runs (tests run bin/python, a link to the interpreter that works from any path).
    if ! "$dir.partial/bin/python" -m pip install --quiet --disable-pip-version-check \
      "pulumi==$PULUMI_VERSION" -r "$root/scripts/python-requirements.txt"; then
      rm -rf "$dir.partial" "$link"
      log "no Python environment: pip could not install pulumi==$PULUMI_VERSION and its requirements from PyPI"
      return
    fi
    rm -rf "$dir" && mv "$dir.partial" "$dir"
    find "$cache" -maxdepth 1 -name "python-env-*" ! -path "$dir" -mtime +7 -exec rm -rf {} +
  fi
  ln -sfn "$dir" "$link"
  log "python environment $("$dir/bin/python" --version 2>&1), pulumi $("$dir/bin/python" -c 'import importlib.metadata as m; print(m.version("pulumi"))') from $dir"
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
provide_language_hosts
provide_python_env
provide_go_tool cce-sdkgen sdkgen
provide_go_tool cce-sdkgen-java sdkgen-java
provide_go_tool cce-sdkgen-dotnet sdkgen-dotnet
provide_go_tool cce-gomodzip gomodzip
provide_python_sdk
provide_go_sdk
write_env
log "ready ($(elapsed))"
