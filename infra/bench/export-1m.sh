#!/usr/bin/env bash
# Benchmark: export N log rows (default 1,000,000) through a running system and print figures.
#
#   infra/local/up.sh && infra/bench/export-1m.sh [rows] [format] [compression]
#
# Tops up public.logs in database `exporter` to at least N rows with the demo generator, exports
# logs only, and prints rows/s, bytes, shard spread over workers, and the workers' peak RSS
# (sampled once a second). The launcher starts workers with -Xmx256m (WORKER_JAVA_OPTS).
set -euo pipefail
cd "$(dirname "$0")/../.."

ROWS=${1:-1000000}
FORMAT=${2:-json}
GZIP=${3:-true}
API=${EXPORTER_API:-http://127.0.0.1:8080/api/v1/export}
TOKEN=${EXPORTER_ADMIN_TOKEN:-dev-admin-token-change-me}
curl() { command curl -H "Authorization: Bearer $TOKEN" "$@"; }
PSQL=(psql -X -q -At -h 127.0.0.1 -U postgres -d exporter)
RUN_DIR=${EXPORTER_RUN_DIR:-$PWD/.run}

have=$("${PSQL[@]}" -c "SELECT count(*) FROM public.logs")
if (( have < ROWS )); then
  echo "[bench] adding $((ROWS - have)) log rows"
  "${PSQL[@]}" -v logs=$((ROWS - have)) -v anomalies=0 -v ips=0 -f infra/db/seed-demo.sql
fi
total=$("${PSQL[@]}" -c "SELECT count(*) FROM public.logs")

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }

start=$(date +%s.%N)
id=$(curl -fsS -X POST "$API/" -H 'Content-Type: application/json' \
  -d "{\"data_types\":[\"logs\"],\"output_format\":\"$FORMAT\",\"compression\":$GZIP,\"batch_size\":5000}" | json 'd["export_id"]')
echo "[bench] export $id: $total logs as $FORMAT (gzip=$GZIP)"

peak=0
while :; do
  status=$(curl -fsS "$API/$id/status" | json 'd["status"]')
  for pidfile in "$RUN_DIR"/worker-*.pid; do
    [[ -f $pidfile ]] || continue
    rss=$(ps -o rss= -p "$(cat "$pidfile")" 2>/dev/null || echo 0)
    (( rss > peak )) && peak=$rss
  done
  [[ $status == completed || $status == failed ]] && break
  sleep 1
done
end=$(date +%s.%N)

progress=$(curl -fsS "$API/$id/progress")
records=$(echo "$progress" | json 'd["records_exported"]')
spread=$(echo "$progress" | json '", ".join(f"{w}: {n}" for w, n in sorted(__import__("collections").Counter(s["worker_id"] for s in d["shards"]).items()))')
bytes=$(curl -fsS "$API/$id/status" | json 'd["total_size"]')
secs=$(python3 -c "print(round($end - $start, 1))")
echo "[bench] status:        $status"
echo "[bench] records:       $records"
echo "[bench] wall time:     ${secs}s (submit to completed, polled once a second)"
echo "[bench] throughput:    $(python3 -c "print(int($records / ($end - $start)))") rows/s"
echo "[bench] output bytes:  $bytes"
echo "[bench] shards/worker: $spread"
echo "[bench] peak worker RSS: $((peak / 1024)) MiB"
