# Builds binaries from a Go module pinned in the repository (its go.mod and go.sum), quietly.
# Sourced, not run. Each module's binaries are cached in
#   $KANARY_CLUSTER_CACHE (default ~/.cache/kanary-cluster)/<hash of go.mod and go.sum>/bin/
# so a pin change builds afresh and nothing built is ever committed. Go's own output (the
# download log, compiler errors) goes to build.log beside bin/, never to the terminal: the
# terminal gets one line per binary with the time it took and an estimate of what is left.

kanary_cache_root() { echo "${KANARY_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kanary-cluster}"; }
module_key() { cat "$1/go.mod" "$1/go.sum" | sha256sum | cut -c1-16; }
module_bin_dir() { echo "$(kanary_cache_root)/$(module_key "$1")/bin"; }

# go_build_quiet MODULE_DIR NAME PACKAGE ESTIMATE_SECONDS LEFT_SECONDS [LDFLAGS]
#   Builds PACKAGE of the module in MODULE_DIR into its bin dir as NAME, unless already there.
#   ESTIMATE_SECONDS: how long this binary took cold on 2 cores; LEFT_SECONDS: the estimate for
#   the binaries still to build after it (both only for the progress line).
go_build_quiet() {
  local dir="$1" name="$2" pkg="$3" estimate="$4" left="$5" ldflags="${6:-}"
  local bin log started took status
  bin="$(module_bin_dir "$dir")"
  log="$(dirname "$bin")/build.log"
  [ -x "$bin/$name" ] && return 0
  mkdir -p "$bin"
  started=$(date +%s)
  printf '  %-24s building (about %ss cold on 2 cores)... ' "$name" "$estimate" >&2
  status=0
  (cd "$dir" && GOTOOLCHAIN=local CGO_ENABLED=0 go build -trimpath -ldflags "-s -w $ldflags" -o "$bin/$name.tmp" "$pkg") \
    >>"$log" 2>&1 || status=$?
  took=$(( $(date +%s) - started ))
  if [ "$status" -ne 0 ]; then
    echo "failed after ${took}s" >&2
    echo "go build of $pkg failed; the last lines of $log:" >&2
    tail -n 20 "$log" >&2
    return "$status"
  fi
  mv "$bin/$name.tmp" "$bin/$name"
  if [ "$left" -gt 0 ]; then
    echo "done in ${took}s ($(du -h "$bin/$name" | cut -f1); about ${left}s left)" >&2
  else
    echo "done in ${took}s ($(du -h "$bin/$name" | cut -f1))" >&2
  fi
}
