#!/usr/bin/env bash
# Builds the real programs labc's output feeds, pinned, from the Go module proxy, into a cache
# outside the clone (a fresh clone in CI must not rebuild 45 minutes of Go every run).
#
#   test/interop/tools.sh            build what is missing, quietly when all is there
#   test/interop/tools.sh --list     print "name version path" for every tool (built or not)
#   test/interop/tools.sh --only T   build tool T alone (beside a full run that holds the main lock)
#
# LABC_TOOLS_DIR overrides the cache (default ~/.cache/labc-tools); each tool lands in
# $LABC_TOOLS_DIR/<tool>-<version>/<tool>. LABC_TOOLS=skip builds nothing (the interop tests then
# skip, each naming the missing binary). A tool that cannot be built leaves
# $LABC_TOOLS_DIR/<tool>-<version>.failed holding the reason, and the others are still built.
set -uo pipefail

TOOLS_DIR="${LABC_TOOLS_DIR:-$HOME/.cache/labc-tools}"
# One place for the pins: the tests read this list through --list.
SOPS_VERSION=v3.10.2
KUBECONFORM_VERSION=v0.7.0
FLUX_VERSION=v2.6.4
TALHELPER_VERSION=v3.1.16
TALOSCTL_VERSION=v1.14.1
ACTIONLINT_VERSION=v1.7.12
# The control plane the day-2 tests (bootstrap, status, diff) run against: Kubernetes 1.34 is
# inside the range of every supported Talos line but 1.10 (compiler/talos/releases.ts), and etcd
# 3.6 is the line that Kubernetes release runs on.
ETCD_VERSION=v3.6.16
KUBE_APISERVER_VERSION=v1.34.4

list() {
  for pair in "sops $SOPS_VERSION" "kubeconform $KUBECONFORM_VERSION" "flux $FLUX_VERSION" \
    "talhelper $TALHELPER_VERSION" "talosctl $TALOSCTL_VERSION" "actionlint $ACTIONLINT_VERSION" \
    "etcd $ETCD_VERSION" "kube-apiserver $KUBE_APISERVER_VERSION"; do
    set -- $pair
    echo "$1 $2 $TOOLS_DIR/$1-$2/$1"
  done
}

if [ "${1:-}" = "--list" ]; then list; exit 0; fi
if [ "${LABC_TOOLS:-}" = "skip" ]; then exit 0; fi
only=""
if [ "${1:-}" = "--only" ]; then
  only="${2:?--only needs a tool name}"
  list | grep -q "^$only " || { echo "tools.sh: no tool named $only" >&2; exit 2; }
fi
[ -n "$only" ] || bash "$(dirname "$0")/editor-tools.sh"  # code-server for the editor tests (before the early exits below)

missing=0
# A recorded failure is not retried on every run, except where the tools are required (CI).
retry_failed() { [ "${LABC_REQUIRE_TOOLS:-}" = 1 ]; }
while read -r name version path; do
  [ -x "$path" ] || { [ -f "$TOOLS_DIR/$name-$version.failed" ] && ! retry_failed; } || missing=1
done < <(list | grep "^${only:-[^ ]*} ")
[ "$missing" = 0 ] && exit 0

if ! command -v go >/dev/null 2>&1; then
  echo "tools.sh: no Go toolchain on PATH; the interop tests will skip (install Go 1.24+ to run them)" >&2
  exit 0
fi

mkdir -p "$TOOLS_DIR"
# A full run holds the main lock; each build also holds its tool's own, so an --only run beside
# a full one never builds the same tool twice at once.
if [ -z "$only" ]; then exec 9>"$TOOLS_DIR/.lock"; flock 9; fi
# Module downloads must not resolve through a go.mod or go.work of the directory we stand in.
export GOWORK=off GOFLAGS=-mod=mod GOTOOLCHAIN=local
WORK="$(mktemp -d "$TOOLS_DIR/.work-XXXXXX")"
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT

log() { echo "tools.sh: $*" >&2; }

# Copies a module's source out of the read-only module cache into $WORK/<name>.
module_source() {
  local module="$1" version="$2" dest="$3" dir
  dir="$(cd "$WORK" && go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')" || return 1
  [ -n "$dir" ] || return 1
  rm -rf "$dest"
  cp -r "$dir" "$dest" && chmod -R u+w "$dest"
}

# Runs build step $2.. for tool $1 and installs $WORK/out/$1, or records why it failed.
build_tool() {
  local name="$1" version="$2"; shift 2
  local target="$TOOLS_DIR/$name-$version"
  [ -n "$only" ] && [ "$only" != "$name" ] && return 0
  exec 8>"$target.lock"
  flock 8
  [ -x "$target/$name" ] && { exec 8>&-; return 0; }
  [ -f "$target.failed" ] && ! retry_failed && return 0
  rm -f "$target.failed"
  log "building $name $version (cold: minutes; cached afterwards in $target)"
  local started=$SECONDS logfile="$WORK/$name.log"
  mkdir -p "$WORK/out"
  if "$@" >"$logfile" 2>&1 && [ -x "$WORK/out/$name" ]; then
    mkdir -p "$target.tmp" && mv "$WORK/out/$name" "$target.tmp/$name" && rm -rf "$target" && mv "$target.tmp" "$target"
    log "built $name $version in $((SECONDS - started)) s"
  else
    { echo "building $name $version failed:"; tail -n 40 "$logfile"; } >"$target.failed"
    log "could not build $name $version; the reason is in $target.failed"
  fi
  exec 8>&-
}

build_sops() {
  GOBIN="$WORK/out" go install "github.com/getsops/sops/v3/cmd/sops@$SOPS_VERSION"
}

# The generated GitHub workflow has no runner here; actionlint reads it as GitHub would parse it.
build_actionlint() {
  GOBIN="$WORK/out" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
}

build_kubeconform() {
  GOBIN="$WORK/out" go install -ldflags "-X main.version=$KUBECONFORM_VERSION" "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION"
}

# go install refuses flux2: its go.mod carries a replace directive, so it is built as the main
# module. cmd/flux embeds manifests/*.yaml that its Makefile generates; `flux build` does not use
# them, so a placeholder satisfies the embed pattern.
build_flux() {
  local src="$WORK/flux2"
  module_source github.com/fluxcd/flux2/v2 "$FLUX_VERSION" "$src" || return 1
  mkdir -p "$src/cmd/flux/manifests"
  printf 'apiVersion: v1\nkind: List\nitems: []\n' >"$src/cmd/flux/manifests/placeholder.yaml"
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.VERSION=${FLUX_VERSION#v}" -o "$WORK/out/flux" ./cmd/flux)
}

# The proxy refuses talhelper's version list, which `go install pkg@version` asks for; the exact
# version is served, so it is downloaded and built as the main module.
build_talhelper() {
  local src="$WORK/talhelper"
  module_source github.com/budimanjojo/talhelper/v3 "$TALHELPER_VERSION" "$src" || return 1
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X github.com/budimanjojo/talhelper/v3/cmd.version=${TALHELPER_VERSION#v}" -o "$WORK/out/talhelper" .)
}

# talos's go.mod replaces pkg/machinery with ./pkg/machinery, a module the talos zip does not
# hold, and pins forks the proxy refuses; talosctl builds with the published equivalents.
build_talosctl() {
  local src="$WORK/talos"
  module_source github.com/siderolabs/talos "$TALOSCTL_VERSION" "$src" || return 1
  module_source github.com/siderolabs/talos/pkg/machinery "$TALOSCTL_VERSION" "$src/pkg/machinery" || return 1
  (
    cd "$src" || exit 1
    # Replaces, not requires: pkg/machinery requires the refused versions too, and MVS would pick them.
    go mod edit \
      -replace github.com/mdlayher/ethtool=github.com/mdlayher/ethtool@v0.6.0 \
      -replace github.com/cosi-project/runtime=github.com/cosi-project/runtime@v1.16.2 \
      -replace github.com/jsimonetti/rtnetlink/v2=github.com/jsimonetti/rtnetlink/v2@v2.3.0 \
      -dropreplace github.com/secure-io/siv-go || exit 1
    CGO_ENABLED=0 go build -trimpath -tags grpcnotrace \
      -ldflags "-s -w -X github.com/siderolabs/talos/pkg/machinery/version.Tag=$TALOSCTL_VERSION" \
      -o "$WORK/out/talosctl" ./cmd/talosctl
  )
}

# A wrapper module whose main is the server's own main: etcd's and Kubernetes' go.mod replace
# their sibling modules with local folders, so neither builds as a dependency of `go install`;
# as a requirement of a small module they resolve to the published versions. $1 names the
# folder, $2 the module path, and the Go source of main.go comes on stdin.
wrapper_module() {
  local dir="$WORK/$1"
  mkdir -p "$dir" && cat >"$dir/main.go" && (cd "$dir" && go mod init "$2" >/dev/null 2>&1)
}

build_etcd() {
  wrapper_module etcd-wrapper labc.test/etcd <<'GO' || return 1
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  (
    cd "$WORK/etcd-wrapper" || exit 1
    go mod edit -require "go.etcd.io/etcd/server/v3@$ETCD_VERSION" && go mod tidy || exit 1
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$WORK/out/etcd" .
  )
}

# k8s.io/kubernetes requires each staging module (k8s.io/api, apiserver, …) at v0.0.0 and
# replaces it with ./staging/src/k8s.io/<name>; the wrapper replaces each with its published
# v0.<minor>.<patch> instead. The version variables are the ones hack/lib/version.sh sets.
build_kube_apiserver() {
  local version="$KUBE_APISERVER_VERSION" staging="v0.${KUBE_APISERVER_VERSION#v1.}" gomod
  wrapper_module kube-apiserver-wrapper labc.test/kube-apiserver <<'GO' || return 1
package main

import (
	"os"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() { os.Exit(cli.Run(app.NewAPIServerCommand())) }
GO
  gomod="$(cd "$WORK" && go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')" || return 1
  [ -f "$gomod" ] || { echo "no go.mod for k8s.io/kubernetes@$version"; return 1; }
  (
    cd "$WORK/kube-apiserver-wrapper" || exit 1
    local edits=(-require "k8s.io/kubernetes@$version") module
    for module in $(sed -n 's#^[[:space:]]*\(k8s.io/[^ ]*\) => ./staging/.*#\1#p' "$gomod"); do
      edits+=(-replace "$module=$module@$staging")
    done
    [ "${#edits[@]}" -gt 10 ] || { echo "found no staging replaces in $gomod"; exit 1; }
    go mod edit "${edits[@]}" && go mod tidy || exit 1
    local v=k8s.io/component-base/version minor="${version#v1.}"
    minor="${minor%%.*}"
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X $v.gitVersion=$version -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean -X $v.buildDate=1970-01-01T00:00:00Z" \
      -o "$WORK/out/kube-apiserver" .
  )
}

# The control plane (kube-apiserver is the longest build of all) beside the others: the builds
# wait on downloads and links as much as on the two cores, so together they finish sooner.
# A subshell does not inherit the EXIT trap; $WORK goes once both are done.
(
  build_tool kube-apiserver "$KUBE_APISERVER_VERSION" build_kube_apiserver
  build_tool etcd "$ETCD_VERSION" build_etcd
) &
control_plane=$!
build_tool sops "$SOPS_VERSION" build_sops
build_tool kubeconform "$KUBECONFORM_VERSION" build_kubeconform
build_tool talhelper "$TALHELPER_VERSION" build_talhelper
build_tool flux "$FLUX_VERSION" build_flux
build_tool talosctl "$TALOSCTL_VERSION" build_talosctl
build_tool actionlint "$ACTIONLINT_VERSION" build_actionlint
wait "$control_plane"
exit 0
