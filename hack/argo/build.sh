#!/usr/bin/env bash
# Prints the path of Argo Rollouts' own controller (cmd/rollouts-controller), built from the
# version pinned in this folder's go.mod / go.sum and cached like the control plane's binaries
# (../lib/go-build.sh): $KANARY_CLUSTER_CACHE/<pin hash>/bin/rollouts-controller.
# Only the side-by-side tests and `npm run bench -- --vs argo` use it; it is never committed
# and never shipped. KANARY_ARGO_CONTROLLER names a prebuilt one instead.
# Pinned at v1.10.1: v1.10.2 asks for Go 1.26.10, newer than the toolchain here. The replace
# directives are copied from Argo's own go.mod (they do not carry over to a module that
# depends on it).
# Progress and errors go to stderr; only the path goes to stdout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/go-build.sh
. "$here/../lib/go-build.sh"

if [ -n "${KANARY_ARGO_CONTROLLER:-}" ]; then
  [ -x "$KANARY_ARGO_CONTROLLER" ] || {
    echo "KANARY_ARGO_CONTROLLER=$KANARY_ARGO_CONTROLLER is not an executable file" >&2; exit 1; }
  echo "$KANARY_ARGO_CONTROLLER"; exit 0
fi
bin="$(module_bin_dir "$here")"
if [ ! -x "$bin/rollouts-controller" ]; then
  echo "building Argo Rollouts' controller from its Go module (first run on this machine only)" >&2
  echo "  Go's log: $(dirname "$bin")/build.log" >&2
  go_build_quiet "$here" rollouts-controller github.com/argoproj/argo-rollouts/cmd/rollouts-controller 900 0
fi
echo "$bin/rollouts-controller"
