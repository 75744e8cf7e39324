# Shared helpers for the local control plane scripts. Sourced, not run.
cluster_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/go-build.sh
. "$cluster_here/../lib/go-build.sh"
cluster_cache_root() { kanary_cache_root; }
cluster_bin_dir() { module_bin_dir "$cluster_here"; }
