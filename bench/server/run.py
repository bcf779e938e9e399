#!/usr/bin/env python3
"""Server throughput benchmark, one command (issue #5).

Generates the graph (people with an index on :Person(id), ~10 KNOWS each), measures fsync
latency, runs the point read, 1-hop read and single-node write workloads embedded
(Database::execute on N threads) and over Bolt against `nexus serve` (the C++ load generator,
one connection per client, RUN+PULL pipelined) with 1, 8 and 32 clients, streams a 1M-row
result while sampling the server's RSS, and prints medians of --reps runs side by side.

    bench/server/run.py [--build build-server] [--seconds 5] [--reps 3] [--people 100000]
"""
import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def loadavg():
    with open('/proc/loadavg') as f:
        return ' '.join(f.read().split()[:3])


def run_json(cmd, attempts=2):
    # One retry: a run that dies is reported on stderr, and the figure comes from the retry.
    for attempt in range(attempts):
        out = subprocess.run(cmd, check=False, capture_output=True, text=True)
        lines = [l for l in out.stdout.splitlines() if l.startswith('{')]
        if out.returncode == 0 and lines:
            return json.loads(lines[-1])
        print(f"# run failed (attempt {attempt + 1}): {' '.join(cmd)}\n{out.stdout}{out.stderr}",
              file=sys.stderr, flush=True)
    sys.exit('giving up')


def metrics(http):
    text = urllib.request.urlopen(f'http://{http}/metrics', timeout=10).read().decode()
    got = {}
    for name in ('nexus_commits_total', 'nexus_wal_fsyncs_total', 'nexus_server_commits_total'):
        m = re.search(rf'^{name} (\d+)', text, re.M)
        got[name] = int(m.group(1)) if m else 0
    return got


def start_server(nexus, db):
    proc = subprocess.Popen([nexus, 'serve', db, '--bolt', '127.0.0.1:0', '--http',
                             '127.0.0.1:0', '--no-auth'], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    m = re.search(r'bolt=([\d.]+:\d+) http=([\d.]+:\d+)', line)
    if not m:
        proc.kill()
        sys.exit(f'server did not start: {line}')
    return proc, m.group(1), m.group(2)


def median_of(runs, key):
    return statistics.median(r[key] for r in runs)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build', default=os.path.join(ROOT, 'build-server'))
    ap.add_argument('--workdir', default='/tmp/nexus-server-bench')
    ap.add_argument('--people', type=int, default=100000)
    ap.add_argument('--degree', type=int, default=10)
    ap.add_argument('--seconds', type=float, default=5)
    ap.add_argument('--reps', type=int, default=3)
    ap.add_argument('--clients', default='1,8,32')
    ap.add_argument('--workloads', default='point,hop,write')
    ap.add_argument('--stream-rows', type=int, default=1000000)
    ap.add_argument('--modes', default='embedded,bolt')
    ap.add_argument('--regenerate', action='store_true', help='rebuild the graph')
    args = ap.parse_args()

    load = os.path.join(args.build, 'bench', 'server', 'nexus_server_load')
    nexus = os.path.join(args.build, 'nexus')
    os.makedirs(args.workdir, exist_ok=True)
    db = os.path.join(args.workdir, f'people-{args.people}-{args.degree}.nexus')
    if args.regenerate or not os.path.exists(db):
        for suffix in ('', '-wal'):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        print(json.dumps(run_json([load, 'generate', db, '--people', str(args.people),
                                   '--degree', str(args.degree)])), flush=True)
    # Writes grow the graph; run every measurement on a fresh copy of the generated one.
    work = os.path.join(args.workdir, 'run.nexus')
    for suffix in ('', '-wal'):
        if os.path.exists(work + suffix):
            os.remove(work + suffix)
    shutil.copy(db, work)

    clients = [int(c) for c in args.clients.split(',')]
    workloads = args.workloads.split(',')
    modes = args.modes.split(',')
    common = ['--seconds', str(args.seconds), '--people', str(args.people)]
    print(f'# load average before: {loadavg()}', flush=True)
    fsync = run_json([load, 'fsync', args.workdir, '--count', '200'])
    print(json.dumps(fsync), flush=True)

    results = {}
    if 'embedded' in modes:
        for w in workloads:
            for c in clients:
                runs = [run_json([load, 'embedded', work, '--workload', w, '--clients', str(c)]
                                 + common) for _ in range(args.reps)]
                results[('embedded', w, c)] = runs
                print(json.dumps(runs[-1]), flush=True)

    stream = None
    if 'bolt' in modes:
        proc, bolt, http = start_server(nexus, work)
        try:
            for w in workloads:
                for c in clients:
                    runs = []
                    for _ in range(args.reps):
                        before = metrics(http) if w == 'write' else None
                        r = run_json([load, 'bolt', bolt, '--workload', w, '--clients', str(c)]
                                     + common)
                        if before:
                            after = metrics(http)
                            commits = after['nexus_commits_total'] - before['nexus_commits_total']
                            fsyncs = after['nexus_wal_fsyncs_total'] - before['nexus_wal_fsyncs_total']
                            r['commits_per_fsync'] = commits / fsyncs if fsyncs else 0
                            # The writer lane commits several clients' writes in one
                            # transaction: count the writes the server answered per fsync too.
                            writes = (after['nexus_server_commits_total'] -
                                      before['nexus_server_commits_total'])
                            r['writes_per_fsync'] = writes / fsyncs if fsyncs else 0
                        runs.append(r)
                    results[('bolt', w, c)] = runs
                    print(json.dumps(runs[-1]), flush=True)
            if args.stream_rows > 0:
                stream = run_json([load, 'bolt', bolt, '--workload', 'stream', '--clients', '1',
                                   '--seconds', '0', '--stream-rows', str(args.stream_rows),
                                   '--server-pid', str(proc.pid)])
                print(json.dumps(stream), flush=True)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)

    print(f'# load average after: {loadavg()}')
    print(f"# fsync (4 KiB append + fdatasync): p50 {fsync['fsync_p50_us']} us, "
          f"p99 {fsync['fsync_p99_us']} us")
    print(f'# medians of {args.reps} runs of {args.seconds} s; qps = queries/s; '
          'load% = load generator CPU / wall time')
    hdr = f"{'workload':8} {'clients':>7} | {'embedded qps':>12} {'p50us':>6} {'p99us':>7} | " \
          f"{'bolt qps':>9} {'p50us':>6} {'p99us':>7} {'load%':>5} | {'bolt/emb':>8}"
    print(hdr)
    for w in workloads:
        for c in clients:
            e = results.get(('embedded', w, c))
            b = results.get(('bolt', w, c))
            line = f'{w:8} {c:>7} | '
            line += (f"{median_of(e, 'qps'):>12.0f} {median_of(e, 'p50_us'):>6.0f} "
                     f"{median_of(e, 'p99_us'):>7.0f} | " if e else f"{'-':>28} | ")
            if b:
                load_pct = 100 * median_of(b, 'load_cpu_s') / median_of(b, 'seconds')
                line += (f"{median_of(b, 'qps'):>9.0f} {median_of(b, 'p50_us'):>6.0f} "
                         f"{median_of(b, 'p99_us'):>7.0f} {load_pct:>5.0f} | ")
            else:
                line += f"{'-':>31} | "
            if e and b:
                line += f"{median_of(b, 'qps') / median_of(e, 'qps'):>8.2f}"
            if b and w == 'write':
                line += (f"  commits/fsync {median_of(b, 'commits_per_fsync'):.2f}"
                         f"  writes/fsync {median_of(b, 'writes_per_fsync'):.2f}")
            print(line)
    if stream:
        print(f"# stream {stream['rows']} rows in {stream['seconds']:.2f} s; server RSS "
              f"{stream['server_rss_start_kb'] // 1024} MiB before, peak "
              f"{stream['server_rss_peak_kb'] // 1024} MiB")
    with open(os.path.join(args.workdir, 'results.json'), 'w') as f:
        json.dump({'fsync': fsync, 'stream': stream,
                   'runs': {f'{m}/{w}/{c}': r for (m, w, c), r in results.items()}}, f, indent=1)


if __name__ == '__main__':
    main()
