#!/usr/bin/env bash
# Prints the path of a usable prometheus or kubectl, building it from its pinned Go module when
# the machine has none:
#   1. the path named by KANARY_PROMETHEUS / KANARY_KUBECTL, when set;
#   2. the one on PATH;
#   3. the one built from hack/tools/<name>/go.mod (cached like the control plane's binaries).
# Progress and errors go to stderr; only the path goes to stdout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/go-build.sh
. "$here/../lib/go-build.sh"

name="${1:-}"
case "$name" in
  prometheus) override="${KANARY_PROMETHEUS:-}"; pkg=github.com/prometheus/prometheus/cmd/prometheus; cost=420 ;;
  kubectl) override="${KANARY_KUBECTL:-}"; pkg=.; cost=90 ;;
  *) echo "usage: $0 prometheus|kubectl" >&2; exit 2 ;;
esac

if [ -n "$override" ]; then
  [ -x "$override" ] || { echo "${name}: KANARY_${name^^}=$override is not an executable file" >&2; exit 1; }
  echo "$override"; exit 0
fi
if found="$(command -v "$name" 2>/dev/null)"; then echo "$found"; exit 0; fi

dir="$here/$name"
bin="$(module_bin_dir "$dir")"
if [ ! -x "$bin/$name" ]; then
  echo "no $name on PATH: building it from its Go module (first run on this machine only)" >&2
  go_build_quiet "$dir" "$name" "$pkg" "$cost" 0
fi
echo "$bin/$name"
