#!/bin/bash
# Interleaved before/after runs of one Bolt workload: for each repetition and each knob setting,
# start a fresh `nexus serve` on a copy of the generated graph, run nexus_server_load for 2 s,
# print q/s, latency and the server's CPU per query (utime+stime from /proc), stop it.
# Alternating the settings keeps a shared machine's load swings out of the comparison.
#
#   bench/server/ab.sh WORKLOAD CLIENTS REPS "LANE DIRECT" ["LANE DIRECT" ...]
#   e.g. bench/server/ab.sh point 32 4 "2 1" "0 0"     # now vs old behaviour
# LANE = NEXUS_WRITER_LANE_THREADS, DIRECT = NEXUS_DIRECT_WRITES (docs/server.md).
# Needs build-server (nexus, nexus_server_load) and the graph bench/server/run.py generates.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build-server}
GRAPH=${GRAPH:-/tmp/nexus-server-bench/people-100000-10.nexus}
WORK=$(mktemp -d /tmp/nexus-ab.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
workload=$1 clients=$2 reps=$3
shift 3
cp "$GRAPH" "$WORK/db.nexus"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for _ in $(seq "$reps"); do
    for setting in "$@"; do
        read -r lane direct <<<"$setting"
        : >"$WORK/serve.out"  # emptied here, not in the child: the loop below must not see the last line
        NEXUS_WRITER_LANE_THREADS=$lane NEXUS_DIRECT_WRITES=$direct "$BUILD/nexus" serve \
            "$WORK/db.nexus" --bolt 127.0.0.1:0 --http 127.0.0.1:0 --no-auth \
            >"$WORK/serve.out" 2>/dev/null &
        pid=$!
        until grep -q 'http=.*:[0-9]*$' "$WORK/serve.out"; do sleep 0.1; done
        addr=$(sed -n 's/.*bolt=\([0-9.:]*\) .*/\1/p' "$WORK/serve.out")
        before=$(cpu_ticks "$pid")
        json=$("$BUILD/bench/server/nexus_server_load" bolt "$addr" --workload "$workload" \
            --clients "$clients" --seconds 2 --people 100000 | grep '^{')
        after=$(cpu_ticks "$pid")
        kill "$pid"
        wait "$pid" || true
        python3 - "$json" "$before" "$after" "$lane" "$direct" <<'EOF'
import json, os, sys
d = json.loads(sys.argv[1])
cpu = (float(sys.argv[3]) - float(sys.argv[2])) / os.sysconf('SC_CLK_TCK')
print(f"lane={sys.argv[4]} direct={sys.argv[5]} {d['workload']} clients={d['clients']}: "
      f"{d['qps']:.0f} q/s p50 {d['p50_us']} us p99 {d['p99_us']} us "
      f"server CPU {cpu:.2f} s = {1e6 * cpu / max(1, d['queries']):.1f} us/query "
      f"load {open('/proc/loadavg').read().split()[0]}")
EOF
    done
done
