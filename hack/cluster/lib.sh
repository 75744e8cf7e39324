# Shared helpers for the local control plane scripts. Sourced, not run.
cluster_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cluster_cache_root() { echo "${KANARY_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kanary-cluster}"; }
cluster_key() { cat "$cluster_here/go.mod" "$cluster_here/go.sum" | sha256sum | cut -c1-16; }
cluster_bin_dir() { echo "$(cluster_cache_root)/$(cluster_key)/bin"; }
