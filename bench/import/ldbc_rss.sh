#!/usr/bin/env bash
# Peak RSS, wall and CPU time of `nexus import` on LDBC SNB SF0.1 (same files and arguments as
# ldbc_import.sh), once per run, with extra import options (e.g. --max-memory 16M).
#   usage: bench/import/ldbc_rss.sh path/to/nexus RUNS [extra import options...]
# With THREADS=path/to/import_threads it runs that instead (the importer/reader CPU split;
# --max-memory then takes bytes).
set -euo pipefail

NEXUS=$1
RUNS=$2
shift 2
CACHE=${NEXUS_BENCH_CACHE:-$HOME/.cache/nexus-bench}
DATA=$CACHE/node_modules/kuzu/kuzu-source/dataset/ldbc-sf01
[[ -d $DATA ]] || { echo "run bench/import/ldbc_import.sh once to fetch the data" >&2; exit 1; }

source "$(dirname "$0")/ldbc_args.sh"

OUT=$(mktemp -d "${TMPDIR:-/tmp}/nexus-ldbc-rss.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
for ((i = 0; i < RUNS; i++)); do
    rm -rf "$OUT"/ldbc.nexus*
    if [[ -n ${THREADS:-} ]]; then
        "$THREADS" "$OUT/ldbc.nexus" --delimiter '|' --id-type integer "$@" "${args[@]}"
        continue
    fi
    /usr/bin/time -f "%e s wall %U+%S s cpu %M KiB maxrss" \
        "$NEXUS" import "$OUT/ldbc.nexus" --delimiter '|' --id-type integer "$@" "${args[@]}" \
        2>&1 >/dev/null | grep maxrss
done
echo "load: $(uptime | sed 's/.*load average: //')"
