#!/usr/bin/env bash
# Builds the local control plane's binaries from the Go modules pinned in go.mod / go.sum.
# Output: $KANARY_CLUSTER_CACHE/<pin hash>/bin/{etcd,kube-apiserver,kube-controller-manager,kube-scheduler,kwok}
# (kwokctl stays a tool of the module but is not built: cluster.sh starts each component itself.)
# One line per binary; Go's own output goes to build.log beside bin/ (../lib/go-build.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

bin="$(cluster_bin_dir)"
all=(etcd kwok kube-scheduler kube-apiserver kube-controller-manager)
missing=()
for b in "${all[@]}"; do [ -x "$bin/$b" ] || missing+=("$b"); done
if [ ${#missing[@]} -eq 0 ]; then
  echo "control plane binaries are cached in $bin" >&2
  exit 0
fi

kv=v1.36.3
ldf="-X k8s.io/component-base/version.gitVersion=$kv -X k8s.io/component-base/version.gitMajor=1 \
 -X k8s.io/component-base/version.gitMinor=36 -X k8s.io/component-base/version.gitTreeState=clean \
 -X k8s.io/component-base/version.buildDate=2026-07-23T00:00:00Z \
 -X k8s.io/client-go/pkg/version.gitVersion=$kv -X k8s.io/client-go/pkg/version.gitMajor=1 \
 -X k8s.io/client-go/pkg/version.gitMinor=36"

# Cold seconds on 2 cores, measured (README.md); later binaries reuse what earlier ones compiled.
declare -A cost=([etcd]=50 [kwok]=71 [kube-scheduler]=78 [kube-apiserver]=75 [kube-controller-manager]=46)
declare -A pkg=([etcd]=go.etcd.io/etcd/server/v3 [kwok]=sigs.k8s.io/kwok/cmd/kwok
  [kube-scheduler]=k8s.io/kubernetes/cmd/kube-scheduler [kube-apiserver]=k8s.io/kubernetes/cmd/kube-apiserver
  [kube-controller-manager]=k8s.io/kubernetes/cmd/kube-controller-manager)
left=0
for b in "${missing[@]}"; do left=$(( left + cost[$b] )); done
echo "building the local control plane from Go modules (first run on this machine only; about $(( (left + 59) / 60 )) min on 2 cores)" >&2
echo "  Go's log: $(dirname "$bin")/build.log" >&2
start=$(date +%s)
for b in "${missing[@]}"; do
  left=$(( left - cost[$b] ))
  go_build_quiet "$here" "$b" "${pkg[$b]}" "${cost[$b]}" "$left" "$ldf"
done
echo "control plane built in $(( $(date +%s) - start ))s: $bin" >&2
