#!/usr/bin/env bash
# Kanary's local control plane: etcd, kube-apiserver, kube-controller-manager, kube-scheduler and
# kwok (standing in for kubelets), built from Go modules and bound to 127.0.0.1 only.
#   cluster.sh up       build if needed, start, wait until usable (idempotent)
#   cluster.sh down     stop every process this script started, by PID, and remove the state
#   cluster.sh status   one line per component
#   cluster.sh env      print `export KUBECONFIG=...`
#   cluster.sh build    only build (or confirm the cache)
#   cluster.sh apiserver start|stop NAME ..., cluster.sh etcd compact: fault hooks (fault-hooks.sh)
# State lives in $KANARY_CLUSTER_DIR (default: <repo>/.cluster).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

state="${KANARY_CLUSTER_DIR:-$repo/.cluster}"
nodes="${KANARY_SIM_NODES:-2}"
ready_delay_ms="${KANARY_SIM_READY_DELAY_MS:-0}"
components=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

log() { echo "cluster: $*" >&2; }
die() { log "$*"; exit 1; }

pid_of() { local f="$state/pids/$1.pid"; [ -f "$f" ] && cat "$f" || true; }
alive() { local p; p="$(pid_of "$1")"; [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

api() { # method path [body]: an authenticated call to the API server
  curl -sS --fail-with-body --max-time 10 --cacert "$state/pki/ca.crt" --cert "$state/pki/admin.crt" --key "$state/pki/admin.key" \
    -X "$1" -H 'Content-Type: application/json' ${3:+--data "$3"} "https://127.0.0.1:$API_PORT$2"
}

wait_for() { # description timeout-seconds command...
  local what="$1" limit="$2"; shift 2
  local start; start=$(date +%s)
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) - start > limit )); then
      log "timed out after ${limit}s waiting for $what"; tail_logs; return 1
    fi
    sleep 0.5
  done
}

tail_logs() { for c in "${components[@]}"; do [ -f "$state/logs/$c.log" ] && { echo "--- $c (last 15 lines)"; tail -n 15 "$state/logs/$c.log"; }; done >&2 || true; }

start() { # name args...: start a component detached, remember its PID
  local name="$1"; shift
  setsid "$@" >"$state/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$state/pids/$name.pid"
}

stop_all() {
  local c p i
  stop_further_apiservers
  for c in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
    p="$(pid_of "$c")"
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
      kill -TERM "$p" 2>/dev/null || true
      for i in $(seq 1 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.25; done
      kill -0 "$p" 2>/dev/null && { log "$c (pid $p) ignored SIGTERM; sending SIGKILL"; kill -KILL "$p" 2>/dev/null || true; }
    fi
    rm -f "$state/pids/$c.pid"
  done
}

make_pki() {
  local d="$state/pki"; mkdir -p "$d"
  [ -f "$d/admin.crt" ] && return
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/ca.key" -out "$d/ca.crt" -subj /CN=kanary-local-ca -days 3650 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout "$d/admin.key" -out "$d/admin.csr" -subj "/O=system:masters/CN=kanary-admin" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n' > "$d/ext.cnf"
  openssl x509 -req -in "$d/admin.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -out "$d/admin.crt" -days 3650 -extfile "$d/ext.cnf" 2>/dev/null
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
}

write_kubeconfig() {
  cat > "$state/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
- name: kanary-local
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority: $state/pki/ca.crt
users:
- name: kanary-admin
  user:
    client-certificate: $state/pki/admin.crt
    client-key: $state/pki/admin.key
contexts:
- name: kanary-local
  context: {cluster: kanary-local, user: kanary-admin, namespace: default}
current-context: kanary-local
KC
}

api_ready() { curl -sf --max-time 3 --cacert "$state/pki/ca.crt" "https://127.0.0.1:$API_PORT/readyz" | grep -q ok; }
etcd_ready() { curl -sf --max-time 3 "http://127.0.0.1:$ETCD_PORT/health" | grep -q '"health":"true"'; }
nodes_ready() {
  local n
  n=$(api GET /api/v1/nodes | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const l=JSON.parse(s).items.filter(n=>(n.status.conditions||[]).some(c=>c.type==="Ready"&&c.status==="True")&&!(n.spec.taints||[]).length);console.log(l.length)})')
  [ "$n" -ge "$nodes" ]
}
default_sa() { api GET /api/v1/namespaces/default/serviceaccounts/default; }

is_up() {
  [ -f "$state/ports.env" ] || return 1
  # shellcheck disable=SC1091
  . "$state/ports.env"
  for c in "${components[@]}"; do alive "$c" || return 1; done
  api_ready
}

apiserver_cmd() { # port [extra flags...]: the kube-apiserver command line, in APISERVER_CMD
  local port="$1" p="$state/pki"; shift
  APISERVER_CMD=("$(cluster_bin_dir)/kube-apiserver" --etcd-servers="http://127.0.0.1:$ETCD_PORT"
    --bind-address=127.0.0.1 --secure-port="$port" --advertise-address=127.0.0.1 --endpoint-reconciler-type=none
    --service-cluster-ip-range=10.96.0.0/16 --allow-privileged=true --authorization-mode=Node,RBAC
    --tls-cert-file="$p/admin.crt" --tls-private-key-file="$p/admin.key" --client-ca-file="$p/ca.crt"
    --service-account-issuer=https://kubernetes.default.svc.cluster.local
    --service-account-key-file="$p/sa.pub" --service-account-signing-key-file="$p/sa.key"
    --proxy-client-cert-file="$p/admin.crt" --proxy-client-key-file="$p/admin.key"
    --enable-priority-and-fairness=false "$@")
}

cmd_up() {
  local t0; t0=$(date +%s)
  if is_up; then log "already up (KUBECONFIG=$state/kubeconfig)"; return 0; fi
  bash "$here/build.sh"
  local bin; bin="$(cluster_bin_dir)"
  # Leftovers of a crashed or half-stopped run: stop what is still running, start clean.
  [ -d "$state/pids" ] && { log "cleaning up a previous run"; stop_all; }
  rm -rf "$state/etcd" "$state/logs" "$state/pids" "$state/apiservers"
  mkdir -p "$state/logs" "$state/pids" "$state/etcd"
  make_pki
  ETCD_PORT=$(free_port); ETCD_PEER_PORT=$(free_port); API_PORT=$(free_port)
  KCM_PORT=$(free_port); SCHED_PORT=$(free_port); KWOK_PORT=$(free_port)
  printf 'ETCD_PORT=%s\nETCD_PEER_PORT=%s\nAPI_PORT=%s\nKCM_PORT=%s\nSCHED_PORT=%s\nKWOK_PORT=%s\n' \
    "$ETCD_PORT" "$ETCD_PEER_PORT" "$API_PORT" "$KCM_PORT" "$SCHED_PORT" "$KWOK_PORT" > "$state/ports.env"
  write_kubeconfig

  start etcd "$bin/etcd" --name=kanary --data-dir="$state/etcd" \
    --listen-client-urls="http://127.0.0.1:$ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster="kanary=http://127.0.0.1:$ETCD_PEER_PORT" --listen-metrics-urls="" \
    --unsafe-no-fsync --auto-compaction-retention=1 --log-level=warn
  wait_for "etcd" 60 etcd_ready

  local p="$state/pki"
  apiserver_cmd "$API_PORT"
  start kube-apiserver "${APISERVER_CMD[@]}"
  wait_for "kube-apiserver /readyz" 120 api_ready

  start kube-controller-manager "$bin/kube-controller-manager" --kubeconfig="$state/kubeconfig" \
    --authentication-kubeconfig="$state/kubeconfig" --authorization-kubeconfig="$state/kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --leader-elect=false \
    --authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics \
    --root-ca-file="$p/ca.crt" --service-account-private-key-file="$p/sa.key" --use-service-account-credentials=false \
    --concurrent-gc-syncs=5 --node-monitor-grace-period=3600s \
    --kube-api-qps=1000 --kube-api-burst=2000 --concurrent-replicaset-syncs=10
  start kube-scheduler "$bin/kube-scheduler" --kubeconfig="$state/kubeconfig" \
    --authentication-kubeconfig="$state/kubeconfig" --authorization-kubeconfig="$state/kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --leader-elect=false \
    --authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics --kube-api-qps=1000 --kube-api-burst=2000
  sed "s/@DEFAULT_READY_DELAY_MS@/$ready_delay_ms/" "$here/stages.yaml.tmpl" > "$state/stages.yaml"
  cat > "$state/kwok.yaml" <<KW
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  cidr: 10.244.0.0/16
  nodeIP: 10.243.0.1
  nodeLeaseDurationSeconds: 40
  nodeLeaseParallelism: 4
  nodePlayStageParallelism: 4
  podPlayStageParallelism: 8
  podsOnNodeSyncParallelism: 4
---
KW
  cat "$state/stages.yaml" >> "$state/kwok.yaml"
  start kwok "$bin/kwok" --kubeconfig="$state/kubeconfig" --config="$state/kwok.yaml" --manage-all-nodes=true \
    --server-address="127.0.0.1:$KWOK_PORT" --node-lease-duration-seconds=40 --cidr=10.244.0.0/16

  local i
  for i in $(seq 0 $((nodes - 1))); do
    api POST /api/v1/nodes "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"kwok-node-$i\",\"labels\":{\"type\":\"kwok\",\"kubernetes.io/os\":\"linux\",\"kubernetes.io/arch\":\"amd64\",\"kubernetes.io/hostname\":\"kwok-node-$i\"},\"annotations\":{\"kwok.x-k8s.io/node\":\"fake\"}}}" >/dev/null 2>&1 || true
  done
  wait_for "$nodes Ready nodes" 90 nodes_ready
  wait_for "the default ServiceAccount" 90 default_sa
  for c in "${components[@]}"; do alive "$c" || { tail_logs; die "$c exited during start"; }; done
  log "up in $(( $(date +%s) - t0 ))s: export KUBECONFIG=$state/kubeconfig"
}

cmd_down() {
  if [ ! -d "$state/pids" ]; then log "not running"; return 0; fi
  stop_all
  rm -rf "$state/etcd" "$state/pids" "$state/ports.env" "$state/apiservers"
  log "down"
}

cmd_status() {
  local c rc=0
  for c in "${components[@]}"; do
    if alive "$c"; then echo "$c: running (pid $(pid_of "$c"))"; else echo "$c: stopped"; rc=1; fi
  done
  if [ "$rc" = 0 ] && is_up; then echo "api: ready at https://127.0.0.1:$API_PORT (KUBECONFIG=$state/kubeconfig)"; fi
  return "$rc"
}

# shellcheck source=fault-hooks.sh
. "$here/fault-hooks.sh"

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) echo "export KUBECONFIG=$state/kubeconfig" ;;
  build) bash "$here/build.sh" ;;
  apiserver) shift; cmd_apiserver "$@" ;;
  etcd) shift; cmd_etcd "$@" ;;
  *) echo "usage: $0 up|down|status|env|build|apiserver|etcd" >&2; exit 2 ;;
esac
