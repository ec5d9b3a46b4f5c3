#!/usr/bin/env bash
# Builds mdld on a fresh Debian machine and runs it.
#   ./run.sh [mdld options...]     e.g. ./run.sh --port=3307 --datadir=/tmp/mdld-data
# Installs missing build dependencies (apt-get, only those missing), configures build/
# (RelWithDebInfo), builds mdld, then replaces itself with the server. Defaults: port 3306 on
# 127.0.0.1, data in ./data; log in as root without a password from this machine:
#   mariadb -h127.0.0.1 -P3306 -uroot
# The live wait-graph page and /metrics are served on http://127.0.0.1:8080/ (user root, empty
# password) unless port 8080 is taken; --http-port=N picks another port, --http-port=0 turns it off.
set -euo pipefail
cd "$(dirname "$0")"

need=()
for pkg in cmake ninja-build g++ libgtest-dev libbenchmark-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target mdld -j"$(nproc)"
http=()
if ! (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; then
  http=(--http-port=8080)  # nothing listens there yet; a later --http-port in "$@" wins
fi
exec build/tools/mdld/mdld "${http[@]+"${http[@]}"}" "$@"
