#!/usr/bin/env bash
# Builds the local control plane's binaries from the Go modules pinned in go.mod / go.sum.
# Output: $KANARY_CLUSTER_CACHE/<pin hash>/bin/{etcd,kube-apiserver,kube-controller-manager,kube-scheduler,kwok,kwokctl}
# The cache key is a hash of go.mod and go.sum, so a pin change builds into a new folder.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

bin="$(cluster_bin_dir)"
if [ -f "$bin/.complete" ]; then
  echo "control plane binaries are cached in $bin"
  exit 0
fi
mkdir -p "$bin"
cd "$here"
export GOTOOLCHAIN=local CGO_ENABLED=0
kv=v1.36.3
ldf="-s -w -X k8s.io/component-base/version.gitVersion=$kv -X k8s.io/component-base/version.gitMajor=1 \
 -X k8s.io/component-base/version.gitMinor=36 -X k8s.io/component-base/version.gitTreeState=clean \
 -X k8s.io/component-base/version.buildDate=2026-07-23T00:00:00Z \
 -X k8s.io/client-go/pkg/version.gitVersion=$kv -X k8s.io/client-go/pkg/version.gitMajor=1 \
 -X k8s.io/client-go/pkg/version.gitMinor=36"
start=$(date +%s)
step() { echo "[$(( $(date +%s) - start ))s] $*"; }
build() { # name package
  if [ -x "$bin/$1" ]; then step "$1: cached"; return; fi
  step "building $1 ($2)"
  go build -trimpath -ldflags "$ldf" -o "$bin/$1.tmp" "$2" &
  local pid=$!
  # A cold build is silent for minutes: say it is still going.
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    kill -0 "$pid" 2>/dev/null && (( ($(date +%s) - start) % 30 < 5 )) && step "  still building $1..."
  done
  wait "$pid"
  mv "$bin/$1.tmp" "$bin/$1"
  step "built $1 ($(du -h "$bin/$1" | cut -f1))"
}
build etcd go.etcd.io/etcd/server/v3
build kwok sigs.k8s.io/kwok/cmd/kwok
build kwokctl sigs.k8s.io/kwok/cmd/kwokctl
build kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler
build kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver
build kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager
touch "$bin/.complete"
step "all binaries built in $bin"
