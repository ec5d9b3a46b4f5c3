#!/usr/bin/env bash
# Starts a throw-away MariaDB server (the reference oracle) on 127.0.0.1:$1 with a temp datadir,
# performance_schema and its metadata-lock instrument on. Prints the datadir; stop it with
# `kill $(cat DATADIR/mariadbd.pid)`.
set -euo pipefail
port=${1:?port}
dir=$(mktemp -d /tmp/mariadb-oracle-XXXXXX)
mariadb-install-db --no-defaults --datadir="$dir/data" --auth-root-authentication-method=normal \
  --skip-test-db >"$dir/install.log" 2>&1
mariadbd --no-defaults --user=root --datadir="$dir/data" --port="$port" --bind-address=127.0.0.1 \
  --socket="$dir/mysqld.sock" --pid-file="$dir/mariadbd.pid" --skip-name-resolve --skip-grant-tables \
  --performance-schema=ON --performance-schema-instrument='wait/lock/metadata/sql/mdl=ON' \
  --performance-schema-consumer-events-statements-current=ON --performance-schema-consumer-events-statements-history=ON \
  --innodb-buffer-pool-size=32M --log-error="$dir/error.log" &
for _ in $(seq 1 150); do
  if mariadb -h127.0.0.1 -P"$port" -uroot -e 'select 1' >/dev/null 2>&1; then echo "$dir"; exit 0; fi
  sleep 0.2
done
echo "mariadb did not start; see $dir/error.log" >&2
exit 1
