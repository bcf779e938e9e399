#!/usr/bin/env bash
# `make bench-peers`: installs the peers (sqlite3 and libsqlite3-dev from Debian when missing;
# Kuzu from npm inside run.py), builds nexus and the two C++ drivers, then runs run.py.
#   usage: bench/peers/bench_peers.sh [run.py options, e.g. --quick]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}

missing=""
for p in sqlite3 libsqlite3-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $p"
done
if [[ -n $missing ]]; then
    echo "Installing missing Debian packages:$missing" >&2
    SUDO=""
    [[ $(id -u) -ne 0 ]] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

if [[ ! -f $BUILD_DIR/build.ninja ]]; then
    cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$BUILD_DIR" -j "$JOBS" --target nexus nexus_peers_driver sqlite_peers_driver
exec python3 bench/peers/run.py --build "$BUILD_DIR" "$@"
