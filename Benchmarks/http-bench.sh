#!/usr/bin/env bash
# HTTP server benchmark: Sluice's server against nginx, in the same run, with wrk.
#   Benchmarks/http-bench.sh [duration, default 15s] [connections, default 64]
# Builds in release mode, starts nginx (reference, GET /healthz) and sluice-bench-server
# (GET /healthz, and POST /bench/events parsing a JSON batch of 100 small events), runs wrk
# over keep-alive connections against each, and prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-15s}"
CONNECTIONS="${2:-64}"
THREADS="${WRK_THREADS:-2}"
OUT="Benchmarks/results"
mkdir -p "$OUT"

for tool in wrk nginx; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        if [ "$(id -u)" -eq 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq wrk nginx-light >/dev/null
        else
            echo "missing $tool: sudo apt-get install -y wrk nginx-light" >&2; exit 1
        fi
    fi
done

swift build -c release --product sluice-bench-server >&2
BIN="$(swift build -c release --show-bin-path)"

NGINX_PORT=18090
SLUICE_PORT=18091
NGINX_DIR="$(mktemp -d)"
cat > "$NGINX_DIR/nginx.conf" <<CONF
worker_processes auto;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$NGINX_PORT reuseport;
        location = /healthz { default_type application/json; return 200 '{"status":"ok"}'; }
    }
}
CONF
nginx -c "$NGINX_DIR/nginx.conf"
PORT=$SLUICE_PORT "$BIN/sluice-bench-server" >"$OUT/bench-server.log" 2>&1 &
SERVER_PID=$!
cleanup() {
    kill "$SERVER_PID" 2>/dev/null || true
    nginx -c "$NGINX_DIR/nginx.conf" -s stop 2>/dev/null || true
    rm -rf "$NGINX_DIR"
}
trap cleanup EXIT
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$SLUICE_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

# A batch of 100 small events.
python3 - > "$OUT/batch.json" <<'PY'
import json
events = [{"id": f"e{i}", "time": "2026-03-02T14:00:00Z",
           "data": {"user_id": f"u{i % 37}", "country": "DE", "duration_ms": 800 + i, "path": "/a/b"}}
          for i in range(100)]
print(json.dumps({"events": events}))
PY
cat > "$OUT/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$OUT/batch.json", "r"); wrk.body = f:read("*a"); f:close()
LUA

run() {  # label url [script]
    local label="$1" url="$2" script="${3:-}"
    local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency)
    [ -n "$script" ] && args+=(-s "$script")
    wrk "${args[@]}" "$url" > "$OUT/$label.txt"
    local rps p99
    rps="$(awk '/^Requests\/sec/ {print $2}' "$OUT/$label.txt")"
    p99="$(awk '$1 == "99%" {print $2}' "$OUT/$label.txt")"
    echo "$label $rps $p99"
}

# Warm up both, then measure.
wrk -t1 -c8 -d2s "http://127.0.0.1:$NGINX_PORT/healthz" >/dev/null
wrk -t1 -c8 -d2s "http://127.0.0.1:$SLUICE_PORT/healthz" >/dev/null
read -r _ nginx_rps nginx_p99 < <(run nginx-healthz "http://127.0.0.1:$NGINX_PORT/healthz")
read -r _ sluice_rps sluice_p99 < <(run sluice-healthz "http://127.0.0.1:$SLUICE_PORT/healthz")
read -r _ post_rps post_p99 < <(run sluice-post-batch "http://127.0.0.1:$SLUICE_PORT/bench/events" "$OUT/post.lua")
ratio="$(python3 -c "print(f'{$sluice_rps / $nginx_rps:.2f}')")"

echo "| target | requests/s | p99 latency |"
echo "| --- | --- | --- |"
echo "| nginx GET /healthz (reference) | $nginx_rps | $nginx_p99 |"
echo "| sluice GET /healthz | $sluice_rps | $sluice_p99 |"
echo "| sluice POST /bench/events (100-event JSON batch) | $post_rps | $post_p99 |"
echo
echo "sluice/nginx GET /healthz ratio: $ratio (wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) cores)"
