#!/bin/sh
# ctest entry: installs the npm test dependencies when missing (npm ci from the committed
# lock file), then runs the node driver tests against NEXUS_BIN (argument 1).
set -e
cd "$(dirname "$0")"
if [ ! -d node_modules/neo4j-driver ]; then
    npm ci --no-audit --no-fund --loglevel=error
fi
NEXUS_BIN="$1" exec node --test --test-concurrency=1 ./*.test.mjs
