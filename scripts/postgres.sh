#!/usr/bin/env bash
# A private PostgreSQL server for Sluice's tests and local stack.
#
#   scripts/postgres.sh start   DIR PORT   create (first time) and start; print DATABASE_URL
#   scripts/postgres.sh stop    DIR        stop (fast shutdown); no error when not running
#   scripts/postgres.sh restart DIR        stop and start again on the port it last used
#   scripts/postgres.sh url     DIR [PORT] print DATABASE_URL (PORT defaults to the last used)
#   scripts/postgres.sh status  DIR        exit 0 when running
#
# DIR is a git-ignored folder such as .data/postgres. Only the URL
# (postgresql://postgres@127.0.0.1:PORT/sluice) goes to stdout; progress goes to stderr and
# the server log to a file (see "Where things live").
#
# The server: initdb with UTF8, trust authentication for local sockets and 127.0.0.1/::1
# only, listen_addresses=127.0.0.1, fsync on (commits are durable), its unix socket in a
# directory of its own, and a `sluice` database.
#
# Where things live. PostgreSQL refuses to run as root, so when this script runs as root
# the server runs as the `postgres` system user, which must own the data directory and be
# able to reach it. If `postgres` can traverse DIR, the server lives in DIR itself
# (DIR/pgdata, DIR/socket, DIR/postgres.log). If it cannot (a checkout under a root-only
# home, say), the server lives in /tmp/sluice-postgres-<uid>-<hash of DIR's absolute path>
# instead, and DIR/location names that place. Run as a normal user, the server runs as
# that user in DIR. The decision is recomputed on every call, so stop/restart/url find it.
#
# Missing binaries: as root, installs `postgresql` and `libpq-dev` with apt-get (update
# first, non-interactive); otherwise prints the command to run and exits 2.
#
# Concurrency: every command holds an exclusive flock on DIR/.lock, so several processes
# (parallel test runs, CI steps) may call it at once.
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }
say() { echo "postgres.sh: $*" >&2; }

usage() {
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 64
}

# MARK: - Binaries

find_bindir() {
    local candidate
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    # Debian/Ubuntu keep server binaries out of PATH; take the newest version installed.
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$candidate/pg_ctl" && -x "$candidate/initdb" ]]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

have_libpq_dev() {
    command -v pg_config >/dev/null 2>&1 || return 1
    local includedir
    includedir="$(pg_config --includedir 2>/dev/null)" || return 1
    [[ -f "$includedir/libpq-fe.h" ]]
}

ensure_installed() {
    if BINDIR="$(find_bindir)" && have_libpq_dev; then
        return 0
    fi
    local install="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql libpq-dev"
    if [[ "$(id -u)" -ne 0 ]]; then
        echo "postgres.sh: PostgreSQL server binaries or libpq-dev are missing. Install them with:" >&2
        echo "    sudo sh -c '$install'" >&2
        exit 2
    fi
    command -v apt-get >/dev/null 2>&1 ||
        die "PostgreSQL server binaries or libpq-dev are missing and apt-get is not available; install PostgreSQL 15+ and libpq headers"
    say "installing postgresql and libpq-dev with apt-get"
    {
        DEBIAN_FRONTEND=noninteractive apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql libpq-dev
    } </dev/null >&2
    BINDIR="$(find_bindir)" || die "apt-get installed postgresql but no pg_ctl/initdb was found"
    have_libpq_dev || die "apt-get installed libpq-dev but pg_config/libpq-fe.h was not found"
}

# MARK: - Layout and user

# Runs a command as the server's user: `postgres` when we are root, ourselves otherwise.
# The lock descriptor (9) is closed for it: a postmaster inheriting it would hold the lock forever.
as_server() {
    if [[ "$(id -u)" -eq 0 ]]; then
        runuser -u postgres -- "$@" 9>&-
    else
        "$@" 9>&-
    fi
}

ensure_server_user() {
    [[ "$(id -u)" -eq 0 ]] || return 0
    id postgres >/dev/null 2>&1 && return 0
    say "creating the postgres system user"
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres >&2
}

# Sets HOME_DIR (where the server lives), PGDATA_DIR, SOCKET_DIR, LOG_FILE.
compute_layout() {
    HOME_DIR="$DIR"
    if [[ "$(id -u)" -eq 0 ]] && ! runuser -u postgres -- test -x "$DIR" 2>/dev/null; then
        local key
        key="$(printf '%s' "$DIR" | cksum | cut -d' ' -f1)"
        HOME_DIR="/tmp/sluice-postgres-$(id -u)-$key"
        mkdir -p "$HOME_DIR"
        chmod 0755 "$HOME_DIR"
        printf '%s\n' "$HOME_DIR" >"$DIR/location"
    fi
    PGDATA_DIR="$HOME_DIR/pgdata"
    SOCKET_DIR="$HOME_DIR/socket"
    LOG_FILE="$HOME_DIR/postgres.log"
    # A unix socket path must fit in 107 bytes (".s.PGSQL.PORT" included).
    if ((${#SOCKET_DIR} > 80)); then
        SOCKET_DIR="/tmp/sluice-pgsock-$(id -u)-$(printf '%s' "$DIR" | cksum | cut -d' ' -f1)"
    fi
}

prepare_dirs() {
    mkdir -p "$HOME_DIR" "$SOCKET_DIR"
    touch "$LOG_FILE"
    if [[ "$(id -u)" -eq 0 ]]; then
        # The server's user owns only what it writes; HOME_DIR just needs to be traversable.
        [[ "$HOME_DIR" == "$DIR" ]] || chown postgres: "$HOME_DIR"
        chmod o+x "$HOME_DIR"
        chown postgres: "$SOCKET_DIR" "$LOG_FILE"
        if [[ -d "$PGDATA_DIR" ]]; then chown -R postgres: "$PGDATA_DIR"; fi
    fi
    chmod 0700 "$SOCKET_DIR"
}

# MARK: - Server

is_running() {
    [[ -f "$PGDATA_DIR/PG_VERSION" ]] || return 1
    as_server "$BINDIR/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

init_cluster() {
    [[ -f "$PGDATA_DIR/PG_VERSION" ]] && return 0
    say "initdb in $PGDATA_DIR"
    rm -rf "$PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"
    chmod 0700 "$PGDATA_DIR"
    if [[ "$(id -u)" -eq 0 ]]; then chown postgres: "$PGDATA_DIR"; fi
    as_server "$BINDIR/initdb" -D "$PGDATA_DIR" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=trust >>"$LOG_FILE" 2>&1 ||
        die "initdb failed; see $LOG_FILE"
    # Only loopback: trust never reaches beyond this machine. fsync stays on (the default).
    as_server sh -c "cat >> '$PGDATA_DIR/postgresql.conf'" <<EOF

# Added by scripts/postgres.sh
listen_addresses = '127.0.0.1'
fsync = on
synchronous_commit = on
max_connections = 200
log_min_messages = warning
EOF
}

start_server() {
    local port="$1"
    if is_running; then
        return 0
    fi
    # A crash can leave a stale pid file whose pid now belongs to someone else; pg_ctl
    # handles that itself. Start and wait until the server accepts connections.
    say "starting PostgreSQL on 127.0.0.1:$port (log: $LOG_FILE)"
    as_server "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -l "$LOG_FILE" -w -t 60 \
        -o "-p $port -k $SOCKET_DIR -c listen_addresses=127.0.0.1" start >&2 ||
        { tail -n 20 "$LOG_FILE" >&2; die "PostgreSQL did not start; see $LOG_FILE"; }
    printf '%s\n' "$port" >"$DIR/port"
}

wait_ready() {
    local port="$1" tries=0
    until "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; do
        tries=$((tries + 1))
        ((tries < 120)) || die "PostgreSQL on port $port is not accepting connections; see $LOG_FILE"
        sleep 0.25
    done
}

ensure_database() {
    local port="$1" exists
    exists="$("$BINDIR/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'sluice'")" ||
        die "cannot query the server on port $port"
    if [[ "$exists" != "1" ]]; then
        "$BINDIR/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
            -c "CREATE DATABASE sluice" >&2 || die "CREATE DATABASE sluice failed"
    fi
}

stop_server() {
    if is_running; then
        say "stopping PostgreSQL in $PGDATA_DIR"
        as_server "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >&2
    fi
}

recorded_port() {
    [[ -f "$DIR/port" ]] || die "no port recorded in $DIR/port; use: $0 start $DIR PORT"
    cat "$DIR/port"
}

print_url() { printf 'postgresql://postgres@127.0.0.1:%s/sluice\n' "$1"; }

check_port() {
    [[ "$1" =~ ^[0-9]+$ ]] && (("$1" >= 1 && "$1" <= 65535)) || die "PORT must be 1-65535, got '$1'"
}

# MARK: - Main

[[ $# -ge 2 ]] || usage
COMMAND="$1"
mkdir -p "$2"
DIR="$(cd "$2" && pwd -P)"

# One command at a time per DIR.
exec 9>"$DIR/.lock"
flock 9

case "$COMMAND" in
start)
    [[ $# -eq 3 ]] || usage
    PORT="$3"
    check_port "$PORT"
    ensure_installed
    ensure_server_user
    compute_layout
    prepare_dirs
    init_cluster
    if is_running && [[ -f "$DIR/port" && "$(cat "$DIR/port")" != "$PORT" ]]; then
        say "already running on port $(cat "$DIR/port") (not $PORT); printing that URL"
        PORT="$(cat "$DIR/port")"
    fi
    start_server "$PORT"
    wait_ready "$PORT"
    ensure_database "$PORT"
    print_url "$PORT"
    ;;
stop)
    [[ $# -eq 2 ]] || usage
    BINDIR="$(find_bindir)" || exit 0
    compute_layout
    stop_server
    ;;
restart)
    [[ $# -eq 2 ]] || usage
    ensure_installed
    compute_layout
    PORT="$(recorded_port)"
    stop_server
    prepare_dirs
    start_server "$PORT"
    wait_ready "$PORT"
    ;;
status)
    [[ $# -eq 2 ]] || usage
    BINDIR="$(find_bindir)" || exit 1
    compute_layout
    is_running
    ;;
url)
    [[ $# -ge 2 && $# -le 3 ]] || usage
    if [[ $# -eq 3 ]]; then PORT="$3"; check_port "$PORT"; else PORT="$(recorded_port)"; fi
    print_url "$PORT"
    ;;
*)
    usage
    ;;
esac
