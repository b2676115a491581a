#!/usr/bin/env bash
# Start a throwaway PostgreSQL server (Debian package) for the MCC store tests and print its
# SQLAlchemy URL on stdout. Installs the package when no server binaries are present.
# Usage:  export SARSAT_TEST_POSTGRES_URL="$(bash .ci/postgres.sh)"
# Stop:   bash .ci/postgres.sh stop
set -euo pipefail
DIR=${SARSAT_PG_DIR:-/tmp/sarsat-pg-$(id -u)}
PORT=${SARSAT_PG_PORT:-55432}

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
PGBIN=$(find_bin || true)
if [ -z "$PGBIN" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    PGBIN=$(find_bin)
fi

RUN=()
if [ "$(id -u)" = 0 ]; then
    RUN=(runuser -u postgres --)   # initdb and postgres refuse to run as root
fi

if [ "${1:-}" = stop ]; then
    "${RUN[@]}" "$PGBIN/pg_ctl" -D "$DIR" -m fast stop >&2 || true
    exit 0
fi

if ! "${RUN[@]}" "$PGBIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
    rm -rf "$DIR"
    mkdir -p "$DIR"
    if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; fi
    "${RUN[@]}" "$PGBIN/initdb" -D "$DIR" -A trust -U sarsat -E UTF8 >/dev/null
    "${RUN[@]}" "$PGBIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w \
        -o "-p $PORT -k $DIR -c listen_addresses='' -c fsync=off" start >&2
fi
echo "postgresql+psycopg://sarsat@/postgres?host=$DIR&port=$PORT"
