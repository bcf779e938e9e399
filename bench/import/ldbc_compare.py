#!/usr/bin/env python3
"""Times `nexus import` and Kuzu 0.11.3's COPY of the same LDBC SNB SF0.1 files, alternately,
several times, and prints the medians, the ratio, throughput and size on disk.

    usage: bench/import/ldbc_compare.py [--nexus build/nexus] [--runs 5] [--keep DIR]

--keep leaves the last Nexus database in DIR (for `nexus check`). Kuzu is loaded from
~/.cache/nexus-bench/node_modules/kuzu (see bench/import/ldbc_import.sh, which installs it).
"""
import argparse
import glob
import os
import shutil
import statistics
import subprocess
import tempfile
import time

CACHE = os.environ.get("NEXUS_BENCH_CACHE", os.path.expanduser("~/.cache/nexus-bench"))
KDIR = os.path.join(CACHE, "node_modules", "kuzu")
DATA = os.path.join(KDIR, "kuzu-source", "dataset", "ldbc-sf01")

KUZU_JS = r"""
const kuzu = require(process.argv[1]);
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
    let bytes = 0;
    const walk = (p) => { const st = fs.statSync(p);
        if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(p + "/" + e);
        else bytes += st.size; };
    walk(dir);
    console.log(Number(t1 - t0) / 1e9, bytes);
    fs.rmSync(dir, { recursive: true, force: true });
})();
"""


def nexus_args():
    """--nodes / --relationships arguments named after the files, as ldbc_import.sh does."""
    args = []
    for f in sorted(glob.glob(os.path.join(DATA, "*.csv"))):
        base = os.path.basename(f)[:-4]
        if base.endswith("_1"):
            continue
        groups = [f]
        cont = os.path.join(DATA, base + "_1.csv")
        if os.path.exists(cont):
            with open(cont) as c:
                first = c.readline()
            if ":START_ID" in first or ":ID" in first:
                groups.append(cont)
            else:
                groups[0] = f + "," + cont
        kind = "--relationships" if "_" in base else "--nodes"
        args += [f"{kind}={base}={files}" for files in groups]
    return args


def run_nexus(binary, out_dir):
    db = os.path.join(out_dir, "ldbc.nexus")
    for p in glob.glob(db + "*"):
        os.remove(p)
    cmd = [binary, "import", db, "--delimiter", "|", "--id-type", "integer"] + nexus_args()
    t0 = time.monotonic()
    r0 = os.times()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    r1 = os.times()
    cpu = (r1.children_user - r0.children_user) + (r1.children_system - r0.children_system)
    size = sum(os.path.getsize(p) for p in glob.glob(db + "*"))
    return wall, cpu, size


def run_kuzu():
    out = subprocess.run(["node", "-e", KUZU_JS, KDIR], cwd=os.path.join(KDIR, "kuzu-source"),
                         check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nexus", default="build/nexus")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep")
    ap.add_argument("--no-kuzu", action="store_true")
    a = ap.parse_args()
    rels = sum(sum(1 for _ in open(f)) - 1 for f in glob.glob(os.path.join(DATA, "*_*.csv")))
    out_dir = a.keep or tempfile.mkdtemp(prefix="nexus-ldbc-")
    os.makedirs(out_dir, exist_ok=True)
    nexus, cpu, kuzu = [], [], []
    size = ksize = 0
    try:
        for i in range(a.runs):
            w, c, size = run_nexus(a.nexus, out_dir)
            nexus.append(w)
            cpu.append(c)
            line = f"run {i + 1}: nexus {w:.2f} s wall ({c:.2f} s cpu)"
            if not a.no_kuzu:
                k, ksize = run_kuzu()
                kuzu.append(k)
                line += f", kuzu COPY {k:.2f} s"
            print(line + f"  [load {os.getloadavg()[0]:.1f}]", flush=True)
    finally:
        if not a.keep:
            shutil.rmtree(out_dir, ignore_errors=True)
    mn = statistics.median(nexus)
    print(f"nexus import: median {mn:.2f} s wall, {statistics.median(cpu):.2f} s cpu, "
          f"{rels / mn / 1e6:.2f} M rels/s, {size / 2**20:.1f} MiB on disk")
    if kuzu:
        mk = statistics.median(kuzu)
        print(f"kuzu COPY: median {mk:.2f} s, {ksize / 2**20:.1f} MiB on disk; "
              f"nexus/kuzu = {mn / mk:.2f}x")


if __name__ == "__main__":
    main()
