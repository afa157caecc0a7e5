#!/usr/bin/env bash
# Runs the whole test suite against a private, throwaway PostgreSQL server (ports
# SLUICE_TEST_PGPORT and SLUICE_TEST_PGPORT + 1, default 54329 and 54330).
# Usage: scripts/test.sh [extra swift test arguments, e.g. --filter SluiceHTTPTests]
set -euo pipefail
cd "$(dirname "$0")/.."

PGDIR=".data/test-postgres"
PGPORT="${SLUICE_TEST_PGPORT:-54329}"

./scripts/ensure-build-deps.sh
# The dashboard's browser test drives headless Chromium (Debian's package).
if ! command -v chromium >/dev/null 2>&1 && [ -z "${SLUICE_CHROMIUM:-}" ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing chromium with apt-get (for the dashboard's browser test)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
    else
        echo "missing chromium for the browser test: sudo apt-get install -y chromium" >&2
        exit 1
    fi
fi

url="$(./scripts/postgres.sh start "$PGDIR" "$PGPORT")"
cleanup() {
    ./scripts/postgres.sh stop "$PGDIR" >/dev/null 2>&1 || true
    # The reconnect test runs its own server beside the shared one (port + 1).
    ./scripts/postgres.sh stop "$PGDIR-restart" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# The end-to-end tests share the server's `sluice` database: start every run from an empty
# one, so a schema an earlier checkout migrated (or a half-finished run) cannot leak in.
admin_url="${url%/*}/postgres"
psql "$admin_url" -qAt -c "DROP DATABASE IF EXISTS sluice WITH (FORCE)" -c "CREATE DATABASE sluice" >/dev/null

export SLUICE_TEST_DATABASE_URL="$url"
export SLUICE_TEST_PGDATA="$PGDIR"

# Build first (tests start the real executables), then run every test target.
swift build
swift build --build-tests
export SLUICE_BIN_DIR="$(swift build --show-bin-path)"
swift test --skip-build --parallel "$@" 2>&1 | tee .data/test-output.txt
status="${PIPESTATUS[0]}"
exit "$status"
