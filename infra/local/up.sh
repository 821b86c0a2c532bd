#!/usr/bin/env bash
# Start the data exporter on a machine without Docker.
#
# Uses the locally running PostgreSQL (127.0.0.1:5432), Redis (6379) and RabbitMQ (5672); starts
# S3Proxy on :9000 as the object store when nothing answers there; creates and seeds the source
# database; builds the jars if missing or stale; starts the gateway on :8080 and two workers on :8081/:8082
# and waits until all are healthy. Idempotent: what already runs is left alone.
#
#   infra/local/up.sh            # start (or check) everything
#   infra/local/down.sh          # stop what this script started
#
# Environment (all optional):
#   EXPORTER_RUN_DIR   run folder for logs, PID files, S3 data   (default: <repo>/.run)
#   DEMO_LOGS, DEMO_ANOMALIES, DEMO_IPS   demo data sizes, used only when logs is empty
#                                         (default 200000 / 20000 / 5000)
#   HEALTH_TIMEOUT     seconds to wait for each service to report UP   (default 120)
#   WORKER_JAVA_OPTS   JVM options for the workers         (default -Xmx256m -Xms256m: a fixed heap,
#                      so a worker's memory does not grow with the heap over a long export)
#   WORKERS            how many workers, on :8081, :8082, …          (default 2)
#   WORKER_NICE        scheduling niceness of the workers, 0-19     (default 10: on a shared host
#                      the gateway's requests go before the workers' batch work)
#   GATEWAY_JAVA_OPTS  JVM options for the gateway                    (default empty)
#   SPRING_*, EXPORTER_* settings passed to the services (defaults below)
#   EXPORTER_ALLOW_INSECURE_DEFAULTS  default true here: the services start with the well-known
#                      development secrets below (they refuse them otherwise); set false to check
#                      that your own secrets are all set
#   EXPORTER_WEBHOOKS_ALLOWEDHOSTS  default 127.0.0.1 here: webhooks may call a receiver on this
#                      machine (set it empty to refuse loopback, as deployments do)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="${EXPORTER_RUN_DIR:-$REPO/.run}"
HEALTH_TIMEOUT="${HEALTH_TIMEOUT:-120}"
WORKER_JAVA_OPTS="${WORKER_JAVA_OPTS:--Xmx256m -Xms256m}"
WORKERS="${WORKERS:-2}"
WORKER_NICE="${WORKER_NICE:-10}"
[[ "$WORKER_NICE" =~ ^([0-9]|1[0-9])$ ]] || { echo "[up] WORKER_NICE must be 0..19, not '$WORKER_NICE'" >&2; exit 1; }
[[ "$WORKERS" =~ ^[1-9]$ ]] || { echo "[up] WORKERS must be 1..9, not '$WORKERS'" >&2; exit 1; }
GATEWAY_JAVA_OPTS="${GATEWAY_JAVA_OPTS:-}"

PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER=postgres
DB_NAME=exporter

S3PROXY_VERSION=4.1.0
S3PROXY_JAR="$RUN_DIR/lib/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"

GATEWAY_JAR="$REPO/api-gateway/target/api-gateway-0.1.0-SNAPSHOT-exec.jar"
WORKER_JAR="$REPO/export-worker/target/export-worker-0.1.0-SNAPSHOT-exec.jar"

# Settings for gateway and workers; anything already set in the environment wins.
export SPRING_DATASOURCE_URL="${SPRING_DATASOURCE_URL:-jdbc:postgresql://$PG_HOST:$PG_PORT/$DB_NAME}"
export SPRING_DATASOURCE_USERNAME="${SPRING_DATASOURCE_USERNAME:-$PG_USER}"
export SPRING_DATASOURCE_PASSWORD="${SPRING_DATASOURCE_PASSWORD-}"
export SPRING_RABBITMQ_HOST="${SPRING_RABBITMQ_HOST:-127.0.0.1}"
export SPRING_RABBITMQ_PORT="${SPRING_RABBITMQ_PORT:-5672}"
export SPRING_RABBITMQ_USERNAME="${SPRING_RABBITMQ_USERNAME:-guest}"
export SPRING_RABBITMQ_PASSWORD="${SPRING_RABBITMQ_PASSWORD:-guest}"
export SPRING_DATA_REDIS_HOST="${SPRING_DATA_REDIS_HOST:-127.0.0.1}"
export SPRING_DATA_REDIS_PORT="${SPRING_DATA_REDIS_PORT:-6379}"
export EXPORTER_STORAGE_ENDPOINT="${EXPORTER_STORAGE_ENDPOINT:-http://127.0.0.1:9000}"
export EXPORTER_STORAGE_PUBLIC_ENDPOINT="${EXPORTER_STORAGE_PUBLIC_ENDPOINT:-http://127.0.0.1:9000}"
export EXPORTER_STORAGE_ACCESS_KEY="${EXPORTER_STORAGE_ACCESS_KEY:-minioadmin}"
export EXPORTER_STORAGE_SECRET_KEY="${EXPORTER_STORAGE_SECRET_KEY:-minioadmin}"
export EXPORTER_STORAGE_BUCKET="${EXPORTER_STORAGE_BUCKET:-exports}"
# bootstrap admin token: a development default, printed below. Set your own anywhere else.
export EXPORTER_ADMIN_TOKEN="${EXPORTER_ADMIN_TOKEN:-dev-admin-token-change-me}"
# Development only: the admin token and S3 keys above, RabbitMQ's guest login and the workers'
# hash-secret placeholder are public knowledge. Gateway and workers refuse to start with them
# unless this flag is true; this script sets it, and says so.
export EXPORTER_ALLOW_INSECURE_DEFAULTS="${EXPORTER_ALLOW_INSECURE_DEFAULTS:-true}"
# Development only: webhooks may call receivers on this machine (127.0.0.1). Deployments allow no
# loopback or private destination unless they list it (exporter.webhooks.allowed-hosts).
export EXPORTER_WEBHOOKS_ALLOWEDHOSTS="${EXPORTER_WEBHOOKS_ALLOWEDHOSTS-127.0.0.1}"

log()  { printf '[up] %s\n' "$*"; }
fail() { printf '[up] ERROR: %s\n' "$*" >&2; exit 1; }

psql_db() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$@"; }

# Does anything answer HTTP at $1? (any status code counts)
http_answers() {
  local code
  code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null || true)"
  [[ -n "$code" && "$code" != "000" ]]
}

# Is the process in PID file $1 alive and running jar/class $2?
pid_alive() {
  local pid
  [[ -f "$1" ]] || return 1
  pid="$(cat "$1" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"
}

# Start "$@" in the background, detached from this shell; PID to $1, output to $2.
start_bg() {
  local pidfile="$1" logfile="$2"
  shift 2
  nohup "$@" >>"$logfile" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

show_log_tail() {
  printf '[up] ---- last lines of %s ----\n' "$1" >&2
  tail -n 40 "$1" >&2 || true
  printf '[up] ----\n' >&2
}

# Wait until $1 answers with status UP; $2 = PID file, $3 = log file, $4 = name.
wait_healthy() {
  local url="$1" pidfile="$2" logfile="$3" name="$4" waited=0 body
  while :; do
    body="$(curl -s -m 2 "$url" 2>/dev/null || true)"
    if grep -Eq '"status"[[:space:]]*:[[:space:]]*"UP"' <<<"$body"; then
      log "$name is UP ($url, ${waited}s)"
      return 0
    fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      show_log_tail "$logfile"
      fail "$name exited during startup (log: $logfile)"
    fi
    if (( waited >= HEALTH_TIMEOUT )); then
      show_log_tail "$logfile"
      fail "$name not healthy after ${HEALTH_TIMEOUT}s at $url (last answer: ${body:-none}; log: $logfile; it is still running, infra/local/down.sh stops it)"
    fi
    sleep 2
    waited=$((waited + 2))
  done
}

# ---------------------------------------------------------------------------------------------
# 1. Prerequisites
# ---------------------------------------------------------------------------------------------
need_cmd() { command -v "$1" >/dev/null 2>&1 || fail "'$1' not found; install the Debian package '$2'"; }
need_cmd java    openjdk-17-jdk-headless
need_cmd curl    curl
need_cmd psql    postgresql-client
need_cmd pg_isready postgresql-client
need_cmd redis-cli redis-tools

missing=0
if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
  echo "[up] PostgreSQL is not answering on $PG_HOST:$PG_PORT (Debian package: postgresql)" >&2
  missing=1
fi
if [[ "$(redis-cli -h "$SPRING_DATA_REDIS_HOST" -p "$SPRING_DATA_REDIS_PORT" ping 2>/dev/null || true)" != "PONG" ]]; then
  echo "[up] Redis is not answering on $SPRING_DATA_REDIS_HOST:$SPRING_DATA_REDIS_PORT (Debian package: redis-server)" >&2
  missing=1
fi
if ! timeout 3 bash -c "</dev/tcp/$SPRING_RABBITMQ_HOST/$SPRING_RABBITMQ_PORT" 2>/dev/null; then
  echo "[up] RabbitMQ is not answering on $SPRING_RABBITMQ_HOST:$SPRING_RABBITMQ_PORT (Debian package: rabbitmq-server)" >&2
  missing=1
fi
(( missing == 0 )) || fail "start the missing service(s) above, then run this script again"
log "PostgreSQL, Redis and RabbitMQ are up"
if [[ "$EXPORTER_ALLOW_INSECURE_DEFAULTS" == "true" ]]; then
  log "EXPORTER_ALLOW_INSECURE_DEFAULTS=true: development mode, the services accept well-known default secrets (never do this outside a development machine)"
fi
if [[ -n "$EXPORTER_WEBHOOKS_ALLOWEDHOSTS" ]]; then
  log "webhooks may call $EXPORTER_WEBHOOKS_ALLOWEDHOSTS (EXPORTER_WEBHOOKS_ALLOWEDHOSTS; development only: deployments allow no loopback or private webhook destination)"
fi

mkdir -p "$RUN_DIR"

# ---------------------------------------------------------------------------------------------
# 2. Database: create, apply the demo source schema, seed when empty
# ---------------------------------------------------------------------------------------------
if [[ "$(psql_db -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != "1" ]]; then
  log "creating database $DB_NAME"
  psql_db -d postgres -c "CREATE DATABASE $DB_NAME"
fi
PGOPTIONS='-c client_min_messages=warning' psql_db -d "$DB_NAME" -f "$REPO/infra/db/source-schema.sql"
if [[ "$(psql_db -d "$DB_NAME" -tAc 'SELECT EXISTS (SELECT 1 FROM public.logs)')" == "f" ]]; then
  demo_logs="${DEMO_LOGS:-200000}" demo_anomalies="${DEMO_ANOMALIES:-20000}" demo_ips="${DEMO_IPS:-5000}"
  for n in "$demo_logs" "$demo_anomalies" "$demo_ips"; do
    [[ "$n" =~ ^[0-9]+$ ]] || fail "DEMO_LOGS/DEMO_ANOMALIES/DEMO_IPS must be whole numbers (got '$n')"
  done
  log "seeding demo data ($demo_logs logs, $demo_anomalies anomalies, $demo_ips ips)"
  psql_db -d "$DB_NAME" -v logs="$demo_logs" -v anomalies="$demo_anomalies" -v ips="$demo_ips" \
    -f "$REPO/infra/db/seed-demo.sql" >/dev/null
else
  log "database $DB_NAME already has data, not seeding"
fi

# ---------------------------------------------------------------------------------------------
# 3. Object storage: S3Proxy on :9000 unless something (MinIO, an earlier S3Proxy) answers there
# ---------------------------------------------------------------------------------------------
MVN=mvn
[[ -x "$REPO/mvnw" ]] && MVN="$REPO/mvnw"

if http_answers "$EXPORTER_STORAGE_ENDPOINT/"; then
  log "object storage answers at $EXPORTER_STORAGE_ENDPOINT"
elif [[ "$EXPORTER_STORAGE_ENDPOINT" != "http://127.0.0.1:9000" ]]; then
  fail "nothing answers at EXPORTER_STORAGE_ENDPOINT=$EXPORTER_STORAGE_ENDPOINT (S3Proxy is only started for http://127.0.0.1:9000)"
else
  if [[ ! -s "$S3PROXY_JAR" ]]; then
    need_cmd "$MVN" maven
    log "downloading S3Proxy $S3PROXY_VERSION (about 55 MB) into $RUN_DIR/lib"
    mkdir -p "$RUN_DIR/lib"
    # run outside the project so Maven does not load (or need) the reactor
    if ! (cd "$RUN_DIR/lib" && "$MVN" -q -B dependency:copy \
            -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" \
            -DoutputDirectory="$RUN_DIR/lib") >"$RUN_DIR/s3proxy-download.log" 2>&1; then
      show_log_tail "$RUN_DIR/s3proxy-download.log"
      fail "could not download S3Proxy with $MVN (log: $RUN_DIR/s3proxy-download.log)"
    fi
    [[ -s "$S3PROXY_JAR" ]] || fail "S3Proxy download did not produce $S3PROXY_JAR"
  fi
  mkdir -p "$RUN_DIR/s3data/$EXPORTER_STORAGE_BUCKET"   # filesystem backend: a bucket is a folder
  cat >"$RUN_DIR/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:9000
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$EXPORTER_STORAGE_ACCESS_KEY
s3proxy.credential=$EXPORTER_STORAGE_SECRET_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$RUN_DIR/s3data
EOF
  log "starting S3Proxy on 127.0.0.1:9000 (data in $RUN_DIR/s3data)"
  [[ -f "$RUN_DIR/s3proxy.log" ]] && mv -f "$RUN_DIR/s3proxy.log" "$RUN_DIR/s3proxy.log.1"
  start_bg "$RUN_DIR/s3proxy.pid" "$RUN_DIR/s3proxy.log" \
    java -jar "$S3PROXY_JAR" --properties "$RUN_DIR/s3proxy.properties"
  for _ in $(seq 1 60); do
    http_answers "http://127.0.0.1:9000/" && break
    kill -0 "$(cat "$RUN_DIR/s3proxy.pid")" 2>/dev/null || { show_log_tail "$RUN_DIR/s3proxy.log"; fail "S3Proxy exited"; }
    sleep 0.5
  done
  http_answers "http://127.0.0.1:9000/" || { show_log_tail "$RUN_DIR/s3proxy.log"; fail "S3Proxy did not answer within 30s"; }
  log "S3Proxy is up"
fi

# ---------------------------------------------------------------------------------------------
# 4. Build the jars if missing or older than the sources
# ---------------------------------------------------------------------------------------------
jars_stale() {
  [[ ! -f "$GATEWAY_JAR" || ! -f "$WORKER_JAR" ]] && return 0
  local oldest="$GATEWAY_JAR"
  [[ "$WORKER_JAR" -ot "$oldest" ]] && oldest="$WORKER_JAR"
  [[ -n "$(find "$REPO"/pom.xml "$REPO"/common "$REPO"/api-gateway "$REPO"/export-worker \
      -path '*/target' -prune -o -type f -newer "$oldest" -print -quit)" ]]
}
if jars_stale; then
  need_cmd "$MVN" maven
  log "building the jars ($MVN -q -B -DskipTests package)"
  (cd "$REPO" && "$MVN" -q -B -DskipTests package)
  [[ -f "$GATEWAY_JAR" && -f "$WORKER_JAR" ]] || fail "build finished but $GATEWAY_JAR or $WORKER_JAR is missing"
fi

# ---------------------------------------------------------------------------------------------
# 5. Gateway (runs the Flyway migrations), then the workers
# ---------------------------------------------------------------------------------------------
# start_service NAME PORT JAR [JVM options...]; extra environment for it: the SERVICE_ENV array,
# niceness: SERVICE_NICE.
start_service() {
  local name="$1" port="$2" jar="$3"
  shift 3
  local pidfile="$RUN_DIR/$name.pid" logfile="$RUN_DIR/$name.log"
  if pid_alive "$pidfile" "$jar"; then
    log "$name already running (pid $(cat "$pidfile"))"
  else
    rm -f "$pidfile"
    if http_answers "http://127.0.0.1:$port/"; then
      fail "port $port is taken by a process this script did not start; stop it or run infra/local/down.sh"
    fi
    log "starting $name on :$port (log: $logfile)"
    [[ -f "$logfile" ]] && mv -f "$logfile" "$logfile.1"   # keep the previous run's log
    start_bg "$pidfile" "$logfile" nice -n "${SERVICE_NICE:-0}" \
      env SERVER_PORT="$port" ${SERVICE_ENV[@]+"${SERVICE_ENV[@]}"} java "$@" -jar "$jar"
  fi
}

read -r -a gateway_opts <<<"$GATEWAY_JAVA_OPTS"
read -r -a worker_opts <<<"$WORKER_JAVA_OPTS"

SERVICE_ENV=()
start_service gateway 8080 "$GATEWAY_JAR" ${gateway_opts[@]+"${gateway_opts[@]}"}
wait_healthy "http://127.0.0.1:8080/actuator/health" "$RUN_DIR/gateway.pid" "$RUN_DIR/gateway.log" gateway

for i in $(seq 1 "$WORKERS"); do
  # two malloc arenas: glibc's default (8 per core) lets native memory creep up with many threads
  SERVICE_ENV=(EXPORTER_WORKER_ID="worker-$i" MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}")
  SERVICE_NICE="$WORKER_NICE" start_service "worker-$i" "$((8080 + i))" "$WORKER_JAR" ${worker_opts[@]+"${worker_opts[@]}"}
done
for i in $(seq 1 "$WORKERS"); do
  wait_healthy "http://127.0.0.1:$((8080 + i))/actuator/health" \
    "$RUN_DIR/worker-$i.pid" "$RUN_DIR/worker-$i.log" "worker-$i"
done

cat <<EOF

Data exporter is running.
  UI          http://127.0.0.1:8080/
  API         http://127.0.0.1:8080/api/v1/export/
  S3          http://127.0.0.1:9000  (bucket $EXPORTER_STORAGE_BUCKET, key $EXPORTER_STORAGE_ACCESS_KEY)
  run folder  $RUN_DIR  (logs and PID files)
  admin token $EXPORTER_ADMIN_TOKEN  (development default unless you set EXPORTER_ADMIN_TOKEN; change it)
  insecure defaults allowed: $EXPORTER_ALLOW_INSECURE_DEFAULTS  (EXPORTER_ALLOW_INSECURE_DEFAULTS; development only)
  webhooks may call: ${EXPORTER_WEBHOOKS_ALLOWEDHOSTS:-public addresses only}  (EXPORTER_WEBHOOKS_ALLOWEDHOSTS)
Try:  curl -s -H "Authorization: Bearer $EXPORTER_ADMIN_TOKEN" http://127.0.0.1:8080/api/v1/export/
Stop with: infra/local/down.sh
EOF
