#!/usr/bin/env python3
"""Before/after comparison of two Nexus builds on the peer benchmark's LDBC queries.

Runs bench/peers' nexus_peers_driver of each build on its own copy of one database, the two
builds taking turns query by query, with many repetitions (a 1 ms query on a loaded shared
box is descheduled often: medians of 3 runs say little), and optionally counts instructions
with callgrind, which the load does not disturb. The database comes from a bench/peers run
(its --work folder); each build gets a copy, since a newer build may rewrite the file in a
format the older one cannot open.

    python3 bench/cypher/exec_compare.py --before /tmp/before-build --after build-tck \\
        --db ~/.cache/nexus-bench/work/nexus --only 'M3|M6' [--callgrind]
"""
import argparse
import json
import re
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
QUERIES = ROOT / "bench" / "peers" / "queries"
# Timed repetitions per query: enough for a stable median at each query's cost.
REPS = {"M1_person_by_id": 3000, "M2_friends": 3000, "M3_fof_count": 300, "M4_3hop_count": 40,
        "M5_count_knows": 3000, "M6_top_commenters": 15, "IC1": 100, "IC2": 40, "IC4": 40,
        "IC5": 3, "IC6": 30, "IC9": 8, "IC11": 100, "IC12": 20}
# The parameters bench/peers draws for SF0.1 (fixed here so both builds see the same).
PARAMS = {"personId": 4398046511145, "person2Id": 30786325578194, "messageId": 481036512747,
          "firstName": "Stephen", "maxDate": 20120601000000000, "minDate": 20120101000000000,
          "startDate": 20100101000000000, "endDate": 20130101000000000, "countryX": "India",
          "countryY": "China", "countryName": "China", "workFromYear": 2010, "month": 5,
          "tagName": "Napoleon", "tagClassName": "Person"}


def run(driver, db, name, reps, work, callgrind=False):
    spec = {"db": str(db), "sync": "off", "queries": [{
        "name": name, "text": (QUERIES / f"{name}.cypher").read_text(), "params": PARAMS,
        "warmup": 1 if callgrind else 2, "reps": reps, "budget_s": 600}]}
    path = work / f"{name}-{abs(hash(str(driver)))}.json"
    path.write_text(json.dumps(spec))
    cmd = [str(driver), str(path)]
    if callgrind:
        out = work / "cg.out"
        proc = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + cmd,
                              capture_output=True, text=True)
        m = re.search(r"refs:\s+([\d,]+)", proc.stderr)
        return int(m.group(1).replace(",", "")) if m else None, None
    proc = subprocess.run(cmd, capture_output=True, text=True)
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            r = json.loads(line)
            if r.get("error"):
                raise SystemExit(f"{driver} {name}: {r['error']}")
            return statistics.median(r["times_us"]) / 1000.0, r["rows"]
    raise SystemExit(f"{driver} {name}: no result: {proc.stderr[-500:]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", type=Path, required=True, help="build directory (old)")
    ap.add_argument("--after", type=Path, required=True, help="build directory (new)")
    ap.add_argument("--db", type=Path, required=True, help="folder holding ldbc.nexus")
    ap.add_argument("--only", default="M2|M3|M4|M6|IC6|IC9|IC12")
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies the repetitions")
    ap.add_argument("--callgrind", action="store_true",
                    help="also count instructions of a few runs under callgrind")
    args = ap.parse_args()
    names = [n for n in REPS if re.search(args.only, n)]
    with tempfile.TemporaryDirectory(prefix="nexus-exec-compare-") as tmp:
        work = Path(tmp)
        dbs = {}
        for side in ("before", "after"):
            shutil.copytree(args.db, work / side)
            dbs[side] = work / side / "ldbc.nexus"
        drivers = {s: getattr(args, s).resolve() / "bench" / "peers" / "nexus_peers_driver"
                   for s in ("before", "after")}
        print("| query | before (ms) | after (ms) | after/before |"
              + (" Ir before | Ir after | Ir after/before |" if args.callgrind else ""))
        print("|---|---|---|---|" + ("---|---|---|" if args.callgrind else ""))
        for name in names:
            reps = max(1, int(REPS[name] * args.scale))
            tb, rows_b = run(drivers["before"], dbs["before"], name, reps, work)
            ta, rows_a = run(drivers["after"], dbs["after"], name, reps, work)
            if rows_b != rows_a:
                raise SystemExit(f"{name}: answers differ: {rows_b} vs {rows_a}")
            line = f"| {name} | {tb:.3f} | {ta:.3f} | {ta / tb:.2f}x |"
            if args.callgrind:
                # Instructions per query: a run with n timed queries minus one with none
                # (both open the database and run one warm-up).
                cg_reps = max(1, REPS[name] // 30)
                ir = {}
                for side in ("before", "after"):
                    full, _ = run(drivers[side], dbs[side], name, cg_reps, work, True)
                    base, _ = run(drivers[side], dbs[side], name, 0, work, True)
                    ir[side] = (full - base) / cg_reps
                line += (f" {ir['before']:,.0f} | {ir['after']:,.0f} |"
                         f" {ir['after'] / ir['before']:.2f}x |")
            print(line, flush=True)


if __name__ == "__main__":
    main()
