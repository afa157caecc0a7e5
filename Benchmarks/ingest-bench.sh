#!/usr/bin/env bash
# Ingest benchmark: sluice-ingest (release) under wrk against what PostgreSQL alone accepts
# for the same rows, in the same run, on the same private PostgreSQL (fsync on,
# synchronous_commit on).
#   Benchmarks/ingest-bench.sh [duration, default 15s] [connections, default 64]
#   DATABASE_URL=postgresql://... Benchmarks/ingest-bench.sh     (use that server instead)
#   TOPICS=4 Benchmarks/ingest-bench.sh                          (spread requests over 4 topics)
#
# Ingest: wrk posts batches of 100 distinct events (about 300 bytes of data each, so every
# event is new and stored) to one topic over CONNECTIONS keep-alive connections with a
# produce key; each request is validated against the topic's schema and committed (one
# transaction per request) before its 200. Reference: sluice-bench-ingest-insert, CONNECTIONS
# clients each committing one 100-row multi-row INSERT per transaction. Prints one markdown
# table row: events/s and p99 of each, and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-15s}"
CONNECTIONS="${2:-64}"
SECONDS_ONLY="${DURATION%s}"
OUT="Benchmarks/results"
PGDIR=".data/bench-pg"
mkdir -p "$OUT"

swift build -c release --product sluice-ingest >&2
swift build -c release --product sluice-bench-ingest-insert >&2
BIN="$(swift build -c release --show-bin-path)"

# A given DATABASE_URL is used as is; otherwise a private server in .data/bench-pg.
DATABASE_URL="${DATABASE_URL:-$(scripts/postgres.sh start "$PGDIR" "${SLUICE_BENCH_PGPORT:-55467}")}"
ADMIN="bench-admin-key-0123456789abcdef"
PORT=18095
DATABASE_URL="$DATABASE_URL" PORT=$PORT SLUICE_HOST=127.0.0.1 SLUICE_ADMIN_KEY="$ADMIN" SLUICE_LOG_LEVEL=warning \
    SLUICE_DB_POOL_SIZE="${SLUICE_DB_POOL_SIZE:-32}" SLUICE_WORKER_THREADS="${SLUICE_WORKER_THREADS:-64}" \
    "$BIN/sluice-ingest" >"$OUT/ingest-bench-server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

TOPICS="${TOPICS:-1}"
PREFIX="bench_$(date +%s)"
api() { curl -fsS -X "$1" "http://127.0.0.1:$PORT$2" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
for n in $(seq 0 $((TOPICS - 1))); do
TOPIC="${PREFIX}_$n"
api POST /v1/topics "{\"name\":\"$TOPIC\"}" >/dev/null
api POST "/v1/topics/$TOPIC/schemas" '{"schema":{"type":"object","properties":{
  "user_id":{"type":"string","maxLength":64},"session_id":{"type":"string"},"url":{"type":"string","format":"uri"},
  "referrer":{"type":["string","null"]},"country":{"type":"string","minLength":2,"maxLength":2},
  "device":{"type":"string","enum":["mobile","desktop","tablet"]},"browser":{"type":"string"},
  "duration_ms":{"type":"integer","minimum":0},"seq":{"type":"integer"}},
  "required":["user_id","session_id","url","duration_ms"],"additionalProperties":false}}' >/dev/null
done
KEY="$(api POST /v1/keys "{\"name\":\"bench\",\"scopes\":[\"produce:*\"]}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')"

cat > "$OUT/ingest.lua" <<LUA
local counter = 0
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $KEY"}
setup = function(thread) thread:set("tid", tostring(math.random(1, 1000000000))) end
request = function()
    counter = counter + 1
    local parts = {}
    for i = 1, 100 do
        parts[i] = string.format('{"data":{"user_id":"u%d","session_id":"%s-%d-%d","url":"https://shop.example.com/products/%d?ref=campaign","referrer":"https://www.example.org/search?q=shoes","country":"DE","device":"mobile","browser":"Firefox 132","duration_ms":%d,"seq":%d}}', i % 97, tid, counter, i, i, 800 + i, counter * 100 + i)
    end
    return wrk.format("POST", "/v1/topics/${PREFIX}_" .. (counter % $TOPICS) .. "/events", headers, '{"events":[' .. table.concat(parts, ",") .. ']}')
end
LUA

accepted() { curl -fsS "http://127.0.0.1:$PORT/metrics" | awk '$1 ~ /^ingest_events_total\{.*outcome="accepted"\}/ {n += $2} END {print n}'; }
cpu() { ps -o times= -p "$SERVER_PID" | tr -d ' '; }
CPU_BEFORE="$(cpu)"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$OUT/ingest.lua" "http://127.0.0.1:$PORT" > "$OUT/ingest-wrk.txt"
ACCEPTED="$(accepted)"
SERVER_CPU=$(( $(cpu) - CPU_BEFORE ))
RPS="$(awk '/^Requests\/sec/ {print $2}' "$OUT/ingest-wrk.txt")"
P99="$(awk '$1 == "99%" {print $2}' "$OUT/ingest-wrk.txt")"
NON2XX="$(awk '/Non-2xx/ {print $5}' "$OUT/ingest-wrk.txt")"
kill $SERVER_PID; wait $SERVER_PID 2>/dev/null || true

read -r REF_RPS REF_P50 REF_P99 < <("$BIN/sluice-bench-ingest-insert" "$DATABASE_URL" "$CONNECTIONS" "$SECONDS_ONLY")
python3 - "$RPS" "$P99" "$ACCEPTED" "$SECONDS_ONLY" "$REF_RPS" "$REF_P99" "${NON2XX:-0}" "$SERVER_CPU" "$TOPICS" <<'PY'
import sys
rps, p99, accepted, seconds, ref, ref_p99, non2xx, cpu, topics = sys.argv[1:]
events = float(rps) * 100
print(f"| {topics} | {events:,.0f} events/s ({float(rps):,.0f} req/s; {int(float(accepted or 0)):,} accepted, {non2xx} non-2xx) "
      f"| {p99} | {float(cpu) / float(seconds):.2f} cores | {float(ref):,.0f} rows/s | {ref_p99} ms | {events / float(ref):.2f} |")
PY
