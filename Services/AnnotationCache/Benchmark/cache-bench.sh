#!/usr/bin/env bash
# Annotation cache read benchmark: GET /v1/annotations/{analysis} for 168 hourly annotations
# from memory, against nginx serving the same response body as a static file, in one run.
#   DATABASE_URL=postgresql://... Services/AnnotationCache/Benchmark/cache-bench.sh [duration 10s] [connections 64]
# The database is only written once (the batch) and read once (warm-up); reads are open
# (SLUICE_DASHBOARD_OPEN=1) so that they measure the cache, not key checks in PostgreSQL, and
# the cache runs 4 worker threads (CACHE_WORKERS): on 2 cores, 32 threads mostly switch context.
set -euo pipefail
cd "$(dirname "$0")/../../.."
DURATION="${1:-10s}"
CONNECTIONS="${2:-64}"
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database the cache may use}"
for tool in wrk nginx curl python3; do command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }; done

swift build -c release --product sluice-annotation-cache >&2
BIN="$(swift build -c release --show-bin-path)"
WORK="$(mktemp -d)"
NGINX_PORT=18190
CACHE_PORT=18191
ANALYSIS="bench_hourly_$$"
KEY="bench-admin-key-0123456789abcdef"

DATABASE_URL="$DATABASE_URL" SLUICE_WORKER_THREADS="${CACHE_WORKERS:-4}" PORT=$CACHE_PORT SLUICE_HOST=127.0.0.1 SLUICE_ADMIN_KEY=$KEY SLUICE_DASHBOARD_OPEN=1 \
    SLUICE_ANALYTICS_URL=http://127.0.0.1:9 SLUICE_LOG_LEVEL=warning "$BIN/sluice-annotation-cache" >"$WORK/cache.log" 2>&1 &
CACHE_PID=$!
cleanup() {
    kill "$CACHE_PID" 2>/dev/null || true
    nginx -c "$WORK/nginx.conf" -s stop 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$CACHE_PORT/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

# 168 hourly annotations (a week), three groups' worth of values each.
python3 - "$ANALYSIS" > "$WORK/batch.json" <<'PY'
import json, sys, datetime
start = datetime.datetime(2026, 3, 2, tzinfo=datetime.timezone.utc)
docs = []
for h in range(168):
    s = start + datetime.timedelta(hours=h)
    docs.append({"analysis": sys.argv[1], "version": 1,
                 "windowStart": s.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "windowEnd": (s + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "group": {}, "values": {"views": 1000 + h, "users": 300 + h % 50, "p95_ms": 800 + h % 90},
                 "eventCount": 1000 + h, "computedAt": "2026-03-09T00:00:00Z"})
print(json.dumps(docs))
PY
curl -fsS -X PUT -H 'Content-Type: application/json' -H "Authorization: Bearer $KEY" \
    --data-binary @"$WORK/batch.json" "http://127.0.0.1:$CACHE_PORT/v1/annotations/$ANALYSIS" >/dev/null
URL_PATH="/v1/annotations/$ANALYSIS?from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z"
mkdir -p "$WORK/www"
curl -fsS "http://127.0.0.1:$CACHE_PORT$URL_PATH" > "$WORK/www/annotations.json"
BYTES=$(wc -c < "$WORK/www/annotations.json")

cat > "$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$NGINX_PORT reuseport;
        root $WORK/www;
        location = /annotations.json { default_type application/json; }
    }
}
CONF
nginx -c "$WORK/nginx.conf"
sleep 0.3

run() { wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$1" > "$WORK/wrk.txt"; \
    rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt"); p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt"); echo "$rps $p99"; }
wrk -t2 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$NGINX_PORT/annotations.json" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$CACHE_PORT$URL_PATH" >/dev/null
read -r NGINX_RPS NGINX_P99 < <(run "http://127.0.0.1:$NGINX_PORT/annotations.json")
read -r CACHE_RPS CACHE_P99 < <(run "http://127.0.0.1:$CACHE_PORT$URL_PATH")
RATIO=$(python3 -c "print(f'{$CACHE_RPS / $NGINX_RPS:.2f}')")
echo "| $(date -u +%Y-%m-%d) | $BYTES B | $NGINX_RPS | $NGINX_P99 | $CACHE_RPS | $CACHE_P99 | $RATIO |"
