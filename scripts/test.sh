#!/usr/bin/env bash
# Runs the whole test suite against a private, throwaway PostgreSQL server (ports
# SLUICE_TEST_PGPORT and SLUICE_TEST_PGPORT + 1, default 54329 and 54330).
# Usage: scripts/test.sh [extra swift test arguments, e.g. --filter SluiceHTTPTests]
set -euo pipefail
cd "$(dirname "$0")/.."

PGDIR=".data/test-postgres"
PGPORT="${SLUICE_TEST_PGPORT:-54329}"

./scripts/ensure-build-deps.sh

url="$(./scripts/postgres.sh start "$PGDIR" "$PGPORT")"
cleanup() {
    ./scripts/postgres.sh stop "$PGDIR" >/dev/null 2>&1 || true
    # The reconnect test runs its own server beside the shared one (port + 1).
    ./scripts/postgres.sh stop "$PGDIR-restart" >/dev/null 2>&1 || true
}
trap cleanup EXIT

export SLUICE_TEST_DATABASE_URL="$url"
export SLUICE_TEST_PGDATA="$PGDIR"

# Build first (tests start the real executables), then run every test target.
swift build
swift build --build-tests
export SLUICE_BIN_DIR="$(swift build --show-bin-path)"
swift test --skip-build --parallel "$@" 2>&1 | tee .data/test-output.txt
status="${PIPESTATUS[0]}"
exit "$status"
