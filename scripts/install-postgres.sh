#!/bin/sh
# Installs Debian's PostgreSQL server for the PostgreSQL store tests; skips when present.
set -eu
for candidate in /usr/lib/postgresql/*/bin/initdb; do
    if [ -x "$candidate" ]; then
        echo "PostgreSQL server already installed: $("$candidate" --version)"
        exit 0
    fi
done
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-postgres: no apt-get here; install the PostgreSQL server by hand" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
$SUDO apt-get update
# the package starts a system cluster on install; the tests use their own throwaway one
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends postgresql
ls /usr/lib/postgresql/*/bin/initdb
