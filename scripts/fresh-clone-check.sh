#!/usr/bin/env bash
# The README's promise, checked as a new user meets it: a clone in an empty temporary folder (no
# sibling folders, nothing built), with prometheus, kubectl and tmux hidden from PATH, runs
#   npm install && npm run demo      and      npm test
# and both must exit 0. The skipped tests (those needing tmux) are listed by npm test's summary.
#   scripts/fresh-clone-check.sh            the committed HEAD of this repository
#   scripts/fresh-clone-check.sh --cold     also with an empty cache of Go-built binaries
#                                           (builds the control plane, Prometheus and kubectl)
# Output: one line per step with its time and exit code; each step's full output in a log file.
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cold=false
[ "${1:-}" = "--cold" ] && cold=true

work="$(mktemp -d "${TMPDIR:-/tmp}/kanary-fresh.XXXXXX")"
echo "fresh-clone-check: working in $work (logs there)"

# A PATH like the machine's, minus the programs a new machine lacks.
hidden=(prometheus kubectl tmux)
bin="$work/path"
mkdir -p "$bin"
IFS=: read -r -a dirs <<< "$PATH"
for d in "${dirs[@]}"; do
  [ -d "$d" ] || continue
  for f in "$d"/*; do
    n="$(basename "$f")"
    [[ " ${hidden[*]} " == *" $n "* ]] && continue
    [ -e "$bin/$n" ] || ln -s "$f" "$bin/$n"
  done
done
unset KANARY_PROMETHEUS KANARY_KUBECTL KANARY_E2E_KUBECONFIG
export PATH="$bin"
if $cold; then export KANARY_CLUSTER_CACHE="$work/cache"; fi
for h in "${hidden[@]}"; do
  if command -v "$h" >/dev/null 2>&1; then echo "fresh-clone-check: could not hide $h"; exit 1; fi
done
echo "fresh-clone-check: hidden from PATH: ${hidden[*]}; Go-built binaries cache: ${KANARY_CLUSTER_CACHE:-~/.cache/kanary-cluster, as already filled on this machine}"

git clone --quiet --no-local "$repo" "$work/kanary" || exit 1
cd "$work/kanary" || exit 1
echo "fresh-clone-check: cloned $(git log -1 --format='%h %s' | cut -c1-80)"
[ -e "$work/shared" ] && { echo "fresh-clone-check: $work/shared exists"; exit 1; }

failed=0
step() { # name command...
  local name="$1" log="$work/$1.log" start rc
  shift
  start=$(date +%s)
  "$@" >"$log" 2>&1
  rc=$?
  printf 'fresh-clone-check: %-12s exit %s after %4ss  (%s)\n' "$name" "$rc" "$(( $(date +%s) - start ))" "$log"
  if [ "$rc" -ne 0 ]; then failed=1; tail -n 30 "$log" | sed 's/^/    /'; fi
  return "$rc"
}
step npm-install npm install --no-audit --no-fund && step npm-demo npm run demo
step npm-test npm test
grep -E "^ +(Test Files|Tests) " "$work/npm-test.log" | sed 's/^ */fresh-clone-check: npm test: /'
sed -n '/^Skipped on this machine/,/^$/p' "$work/npm-test.log" | sed 's/^/fresh-clone-check: /'
if [ "$failed" -eq 0 ]; then echo "fresh-clone-check: PASS"; else echo "fresh-clone-check: FAIL"; fi
exit "$failed"
