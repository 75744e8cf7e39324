# Hooks that let fault tests break the control plane for real without disturbing the tests that
# share it. Sourced by cluster.sh (uses its state, start, pid_of, wait_for, api, free_port).
#   cluster.sh apiserver start NAME [FLAGS...]  a further kube-apiserver on the same etcd, with
#       the shared flags plus FLAGS; prints the path of a kubeconfig for it. Without FLAGS, a
#       server started before comes back with the flags and port it had (a restart).
#   cluster.sh apiserver stop NAME [--kill]     stop it by PID (SIGTERM, or SIGKILL: a crash);
#       its port and flags are kept for the next start.
#   cluster.sh etcd compact                     compact etcd at its current revision; prints it.
# The kubeconfig of a further server authenticates as the ordinary user `kanary-tenant` (bound to
# cluster-admin), not as a member of system:masters: the API server exempts system:masters from
# --max-requests-inflight, so only an ordinary user can be shed with 429.

tenant_cert() {
  local d="$state/pki"
  [ -f "$d/tenant.crt" ] && return
  openssl req -newkey rsa:2048 -nodes -keyout "$d/tenant.key" -out "$d/tenant.csr" -subj "/CN=kanary-tenant" 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n' > "$d/tenant-ext.cnf"
  openssl x509 -req -in "$d/tenant.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -out "$d/tenant.crt" -days 3650 -extfile "$d/tenant-ext.cnf" 2>/dev/null
}

tenant_binding() {
  api GET /apis/rbac.authorization.k8s.io/v1/clusterrolebindings/kanary-tenant >/dev/null 2>&1 && return
  api POST /apis/rbac.authorization.k8s.io/v1/clusterrolebindings '{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"kanary-tenant"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"kanary-tenant"}]}' >/dev/null
}

server_ready() { curl -sf --max-time 3 --cacert "$state/pki/ca.crt" "https://127.0.0.1:$1/readyz" | grep -q ok; }

apiserver_start() { # name [flags...]
  local name="$1"; shift
  local dir="$state/apiservers/$name" port
  alive "apiserver-$name" && die "apiserver $name is already running (pid $(pid_of "apiserver-$name"))"
  mkdir -p "$dir"
  if [ "$#" -gt 0 ] || [ ! -f "$dir/flags" ]; then printf '%s\n' "$@" > "$dir/flags"; fi
  [ -f "$dir/port" ] || free_port > "$dir/port"
  port="$(cat "$dir/port")"
  local flags=(); mapfile -t flags < "$dir/flags"
  [ "${#flags[@]}" -eq 1 ] && [ -z "${flags[0]}" ] && flags=()
  tenant_cert
  tenant_binding
  cat > "$dir/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
- name: $name
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority: $state/pki/ca.crt
users:
- name: kanary-tenant
  user:
    client-certificate: $state/pki/tenant.crt
    client-key: $state/pki/tenant.key
contexts:
- name: $name
  context: {cluster: $name, user: kanary-tenant, namespace: default}
current-context: $name
KC
  apiserver_cmd "$port" "${flags[@]}"
  # Appends to its log, so a restart keeps what the first run said.
  setsid "${APISERVER_CMD[@]}" >>"$state/logs/apiserver-$name.log" 2>&1 < /dev/null &
  echo $! > "$state/pids/apiserver-$name.pid"
  wait_for "apiserver $name /readyz" 120 server_ready "$port" || { tail -n 20 "$state/logs/apiserver-$name.log" >&2; return 1; }
  echo "$dir/kubeconfig"
}

apiserver_stop() { # name [--kill]
  local name="$1" sig=TERM p i
  [ "${2:-}" = --kill ] && sig=KILL
  p="$(pid_of "apiserver-$name")"
  if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
    kill -"$sig" "$p" 2>/dev/null || true
    for i in $(seq 1 80); do kill -0 "$p" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$p" 2>/dev/null && { log "apiserver $name (pid $p) ignored SIGTERM; sending SIGKILL"; kill -KILL "$p" 2>/dev/null || true; }
  fi
  rm -f "$state/pids/apiserver-$name.pid"
}

stop_further_apiservers() {
  local f
  for f in "$state"/pids/apiserver-*.pid; do
    [ -e "$f" ] || continue
    f="${f##*/apiserver-}"
    apiserver_stop "${f%.pid}"
  done
}

etcd_call() { curl -sS --fail --max-time 10 -X POST "http://127.0.0.1:$ETCD_PORT$1" -d "$2"; }

etcd_compact() {
  local rev
  # Any read answers with the store's current revision in its header.
  rev=$(etcd_call /v3/kv/range '{"key":"AA==","limit":1}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).header.revision))')
  etcd_call /v3/kv/compaction "{\"revision\":\"$rev\",\"physical\":true}" >/dev/null
  echo "$rev"
}

cmd_apiserver() {
  is_up || die "the control plane is not up"
  case "${1:-}" in
    start) shift; [ -n "${1:-}" ] || die "usage: cluster.sh apiserver start NAME [FLAGS...]"; apiserver_start "$@" ;;
    stop) shift; [ -n "${1:-}" ] || die "usage: cluster.sh apiserver stop NAME [--kill]"; apiserver_stop "$@" ;;
    *) die "usage: cluster.sh apiserver start|stop NAME ..." ;;
  esac
}

cmd_etcd() {
  is_up || die "the control plane is not up"
  case "${1:-}" in
    compact) etcd_compact ;;
    *) die "usage: cluster.sh etcd compact" ;;
  esac
}
