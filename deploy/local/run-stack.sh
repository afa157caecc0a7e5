#!/usr/bin/env bash
# Builds the three services in release mode and runs the whole local stack:
# a private PostgreSQL (unless DATABASE_URL is given), ingest, analytics and the
# annotation cache. Ctrl-C stops everything it started.
#
# Environment (all optional): DATABASE_URL, SLUICE_ADMIN_KEY, INGEST_PORT (8080),
# ANALYTICS_PORT (8081), CACHE_PORT (8082), SLUICE_PGPORT (54320), and every SLUICE_*
# setting in docs/configuration.md, which is passed through to the services.
set -euo pipefail
cd "$(dirname "$0")/../.."

INGEST_PORT="${INGEST_PORT:-8080}"
ANALYTICS_PORT="${ANALYTICS_PORT:-8081}"
CACHE_PORT="${CACHE_PORT:-8082}"
DATA=".data"
mkdir -p "$DATA/logs"

./scripts/ensure-build-deps.sh
echo "building (release)..." >&2
swift build -c release >&2
BIN="$(swift build -c release --show-bin-path)"

started_pg=""
if [ -z "${DATABASE_URL:-}" ]; then
    DATABASE_URL="$(./scripts/postgres.sh start "$DATA/postgres" "${SLUICE_PGPORT:-54320}")"
    started_pg="$DATA/postgres"
fi
export DATABASE_URL

if [ -z "${SLUICE_ADMIN_KEY:-}" ]; then
    if [ ! -s "$DATA/admin-key" ]; then
        (umask 077; od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$DATA/admin-key")
    fi
    SLUICE_ADMIN_KEY="$(cat "$DATA/admin-key")"
fi
export SLUICE_ADMIN_KEY
export SLUICE_INGEST_URL="http://127.0.0.1:$INGEST_PORT"
export SLUICE_ANALYTICS_URL="http://127.0.0.1:$ANALYTICS_PORT"
export SLUICE_CACHE_URL="http://127.0.0.1:$CACHE_PORT"

pids=()
stop_all() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ -n "$started_pg" ]; then ./scripts/postgres.sh stop "$started_pg" >/dev/null 2>&1 || true; fi
    echo "stopped" >&2
    exit 0
}
trap stop_all INT TERM EXIT

start() {  # name port
    PORT="$2" "$BIN/sluice-$1" >>"$DATA/logs/$1.log" 2>&1 &
    pids+=("$!")
}
start ingest "$INGEST_PORT"
start analytics "$ANALYTICS_PORT"
start annotation-cache "$CACHE_PORT"

wait_ready() {  # name port
    for _ in $(seq 1 100); do
        if curl -fsS "http://127.0.0.1:$2/readyz" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    echo "$1 did not become ready on port $2; see $DATA/logs/$1.log" >&2
    return 1
}
wait_ready ingest "$INGEST_PORT"
wait_ready analytics "$ANALYTICS_PORT"
wait_ready annotation-cache "$CACHE_PORT"

cat <<INFO
Sluice is running.
  ingest            http://127.0.0.1:$INGEST_PORT
  analytics         http://127.0.0.1:$ANALYTICS_PORT
  annotation cache  http://127.0.0.1:$CACHE_PORT   (dashboard at /)
  database          ${DATABASE_URL%%\?*}
  admin key         in $DATA/admin-key (or your SLUICE_ADMIN_KEY)
  logs              $DATA/logs/
Press Ctrl-C to stop.
INFO
wait -n "${pids[@]}" || true
echo "a service exited; stopping the stack (see $DATA/logs/)" >&2
