#!/usr/bin/env bash
# Imports LDBC SNB SF0.1 (as shipped in the npm package kuzu@0.11.3, pipe-delimited with
# neo4j-admin headers) with `nexus import` and prints time, rate and size on disk. Labels and
# relationship types are named after the files (Person.csv -> :Person,
# Person_knows_Person[_1].csv -> :Person_knows_Person). With KUZU=1 it also times Kuzu's own
# COPY of the same files through its Node.js package and prints the ratio.
#   usage: bench/import/ldbc_import.sh [path/to/nexus]   (default build/nexus)
set -euo pipefail

NEXUS=${1:-build/nexus}
CACHE=${NEXUS_BENCH_CACHE:-$HOME/.cache/nexus-bench}
DATA=$CACHE/node_modules/kuzu/kuzu-source/dataset/ldbc-sf01
if [[ ! -d $DATA ]]; then
    mkdir -p "$CACHE"
    echo "installing kuzu@0.11.3 (for its ldbc-sf01 data set) into $CACHE" >&2
    (cd "$CACHE" && npm install --ignore-scripts --no-audit --no-fund kuzu@0.11.3 >&2)
fi

source "$(dirname "$0")/ldbc_args.sh"

OUT=$(mktemp -d "${TMPDIR:-/tmp}/nexus-ldbc.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
start=$(date +%s.%N)
"$NEXUS" import "$OUT/ldbc.nexus" --delimiter '|' --id-type integer "${args[@]}"
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
rels=$(cat "$DATA"/*_*.csv | wc -l)
bytes=$(du -cb "$OUT"/ldbc.nexus* | tail -1 | cut -f1)
printf 'nexus import: %.2f s wall, %.0f input lines/s (rels incl. headers), %.1f MiB on disk\n' \
    "$secs" "$(echo "$rels / $secs" | bc -l)" "$(echo "$bytes / 1048576" | bc -l)"

if [[ ${KUZU:-0} == 1 ]]; then
    KDIR=$CACHE/node_modules/kuzu
    [[ -f $KDIR/index.js ]] || (cd "$KDIR" && node install.js >&2)
    ksecs=$(cd "$KDIR/kuzu-source" && node -e '
        const kuzu = require("'"$KDIR"'");
        const fs = require("fs");
        (async () => {
            const dir = fs.mkdtempSync("/tmp/kuzu-ldbc-");
            const db = new kuzu.Database(dir + "/db");
            const conn = new kuzu.Connection(db);
            const stmts = (f) => fs.readFileSync("dataset/ldbc-sf01/" + f, "utf8")
                .split(";").map((s) => s.trim()).filter((s) => s.length);
            for (const s of stmts("schema.cypher")) await conn.query(s);
            const t0 = process.hrtime.bigint();
            for (const s of stmts("copy.cypher")) await conn.query(s);
            const t1 = process.hrtime.bigint();
            console.log(Number(t1 - t0) / 1e9);
            fs.rmSync(dir, { recursive: true, force: true });
        })();')
    printf 'kuzu COPY: %.2f s; kuzu/nexus = %.2fx\n' "$ksecs" "$(echo "$ksecs / $secs" | bc -l)"
fi
