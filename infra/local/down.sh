#!/usr/bin/env bash
# Stop what infra/local/up.sh started: the processes whose PID files are in the run folder
# (workers first, then the gateway, then S3Proxy). TERM, then KILL after STOP_TIMEOUT seconds.
# PostgreSQL, Redis and RabbitMQ are never touched; logs, S3 data and the database stay.
#
#   infra/local/down.sh
#
# Environment: EXPORTER_RUN_DIR (default <repo>/.run), STOP_TIMEOUT (default 30).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="${EXPORTER_RUN_DIR:-$REPO/.run}"
STOP_TIMEOUT="${STOP_TIMEOUT:-30}"

log() { printf '[down] %s\n' "$*"; }

if [[ ! -d "$RUN_DIR" ]]; then
  log "no run folder at $RUN_DIR, nothing to stop"
  exit 0
fi

# stop_pidfile FILE: stop the java process named in FILE (if it is still one), remove FILE.
stop_pidfile() {
  local pidfile="$1" name pid waited=0
  name="$(basename "$pidfile" .pid)"
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  if [[ ! "$pid" =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null; then
    log "$name not running"
    rm -f "$pidfile"
    return 0
  fi
  # the PID may have been reused since up.sh wrote it: only stop a java process
  if ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'java'; then
    log "$name: pid $pid is no longer ours ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-60)), leaving it alone"
    rm -f "$pidfile"
    return 0
  fi
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && (( waited < STOP_TIMEOUT * 5 )); do
    sleep 0.2
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name did not stop within ${STOP_TIMEOUT}s, killing it"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
  fi
  rm -f "$pidfile"
}

shopt -s nullglob
ordered=()
for f in "$RUN_DIR"/worker-*.pid; do ordered+=("$f"); done
[[ -f "$RUN_DIR/gateway.pid" ]] && ordered+=("$RUN_DIR/gateway.pid")
for f in "$RUN_DIR"/*.pid; do
  case "$f" in "$RUN_DIR"/worker-*.pid | "$RUN_DIR/gateway.pid" | "$RUN_DIR/s3proxy.pid") ;; *) ordered+=("$f") ;; esac
done
[[ -f "$RUN_DIR/s3proxy.pid" ]] && ordered+=("$RUN_DIR/s3proxy.pid")

if (( ${#ordered[@]} == 0 )); then
  log "no PID files in $RUN_DIR, nothing to stop"
  exit 0
fi

# workers stop in parallel (each may finish its current shard), the rest one after another
worker_jobs=()
for f in "${ordered[@]}"; do
  case "$f" in
    "$RUN_DIR"/worker-*.pid) stop_pidfile "$f" & worker_jobs+=($!) ;;
  esac
done
for j in ${worker_jobs[@]+"${worker_jobs[@]}"}; do wait "$j" || true; done
for f in "${ordered[@]}"; do
  case "$f" in
    "$RUN_DIR"/worker-*.pid) ;;
    *) stop_pidfile "$f" ;;
  esac
done
log "stopped; logs and S3 data kept in $RUN_DIR"
