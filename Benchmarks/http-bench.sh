#!/usr/bin/env bash
# HTTP server benchmark: Sluice's server against nginx, in the same run, with wrk.
#   Benchmarks/http-bench.sh [duration, default 15s] [connections, default 64]
# Optionally, EXTRA_SERVERS="name=/path/to/binary ..." adds other servers answering
# GET /healthz on the PORT they are given (e.g. a SwiftNIO-based one built elsewhere) to
# the same alternating rounds.
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
EXTRA_PIDS=()
EXTRA_TARGETS=()
extra_port=18100
for spec in ${EXTRA_SERVERS:-}; do
    extra_name="${spec%%=*}"
    PORT=$extra_port "${spec#*=}" >"$OUT/$extra_name.log" 2>&1 &
    EXTRA_PIDS+=("$!")
    EXTRA_TARGETS+=("$extra_name=$extra_port")
    extra_port=$((extra_port + 1))
done
cleanup() {
    for pid in "${EXTRA_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
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

# Warm up both, then measure in alternating rounds (nginx, sluice, POST; repeated) so that
# background load hits every target alike; report the median of each.
ROUNDS="${ROUNDS:-3}"
wrk -t1 -c8 -d2s "http://127.0.0.1:$NGINX_PORT/healthz" >/dev/null
wrk -t1 -c8 -d2s "http://127.0.0.1:$SLUICE_PORT/healthz" >/dev/null
: > "$OUT/rounds.txt"
for target in "${EXTRA_TARGETS[@]}"; do
    for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:${target#*=}/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    wrk -t1 -c8 -d2s "http://127.0.0.1:${target#*=}/healthz" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
    for target in "${EXTRA_TARGETS[@]}"; do
        run "${target%%=*}-healthz-$round" "http://127.0.0.1:${target#*=}/healthz" >> "$OUT/rounds.txt"
    done
    run "nginx-healthz-$round" "http://127.0.0.1:$NGINX_PORT/healthz" >> "$OUT/rounds.txt"
    run "sluice-healthz-$round" "http://127.0.0.1:$SLUICE_PORT/healthz" >> "$OUT/rounds.txt"
    run "sluice-post-batch-$round" "http://127.0.0.1:$SLUICE_PORT/bench/events" "$OUT/post.lua" >> "$OUT/rounds.txt"
done

python3 - "$OUT/rounds.txt" "$THREADS" "$CONNECTIONS" "$DURATION" "$ROUNDS" "${EXTRA_TARGETS[@]}" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
def ms(text):
    value = float(text.rstrip("usm"))
    return value / 1000 if text.endswith("us") else (value * 1000 if text.endswith("s") and not text.endswith("ms") else value)
def pick(prefix):
    picked = [r for r in rows if r[0].rsplit("-", 1)[0] == prefix]
    return [float(r[1]) for r in picked], [ms(r[2]) for r in picked]
extras = [arg.split("=")[0] for arg in sys.argv[6:]]
targets = [("nginx-healthz", "nginx GET /healthz (reference)")] + [
    (f"{name}-healthz", f"{name} GET /healthz") for name in extras] + [
    ("sluice-healthz", "sluice GET /healthz"), ("sluice-post-batch", "sluice POST /bench/events (100-event JSON batch)")]
print("| target | requests/s (median) | all rounds | p99 ms (median) |")
print("| --- | --- | --- | --- |")
medians = {}
for key, label in targets:
    rps, p99 = pick(key)
    medians[key] = statistics.median(rps)
    print(f"| {label} | {medians[key]:.0f} | {', '.join(f'{v:.0f}' for v in rps)} | {statistics.median(p99):.2f} |")
ratios = [s / n for s, n in zip(pick("sluice-healthz")[0], pick("nginx-healthz")[0])]
print()
print(f"sluice/nginx GET /healthz: median ratio {statistics.median(ratios):.2f} (per round: "
      + ", ".join(f"{r:.2f}" for r in ratios) + f"); wrk -t{sys.argv[2]} -c{sys.argv[3]} -d{sys.argv[4]}, {sys.argv[5]} rounds")
for name in extras:
    theirs = pick(f"{name}-healthz")[0]
    per_round = [s / t for s, t in zip(pick("sluice-healthz")[0], theirs)]
    print(f"sluice/{name} GET /healthz: median ratio {statistics.median(per_round):.2f} (per round: "
          + ", ".join(f"{r:.2f}" for r in per_round) + ")")
PY
