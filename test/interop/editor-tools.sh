#!/usr/bin/env bash
# Installs the editors the end-to-end editor tests drive, pinned, into a cache outside the clone:
# code-server (VS Code in a browser, driven by headless Chromium in test/interop/vscode.test.ts).
#
#   test/interop/editor-tools.sh          install what is missing, quietly when all is there
#   test/interop/editor-tools.sh --list   print "name version path" for every editor tool
#
# LABC_TOOLS_DIR overrides the cache (default ~/.cache/labc-tools); code-server lands in
# $LABC_TOOLS_DIR/code-server-<version>/code-server, a launcher for the package in prefix/ beside
# it. LABC_TOOLS=skip installs nothing. A failed install leaves
# $LABC_TOOLS_DIR/code-server-<version>.failed holding the reason (delete it to retry).
#
# Only the npm registry and Debian's packages are reachable, so nothing may download from GitHub:
# - native modules are compiled here (npm_config_build_from_source stops prebuild-install and
#   node-pre-gyp from fetching prebuilt binaries); they need Debian's build-essential, python3,
#   pkg-config and libkrb5-dev (kerberos), as .ci/run installs;
# - @vscode/ripgrep's postinstall downloads rg from GitHub; it skips the download when its bin/
#   folder exists, so Debian's ripgrep is linked there before the install scripts run;
# - node-pty's postinstall runs `npx node-gyp`, which fetches node-gyp from the npm registry, so
#   npx must be allowed to install without asking (npm_config_yes).
# code-server's own postinstall.sh runs `npm install` in lib/vscode and lib/vscode/extensions,
# which would run that download; its steps are done here instead, in the same order.
set -uo pipefail

TOOLS_DIR="${LABC_TOOLS_DIR:-$HOME/.cache/labc-tools}"
# 4.100.x is the last code-server line whose engines field is Node 20 (4.103+ wants Node 22).
CODE_SERVER_VERSION=4.100.3
APT_PACKAGES="build-essential python3 pkg-config libkrb5-dev ripgrep"

target="$TOOLS_DIR/code-server-$CODE_SERVER_VERSION"
if [ "${1:-}" = "--list" ]; then echo "code-server $CODE_SERVER_VERSION $target/code-server"; exit 0; fi
if [ "${LABC_TOOLS:-}" = "skip" ]; then exit 0; fi
[ -x "$target/code-server" ] && exit 0
[ -f "$target.failed" ] && exit 0

log() { echo "editor-tools.sh: $*" >&2; }

missing=()
for cmd in cc c++ make python3 pkg-config krb5-config rg; do command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "cannot build code-server's native modules: missing ${missing[*]}; install Debian's $APT_PACKAGES (the editor tests will skip)"
  exit 0
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != 20 ]; then
  log "code-server $CODE_SERVER_VERSION needs Node 20 (its native modules are built for the node that runs it); this is Node $node_major (the editor tests will skip)"
  exit 0
fi

mkdir -p "$TOOLS_DIR"
exec 9>"$TOOLS_DIR/.lock-editors"
flock 9
[ -x "$target/code-server" ] && exit 0

WORK="$(mktemp -d "$TOOLS_DIR/.work-code-server-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
logfile="$WORK/install.log"

install_code_server() {
  local prefix="$WORK/prefix" pkg vscode
  export npm_config_build_from_source=true npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
  # The package itself, its scripts held back; then its one native dependency (argon2).
  mkdir -p "$prefix" && echo '{"private":true}' >"$prefix/package.json" || return 1
  (cd "$prefix" && npm install --no-save --ignore-scripts --omit=dev "code-server@$CODE_SERVER_VERSION") || return 1
  pkg="$prefix/node_modules/code-server"
  (cd "$prefix" && npm rebuild argon2) || return 1
  # postinstall.sh's vscode_install, with ripgrep coming from Debian.
  vscode="$pkg/lib/vscode"
  (cd "$vscode" && npm install --ignore-scripts --omit=dev) || return 1
  mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin" && ln -sf "$(command -v rg)" "$vscode/node_modules/@vscode/ripgrep/bin/rg" || return 1
  (cd "$vscode" && npm rebuild) || return 1
  ln -sfn node_modules "$vscode/node_modules.asar" || return 1
  ln -sfn code-linux.sh "$vscode/bin/remote-cli/code-server" || return 1
  ln -sfn browser-linux.sh "$vscode/bin/helpers/browser.sh" || return 1
  (cd "$vscode/extensions" && npm install --ignore-scripts --omit=dev && node ./postinstall.mjs >/dev/null) || return 1
  # The launcher runs the entry with the node that built the native modules.
  mkdir -p "$WORK/out" && mv "$prefix" "$WORK/out/prefix" || return 1
  printf '#!/bin/sh\nexec %s "$(dirname "$0")/prefix/node_modules/code-server/out/node/entry.js" "$@"\n' "$(command -v node)" >"$WORK/out/code-server"
  chmod +x "$WORK/out/code-server"
  "$WORK/out/code-server" --config "$WORK/config.yaml" --version
}

log "installing code-server $CODE_SERVER_VERSION (cold: minutes; cached afterwards in $target)"
started=$SECONDS
if install_code_server >"$logfile" 2>&1; then
  rm -rf "$target" "$target.log" && mv "$WORK/out" "$target"
  log "installed code-server $CODE_SERVER_VERSION in $((SECONDS - started)) s"
else
  cp "$logfile" "$target.log"
  { echo "installing code-server $CODE_SERVER_VERSION failed (Debian packages it needs: $APT_PACKAGES; the whole log is $target.log):"; grep -v '^npm error  *[0-9 ,.]*\(more items\)\?$' "$logfile" | tail -n 40; } >"$target.failed"
  log "could not install code-server $CODE_SERVER_VERSION; the reason is in $target.failed"
fi
exit 0
