#!/usr/bin/env python3
"""The peer benchmark (`make bench-peers`): LDBC SNB SF0.1 in Nexus, Kuzu and SQLite.

Installs Kuzu 0.11.3 from npm (its package ships the data set), loads the data into the three
systems, runs the queries in bench/peers/queries through one driver per system (alternating
the systems), checks that the answers agree and writes the table to docs/benchmarks.md.
"""
import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
QUERIES = HERE / "queries"
CACHE = Path(os.environ.get("NEXUS_BENCH_CACHE", Path.home() / ".cache" / "nexus-bench"))
KUZU_DIR = CACHE / "node_modules" / "kuzu"
DATA = KUZU_DIR / "kuzu-source" / "dataset" / "ldbc-sf01"
SYSTEMS = ["nexus", "kuzu", "sqlite"]

# Nexus names relationship types after the files; Kuzu's schema.cypher names them its own way.
KUZU_REL = {
    "Comment_hasCreator_Person": "Comment_hasCreator", "Comment_hasTag_Tag": "Comment_hasTag",
    "Comment_isLocatedIn_Place": "Comment_isLocatedIn", "Comment_replyOf_Comment": "replyOf_Comment",
    "Comment_replyOf_Post": "replyOf_Post", "Forum_containerOf_Post": "containerOf",
    "Forum_hasMember_Person": "hasMember", "Forum_hasModerator_Person": "hasModerator",
    "Forum_hasTag_Tag": "Forum_hasTag", "Organisation_isLocatedIn_Place": "Organisation_isLocatedIn",
    "Person_hasInterest_Tag": "hasInterest", "Person_isLocatedIn_Place": "Person_isLocatedIn",
    "Person_knows_Person": "knows", "Person_likes_Comment": "likes_Comment",
    "Person_likes_Post": "likes_Post", "Person_studyAt_Organisation": "studyAt",
    "Person_workAt_Organisation": "workAt", "Place_isPartOf_Place": "isPartOf",
    "Post_hasCreator_Person": "Post_hasCreator", "Post_hasTag_Tag": "Post_hasTag",
    "Post_isLocatedIn_Place": "Post_isLocatedIn", "Tag_hasType_TagClass": "hasType",
    "TagClass_isSubclassOf_TagClass": "isSubclassOf",
}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def install_kuzu():
    if not DATA.is_dir():
        CACHE.mkdir(parents=True, exist_ok=True)
        log(f"installing kuzu@0.11.3 into {CACHE}")
        sh(["npm", "install", "--no-audit", "--no-fund", "kuzu@0.11.3"], cwd=CACHE)
    if not (KUZU_DIR / "kuzujs.node").exists() or not (KUZU_DIR / "index.js").exists():
        sh(["node", "install.js"], cwd=KUZU_DIR, stdout=subprocess.DEVNULL)


def csv_files():
    """(base name, [files]) per entity, continuation files (_1) folded into their first part."""
    out = []
    for f in sorted(DATA.glob("*.csv")):
        base = f.stem
        if base.endswith("_1"):
            continue
        files = [f]
        if (DATA / f"{base}_1.csv").exists():
            files.append(DATA / f"{base}_1.csv")
        out.append((base, files))
    return out


def du(paths):
    total = 0
    for p in paths:
        p = Path(p)
        if p.is_file():
            total += p.stat().st_size
        elif p.is_dir():
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
    return total


def run_driver(system, args, spec, work, timeout=None):
    """Runs one driver on `spec`; returns {query name: result line}. A driver still running
    after `timeout` seconds is killed and its unfinished queries report the timeout."""
    spec_path = work / f"spec-{system}.json"
    spec_path.write_text(json.dumps(spec))
    if system == "nexus":
        cmd = [str(args.build / "bench" / "peers" / "nexus_peers_driver"), str(spec_path)]
    elif system == "sqlite":
        cmd = [str(args.build / "bench" / "peers" / "sqlite_peers_driver"), str(spec_path)]
    else:
        cmd = ["node", str(HERE / "kuzu_driver.js"), str(KUZU_DIR), str(spec_path)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        stdout = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        proc = subprocess.CompletedProcess(cmd, f"timeout after {timeout:.0f} s", stdout, "")
    out = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            r = json.loads(line)
            out[r["name"]] = r
    if proc.returncode != 0:
        why = (proc.returncode if isinstance(proc.returncode, str)
               else f"driver exited {proc.returncode}")
        log(f"{system}: {why}: {proc.stderr.strip()[-2000:]}")
        for q in spec["queries"]:
            out.setdefault(q["name"], {"name": q["name"], "times_us": [], "rows": [],
                                       "error": why})
    return out


def prepare_data(work):
    """One file per entity with exactly one header line: the shipped continuation files (_1)
    sometimes repeat the header and sometimes do not, and the loaders want one convention."""
    out = work / "csv"
    out.mkdir(exist_ok=True)
    merged = []
    for base, files in csv_files():
        target = out / f"{base}.csv"
        if not target.exists() or target.stat().st_mtime < max(f.stat().st_mtime for f in files):
            with open(target, "wb") as w:
                for i, f in enumerate(files):
                    with open(f, "rb") as r:
                        first = r.readline()
                        if i == 0 or not first.startswith(b":START_ID") and b":ID(" not in first:
                            w.write(first)
                        rest = r.read()
                        w.write(rest)
                        if rest and not rest.endswith(b"\n"):  # some parts lack the last newline
                            w.write(b"\n")
        header = target.open().readline().rstrip("\n").split("|")
        merged.append((base, target, header))
    # Node files first: relationship loaders look their endpoints up.
    return sorted(merged, key=lambda m: ("_" in m[0], m[0]))


def load_nexus(args, data, work):
    db = work / "nexus" / "ldbc.nexus"
    shutil.rmtree(db.parent, ignore_errors=True)
    db.parent.mkdir(parents=True)
    cmd = [str(args.nexus or args.build / "nexus"), "import", str(db), "--delimiter", "|", "--id-type", "integer"]
    for base, f, _ in data:
        kind = "--relationships" if "_" in base else "--nodes"
        cmd.append(f"{kind}={base}={f}")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"nexus import failed ({proc.returncode}): {proc.stdout[-1500:]}"
                         f"{proc.stderr[-1500:]}")
    # Lookup indexes on the ids the queries seek by (Kuzu and SQLite get theirs from the
    # primary keys); their build time counts as part of the load.
    spec = {"db": str(db), "sync": "off", "queries": [
        {"name": f"index-{label}", "text": f"CREATE INDEX IF NOT EXISTS FOR (n:{label}) ON (n.id)",
         "warmup": 0, "reps": 1} for label in ("Person", "Comment", "Post", "Forum", "Tag")]
        + [{"name": "index-tag-name", "warmup": 0, "reps": 1,
            "text": "CREATE INDEX IF NOT EXISTS FOR (n:Tag) ON (n.name)"}]}
    t1 = time.perf_counter()
    res = run_driver("nexus", args, spec, work)
    secs += time.perf_counter() - t1
    for r in res.values():
        if r.get("error"):
            log(f"nexus {r['name']}: {r['error']}")
    return db, secs, du(db.parent.iterdir())


def load_kuzu(args, data, work):
    db = work / "kuzu" / "ldbc.kuzu"
    shutil.rmtree(db.parent, ignore_errors=True)
    db.parent.mkdir(parents=True)
    schema = [s.strip() for s in (DATA / "schema.cypher").read_text().split(";") if s.strip()]
    copies = []
    for base, f, _ in data:
        table = KUZU_REL.get(base, base)
        copies.append({"name": f"copy-{base}", "warmup": 0, "reps": 1,
                       "text": f"COPY {table} FROM '{f}' (HEADER=true, DELIM='|')"})
    spec = {"db": str(db), "setup": schema, "queries": copies, "checkpoint": True}
    t0 = time.perf_counter()
    res = run_driver("kuzu", args, spec, work)
    secs = time.perf_counter() - t0
    errors = [f"{r['name']}: {r['error']}" for r in res.values() if r.get("error")]
    if errors:
        raise SystemExit("kuzu load failed: " + "; ".join(errors))
    return db, secs, du(db.parent.iterdir())


def sqlite_col(field):
    name, _, kind = field.partition(":")
    if field == ":LABEL":
        return "label TEXT"
    if kind.startswith("ID("):
        return f"{name} INTEGER PRIMARY KEY"
    if kind.startswith("START_ID"):
        return "src INTEGER NOT NULL"
    if kind.startswith("END_ID"):
        return "dst INTEGER NOT NULL"
    return f"{name} {'TEXT' if kind == 'STRING' else 'INTEGER'}"


def load_sqlite(args, data, work):
    db = work / "sqlite" / "ldbc.sqlite"
    shutil.rmtree(db.parent, ignore_errors=True)
    db.parent.mkdir(parents=True)
    script = ["PRAGMA journal_mode=WAL;", "PRAGMA synchronous=NORMAL;", ".mode csv",
              ".separator |"]
    for base, f, header in data:
        script.append(f"CREATE TABLE {base} ({', '.join(sqlite_col(h) for h in header)});")
        script.append(f".import --skip 1 {f} {base}")
        if "_" in base:
            script.append(f"CREATE INDEX {base}_src ON {base}(src, dst);")
            script.append(f"CREATE INDEX {base}_dst ON {base}(dst, src);")
    script.append("ANALYZE;")
    script.append("PRAGMA wal_checkpoint(TRUNCATE);")
    t0 = time.perf_counter()
    sh(["sqlite3", str(db)], input="\n".join(script) + "\n", text=True, stdout=subprocess.DEVNULL)
    secs = time.perf_counter() - t0
    return db, secs, du(db.parent.iterdir())


def read_rows(path, limit=None):
    with open(path) as f:
        f.readline()
        for i, line in enumerate(f):
            if limit is not None and i >= limit:
                return
            yield line.rstrip("\n").split("|")


def draw_params(data_dir):
    """Parameters drawn from the data with a fixed seed: a person with a middling number of
    friends, a reply that itself has replies, a first name two hops away, and so on."""
    rng = random.Random(6)
    files = {f.stem: f for f in data_dir.glob("*.csv")}
    friends = {}
    for a, b, _ in read_rows(files["Person_knows_Person"]):
        friends.setdefault(int(a), set()).add(int(b))
        friends.setdefault(int(b), set()).add(int(a))
    people = {int(r[0]): r for r in read_rows(files["Person"])}
    middling = sorted(p for p, f in friends.items() if 20 <= len(f) <= 40)
    person = rng.choice(middling)
    far = sorted(p for p in middling if p != person and p not in friends[person])
    person2 = rng.choice(far)
    two_hops = sorted({q for f in friends[person] for q in friends[f]} - {person})
    first_name = people[rng.choice(two_hops)][1]
    replied = sorted({int(r[1]) for r in read_rows(files["Comment_replyOf_Comment"])})
    message = rng.choice(replied)
    countries = [r[1] for r in read_rows(files["Place"]) if r[3] == "Country"]
    tags = sorted(r[1] for r in read_rows(files["Tag"]))
    tag_classes = sorted(r[1] for r in read_rows(files["TagClass"]))
    return {
        "personId": person, "person2Id": person2, "messageId": message,
        "firstName": first_name, "maxDate": 20120601000000000, "minDate": 20120101000000000,
        "startDate": 20100101000000000, "endDate": 20130101000000000,
        "countryX": "India", "countryY": "China" if "China" in countries else countries[0],
        "countryName": "China" if "China" in countries else countries[0],
        "workFromYear": 2010, "month": 5, "tagName": "Napoleon" if "Napoleon" in tags else tags[0],
        "tagClassName": "Person" if "Person" in tag_classes else tag_classes[0],
    }


def kuzu_text(name):
    """Kuzu's formulation: its own file where the dialect differs, and in every case Kuzu's
    relationship table names."""
    own = QUERIES / f"{name}.kuzu.cypher"
    text = (own if own.exists() else QUERIES / f"{name}.cypher").read_text()
    return re.sub(r"\b(" + "|".join(KUZU_REL) + r")\b", lambda m: KUZU_REL[m.group(1)], text)


def strip_comments(text):
    return "\n".join(l for l in text.splitlines()
                     if not l.lstrip().startswith("//") and not l.lstrip().startswith("--"))


def query_texts(name):
    texts = {"nexus": (QUERIES / f"{name}.cypher").read_text(), "kuzu": kuzu_text(name)}
    if (QUERIES / f"{name}.sql").exists():
        texts["sqlite"] = (QUERIES / f"{name}.sql").read_text()
    return {k: strip_comments(v) for k, v in texts.items()}


def normalize(rows):
    """Rows as comparable tuples: Kuzu's INT64 arrives as a double, so integers past 2^53 are
    compared as doubles; floats to 9 significant digits; lists and rows sorted (collect() has
    no order, and ties in ORDER BY may come out in any order)."""
    def norm(v):
        if isinstance(v, bool):
            return v
        if v == "":  # an empty CSV field: Kuzu reads it as NULL
            return None
        if isinstance(v, int) and abs(v) > 2 ** 53:
            return float(v)
        if isinstance(v, float):
            return float(f"{v:.9g}") if v != int(v) or abs(v) > 2 ** 53 else int(v)
        if isinstance(v, list):  # collect() has no order
            return tuple(sorted((norm(x) for x in v), key=repr))
        return v
    return sorted((tuple(norm(v) for v in r) for r in rows), key=repr)


READ_BLOCKS = [
    ("micro", ["M1_person_by_id", "M2_friends", "M3_fof_count", "M4_3hop_count",
               "M5_count_knows", "M6_top_commenters"]),
    ("short", [f"IS{i}" for i in range(1, 8)]),
    ("complex", [f"IC{i}" for i in range(1, 15)]),
]
WRITES = ["W1_create_node", "W2_create_rel", "W3_unwind_100k", "W4_create_node_8_writers"]
# Concurrent writers (W4): threads per system and statements per thread in one timed run.
# Kuzu is left out: its Node.js binding runs statements on one event loop, which would
# measure the binding rather than the engine's commit path.
WRITE_THREADS = {"W4_create_node_8_writers": (8, 25)}
NO_KUZU = set(WRITE_THREADS)
WRITE_SETUP = {
    "kuzu": ["CREATE NODE TABLE Bench(id INT64, PRIMARY KEY(id))",
             "CREATE REL TABLE BR(FROM Bench TO Bench)",
             "CREATE NODE TABLE Bulk(id INT64, PRIMARY KEY(id))"],
    "sqlite": ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
               "CREATE TABLE Bench(id INTEGER PRIMARY KEY)",
               "CREATE TABLE BR(src INTEGER NOT NULL, dst INTEGER NOT NULL)",
               "CREATE TABLE Bulk(id INTEGER PRIMARY KEY)"],
}


def rotate(systems, k):
    k %= len(systems)
    return systems[k:] + systems[:k]


def run_reads(args, dbs, params, work, results):
    """Each query runs in its own driver process per system (so a runaway plan can be cut off
    by the timeout), the systems taking turns to go first."""
    k = 0
    for block, names in READ_BLOCKS:
        names = [n for n in names if (QUERIES / f"{n}.cypher").exists()]
        if args.only:
            names = [n for n in names if re.search(args.only, n)]
        for n in names:
            texts = query_texts(n)
            for system in rotate(SYSTEMS, k):
                if system not in texts:
                    continue
                q = {"name": n, "text": texts[system], "params": params, "warmup": args.warmup,
                     "reps": args.reps, "budget_s": args.budget}
                spec = {"db": str(dbs[system]), "sync": "off", "queries": [q]}
                r = run_driver(system, args, spec, work, timeout=args.timeout)[n]
                results.setdefault(n, {})[system] = r
                log(f"[{block}] {n} {system}: "
                    + (r["error"][:200] if r.get("error") else f"{median_ms(r):.3f} ms"))
            k += 1


def run_writes(args, work, results):
    for k, system in enumerate(rotate(SYSTEMS, 1)):
        d = work / "writes" / system
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        queries = []
        for n in WRITES:
            text = query_texts(n).get(system)
            if text is None or (system == "kuzu" and n in NO_KUZU):
                continue
            bulk = n.startswith("W3")
            q = {"name": n, "text": text, "seq": True, "warmup": 1 if bulk else args.warmup,
                 "reps": args.bulk_reps if bulk else args.reps}
            if n in WRITE_THREADS:
                q["threads"], q["ops_per_thread"] = WRITE_THREADS[n]
                q["warmup"], q["reps"] = 1, args.bulk_reps
            queries.append(q)
        setup = WRITE_SETUP.get(system, [])
        if system == "nexus":  # W2 finds its endpoints by id, as the others do by key
            queries.insert(0, {"name": "setup-index", "warmup": 0, "reps": 1,
                               "text": "CREATE INDEX IF NOT EXISTS FOR (n:Bench) ON (n.id)"})
        spec = {"db": str(d / f"w.{system}"), "sync": "full", "setup": setup,
                "queries": queries, "checkpoint": True}
        log(f"[writes] {system}")
        for name, r in run_driver(system, args, spec, work).items():
            if not name.startswith("setup"):
                results.setdefault(name, {})[system] = r


def median_ms(r):
    if not r or r.get("error") or not r["times_us"]:
        return None
    return statistics.median(r["times_us"]) / 1000.0


def compare(results):
    """Mismatches as printable text; Nexus is checked against Kuzu and SQLite."""
    problems = []
    for name, by in results.items():
        if name.startswith("W"):
            continue
        base = by.get("nexus")
        for other in ("kuzu", "sqlite"):
            o = by.get(other)
            if not base or not o or base.get("error") or o.get("error"):
                continue
            if normalize(base["rows"]) != normalize(o["rows"]):
                problems.append(f"{name}: nexus != {other}\n  nexus: {json.dumps(base['rows'])[:1500]}"
                                f"\n  {other}: {json.dumps(o['rows'])[:1500]}")
    return problems


def fsync_latency_us():
    fd, path = tempfile.mkstemp(dir=str(CACHE))
    try:
        times = []
        for _ in range(200):
            os.write(fd, b"x" * 4096)
            t0 = time.perf_counter()
            os.fsync(fd)
            times.append((time.perf_counter() - t0) * 1e6)
        return statistics.median(times)
    finally:
        os.close(fd)
        os.unlink(path)


def machine():
    mem = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) / 1024 / 1024
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), {mem:.1f} GiB RAM, fsync median {fsync_latency_us():.0f} us"


def fmt_ms(v):
    if v is None:
        return "-"
    return f"{v:.3f}" if v < 10 else f"{v:.1f}"


def ratio(a, b):
    return f"{a / b:.2f}x" if a is not None and b and b > 0 else "-"


def table(results, loads, mismatched):
    lines = ["| query | Nexus | Kuzu | SQLite | Nexus/Kuzu | Nexus/SQLite | answers |",
             "|---|---|---|---|---|---|---|"]
    n, k, s = loads["nexus"], loads["kuzu"], loads["sqlite"]
    lines.append(f"| bulk load (s) | {n[0]:.2f} | {k[0]:.2f} | {s[0]:.2f} | {ratio(n[0], k[0])} | "
                 f"{ratio(n[0], s[0])} | |")
    lines.append(f"| size on disk (MiB) | {n[1] / 2**20:.1f} | {k[1] / 2**20:.1f} | "
                 f"{s[1] / 2**20:.1f} | {ratio(n[1], k[1])} | {ratio(n[1], s[1])} | |")
    for name, by in results.items():
        m = {sys_: median_ms(by.get(sys_)) for sys_ in SYSTEMS}
        errs = [f"{sys_}: {by[sys_]['error'][:80]}" for sys_ in SYSTEMS
                if sys_ in by and by[sys_].get("error")]
        checked = not name.startswith("W")  # writes return no rows to compare
        status = "MISMATCH" if name in mismatched else ("ok" if checked and not errs else "")
        status = "; ".join([status] + errs if status else errs).replace("|", "/")
        lines.append(f"| {name} (ms) | {fmt_ms(m['nexus'])} | {fmt_ms(m['kuzu'])} | "
                     f"{fmt_ms(m['sqlite'])} | {ratio(m['nexus'], m['kuzu'])} | "
                     f"{ratio(m['nexus'], m['sqlite'])} | {status} |")
    return "\n".join(lines)


def write_doc(section):
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text() if doc.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Peers\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    doc.write_text(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--build", type=Path, default=ROOT / "build", help="Nexus build directory")
    ap.add_argument("--nexus", type=Path, help="nexus binary for the import (default: in --build)")
    ap.add_argument("--work", type=Path, default=CACHE / "work", help="databases go here")
    ap.add_argument("--quick", action="store_true", help="few repetitions, for development")
    ap.add_argument("--only", help="regex: run only the matching read queries")
    ap.add_argument("--no-doc", action="store_true", help="do not update docs/benchmarks.md")
    ap.add_argument("--skip-writes", action="store_true")
    ap.add_argument("--timeout", type=float, default=300.0,
                    help="seconds after which one query's driver process is killed")
    ap.add_argument("--budget", type=float, default=60.0,
                    help="seconds per query and system after which a slow query stops at 3 "
                         "timed runs")
    args = ap.parse_args()
    args.build = args.build.resolve()
    args.warmup, args.reps, args.bulk_reps = (1, 3, 2) if args.quick else (3, 20, 10)
    args.work.mkdir(parents=True, exist_ok=True)
    work = args.work

    install_kuzu()
    data = prepare_data(work)
    params = draw_params(work / "csv")
    log(f"parameters: {json.dumps(params)}")
    loads, dbs = {}, {}
    for system, loader in (("kuzu", load_kuzu), ("sqlite", load_sqlite), ("nexus", load_nexus)):
        log(f"loading {system}")
        dbs[system], secs, size = loader(args, data, work)
        loads[system] = (secs, size)
        log(f"  {secs:.2f} s, {size / 2**20:.1f} MiB")

    results = {}
    run_reads(args, dbs, params, work, results)
    if not args.skip_writes:
        run_writes(args, work, results)
    problems = compare(results)
    mismatched = {p.split(":", 1)[0] for p in problems}
    tab = table(results, loads, mismatched)
    print(tab)
    for p in problems:
        print("\n" + p)
    cmd = "python3 bench/peers/run.py " + " ".join(sys.argv[1:])  # what `make bench-peers` runs
    section = (
        "## Peers\n\n"
        "LDBC SNB SF0.1 (the CSVs shipped in the npm package kuzu@0.11.3) in Nexus (embedded, "
        "bench/peers/nexus_driver.cc), Kuzu 0.11.3 (Node.js binding, prepared statements) and "
        "SQLite (C API, prepared statements, node tables plus one edge table per relationship "
        "type indexed on both endpoints). Medians in milliseconds of "
        f"{args.reps} timed runs after {args.warmup} warm-up runs (the 100k UNWIND: "
        f"{args.bulk_reps} runs after 1; a query past its {args.budget:.0f} s budget stops early, one past {args.timeout:.0f} s "
        "is killed); each query runs in its own process per system, the systems taking turns "
        "to go first. Writes run on empty "
        "databases with durable commits (Nexus FULL sync, SQLite WAL + synchronous=FULL, "
        "Kuzu's default); W4 is the time per commit with 8 writers at once (8 threads on one "
        "Database for Nexus, 8 connections for SQLite), "
        f"{args.bulk_reps} timed runs of 200 commits after 1. Queries: bench/peers/queries; parameters drawn from the data: "
        f"`{json.dumps(params)}`.\n\n"
        f"Machine: {machine()}. Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} "
        f"with `{cmd}`.\n\n{tab}\n\n"
        + (f"{len(problems)} answer mismatch(es): see the output of the run.\n\n" if problems
           else "Every answer matched.\n\n"))
    if not args.no_doc:
        write_doc(section)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
