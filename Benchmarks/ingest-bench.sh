#!/usr/bin/env bash
# Ingest benchmark: sluice-ingest (release) under wrk against what PostgreSQL alone accepts
# for the same rows, in the same run, on the same private PostgreSQL (fsync on,
# synchronous_commit on).
#   Benchmarks/ingest-bench.sh [duration per round, default 10s] [connections, default 64]
#   ROUNDS=5 Benchmarks/ingest-bench.sh                           (rounds, default 3)
#   DATABASE_URL=postgresql://... Benchmarks/ingest-bench.sh     (use that server instead)
#   TOPICS=4 Benchmarks/ingest-bench.sh                          (spread requests over 4 topics)
#
# Ingest: wrk posts batches of 100 distinct events (about 300 bytes of data each, so every
# event is new and stored) to one topic over CONNECTIONS keep-alive connections with a
# produce key; each request is validated against the topic's schema and committed before its
# 200. Reference: sluice-bench-ingest-insert, CONNECTIONS clients each committing one 100-row
# multi-row INSERT per transaction, with ids like Ingest's (sha256: + 64 hex digits), as many
# rows as Ingest stored in the round. The two alternate for ROUNDS rounds on one fresh
# database (tables grow alike on both sides); prints one markdown table row per round and
# the median ratio. SHORT_IDS_TOO=1 adds a reference
# run with short ordered ids, for comparison with earlier figures.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10s}"
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
# Every run starts from empty tables on both sides (a database of its own, dropped at the end):
# a dedup index that earlier runs filled makes inserts slower, and the reference's table is new.
RUN_DB="bench_ingest_$(date +%s)"
psql "$DATABASE_URL" -qAtc "CREATE DATABASE $RUN_DB" >/dev/null
BASE_URL="$DATABASE_URL"
DATABASE_URL="${BASE_URL%/*}/$RUN_DB"
ADMIN="bench-admin-key-0123456789abcdef"
PORT=18095
DATABASE_URL="$DATABASE_URL" PORT=$PORT SLUICE_HOST=127.0.0.1 SLUICE_ADMIN_KEY="$ADMIN" SLUICE_LOG_LEVEL=warning \
    SLUICE_DB_POOL_SIZE="${SLUICE_DB_POOL_SIZE:-32}" SLUICE_WORKER_THREADS="${SLUICE_WORKER_THREADS:-64}" \
    "${INGEST_BIN:-$BIN/sluice-ingest}" >"$OUT/ingest-bench-server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true; sleep 0.5; psql "$BASE_URL" -qAtc "DROP DATABASE IF EXISTS $RUN_DB" >/dev/null 2>&1 || true' EXIT
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
-- Every round and thread sends events no earlier round sent (all new, none duplicates).
math.randomseed(os.time())
setup = function(thread) thread:set("tid", (os.getenv("ROUND") or "0") .. "x" .. tostring(math.random(1, 1000000000))) end
request = function()
    counter = counter + 1
    local parts = {}
    for i = 1, 100 do
        parts[i] = string.format('{"data":{"user_id":"u%d","session_id":"%s-%d-%d","url":"https://shop.example.com/products/%d?ref=campaign","referrer":"https://www.example.org/search?q=shoes","country":"DE","device":"mobile","browser":"Firefox 132","duration_ms":%d,"seq":%d}}', i % 97, tid, counter, i, i, 800 + i, counter * 100 + i)
    end
    return wrk.format("POST", "/v1/topics/${PREFIX}_" .. (counter % $TOPICS) .. "/events", headers, '{"events":[' .. table.concat(parts, ",") .. ']}')
end
LUA

accepted() { curl -fsS "http://127.0.0.1:$PORT/metrics" | awk '$1 ~ /^ingest_events_total\{.*outcome="accepted"\}/ {n += $2} END {print n + 0}'; }
cpu() { ps -o times= -p "$SERVER_PID" | tr -d ' '; }
ROUNDS="${ROUNDS:-3}"
RESULTS="$OUT/ingest-rounds.txt"
: > "$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
    # Ingest, then PostgreSQL alone, alternating, so both see the same machine and table sizes.
    BEFORE="$(accepted)"
    CPU_BEFORE="$(cpu)"
    ROUND="$round" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$OUT/ingest.lua" "http://127.0.0.1:$PORT" > "$OUT/ingest-wrk-$round.txt"
    ACCEPTED=$(( $(accepted) - BEFORE ))
    SERVER_CPU=$(( $(cpu) - CPU_BEFORE ))
    RPS="$(awk '/^Requests\/sec/ {print $2}' "$OUT/ingest-wrk-$round.txt")"
    P99="$(awk '$1 == "99%" {print $2}' "$OUT/ingest-wrk-$round.txt")"
    NON2XX="$(awk '/Non-2xx/ {print $5}' "$OUT/ingest-wrk-$round.txt")"
    # The same number of rows as Ingest stored in this round (rounded up to whole
    # transactions of 100), so both sides' tables grow alike from round to round.
    read -r REF_RPS _ REF_P99 < <("$BIN/sluice-bench-ingest-insert" "$DATABASE_URL" "$CONNECTIONS" "$SECONDS_ONLY" sha keep "$ACCEPTED")
    echo "$round $RPS $P99 $ACCEPTED ${NON2XX:-0} $SERVER_CPU $REF_RPS $REF_P99" >> "$RESULTS"
done
kill $SERVER_PID; wait $SERVER_PID 2>/dev/null || true
if [ -n "${SHORT_IDS_TOO:-}" ]; then
    read -r SHORT_RPS _ SHORT_P99 < <("$BIN/sluice-bench-ingest-insert" "$DATABASE_URL" "$CONNECTIONS" "$SECONDS_ONLY" short)
    echo "reference with short ordered ids: $SHORT_RPS rows/s, p99 $SHORT_P99 ms" >&2
fi

python3 - "$RESULTS" "$SECONDS_ONLY" "$TOPICS" <<'PY'
import statistics, sys
path, seconds, topics = sys.argv[1], float(sys.argv[2]), sys.argv[3]
rows = [line.split() for line in open(path) if line.strip()]
ratios = []
for r, rps, p99, accepted, non2xx, cpu, ref, ref_p99 in rows:
    events = float(rps) * 100
    ratios.append(events / float(ref))
    print(f"| {topics} | round {r} | {events:,.0f} events/s ({float(rps):,.0f} req/s; {int(accepted):,} accepted, {non2xx} non-2xx) "
          f"| {p99} | {float(cpu) / seconds:.2f} cores | {float(ref):,.0f} rows/s | {ref_p99} ms | {events / float(ref):.2f} |")
print(f"median ratio of {len(ratios)} rounds: {statistics.median(ratios):.2f}")
PY
