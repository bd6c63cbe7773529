#!/usr/bin/env python3
"""Times the pages of `mlv serve`'s web UI on a repository of 1,000 commits.

Builds the repository with the `mlv` binary named by $MLV (release build): a CSV that grows by
one row per commit, a pipeline with one command stage whose run is committed with most commits
(`mlv run --commit`, so most commits name a run record with metrics), and a branch merged back
every 100 commits. Then starts `mlv serve --port 0` and fetches each page over one keep-alive
HTTP connection: the first load (on a fresh server, so caches start empty), then the median and
the 95th percentile of --repeat loads; once as built (a pack per commit) and once after `mlv gc`.

Usage: MLV=.build/release/mlv python3 Benchmarks/web/web_bench.py [--commits 1000] [--repeat 20]
"""

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PIPELINE = """stages:
  summarize:
    cmd: sh summarize.sh
    deps: [data.csv, summarize.sh]
    outs: [out/summary.txt]
    metrics: metrics.json
"""

SUMMARIZE = """rows=$(wc -l < data.csv)
mkdir -p out
tail -n 1 data.csv > out/summary.txt
awk -F, 'NR > 1 { s += $2 } END { printf "{\\"loss\\": %.6f, \\"rows\\": %d}\\n", 1 / (1 + s / 1000), NR - 1 }' data.csv > metrics.json
"""


def run(mlv, repo, *args, env):
    result = subprocess.run([mlv, "-C", repo, *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"mlv {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
    return result.stdout


def build(mlv, repo, commits, env):
    """The benchmark repository: `commits` commits, most with a committed run."""
    subprocess.run([mlv, "init", repo], env=env, check=True, capture_output=True)
    with open(os.path.join(repo, "mlv.yaml"), "w") as f:
        f.write(PIPELINE)
    with open(os.path.join(repo, "summarize.sh"), "w") as f:
        f.write(SUMMARIZE)
    with open(os.path.join(repo, "data.csv"), "w") as f:
        f.write("step,value,note\n")
    runs = 0
    for step in range(1, commits + 1):
        with open(os.path.join(repo, "data.csv"), "a") as f:
            f.write(f"{step},{(step * 7919) % 1000 / 10},row {step}\n")
        if step % 10 == 0:
            run(mlv, repo, "add", ".", env=env)
            run(mlv, repo, "commit", "-m", f"step {step} (no run)", env=env)
        elif step % 100 == 99:
            run(mlv, repo, "add", ".", env=env)
            run(mlv, repo, "commit", "-m", f"step {step}", env=env)
            run(mlv, repo, "merge", f"topic-{step - 49}", "-m", f"merge topic {step - 49}", env=env)
        else:
            run(mlv, repo, "run", "--commit", "-m", f"step {step}", env=env)
            runs += 1
        if step % 100 == 50:
            # A side branch, merged back at step % 100 == 99.
            run(mlv, repo, "switch", "-c", f"topic-{step}", env=env)
            with open(os.path.join(repo, f"topic-{step}.txt"), "w") as f:
                f.write(f"topic {step}\n")
            run(mlv, repo, "add", ".", env=env)
            run(mlv, repo, "commit", "-m", f"topic {step}", env=env)
            run(mlv, repo, "switch", "main", env=env)
    return runs


def start_server(mlv, root, env):
    process = subprocess.Popen(
        [mlv, "serve", "--root", root, "--port", "0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    line = process.stdout.readline()
    match = re.match(r"listening on http://([^:]+):(\d+)", line)
    if not match:
        process.kill()
        sys.exit(f"mlv serve did not start: {line!r} {process.stderr.read()}")
    return process, match.group(1), int(match.group(2))


def fetch(connection, path):
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        sys.exit(f"GET {path}: {response.status}\n{body[:500]!r}")
    return body


def measure(mlv, root, env, repeat, label, commits_count):
    """Starts `mlv serve` (empty caches) and times every page: the first load, then `repeat` more."""
    process, host, port = start_server(mlv, root, env)
    try:
        connection = http.client.HTTPConnection(host, port, timeout=60)
        log = fetch(connection, "/bench/-/log/HEAD").decode()
        commits = re.findall(r'href="/bench/-/commit/([0-9a-f]{64})"', log)
        merges = re.findall(r'href="/bench/-/commit/([0-9a-f]{64})">merge topic', log)
        connection.close()
    finally:
        process.terminate()
        process.wait(timeout=60)
    deep = max(1, min(10, commits_count // 100))
    csv_page = max(1, min(9, commits_count // 100))
    pages = [
        ("repository list", "/"),
        ("branches and tags", "/bench/-/refs"),
        ("log, page 1", "/bench/-/log/HEAD"),
        (f"log, page {deep}", f"/bench/-/log/HEAD?page={deep}"),
        ("commit with a run", f"/bench/-/commit/{commits[1]}"),
        ("merge commit", f"/bench/-/commit/{merges[0]}" if merges else f"/bench/-/commit/{commits[2]}"),
        ("tree", "/bench/-/tree/HEAD"),
        ("CSV, page 1", "/bench/-/blob/HEAD/data.csv"),
        (f"CSV, page {csv_page}", f"/bench/-/blob/HEAD/data.csv?page={csv_page}"),
        ("text file", "/bench/-/blob/HEAD/summarize.sh"),
        ("diff HEAD~1..HEAD", "/bench/-/diff/HEAD~1..HEAD"),
        (f"diff across {commits_count // 2} commits", f"/bench/-/diff/HEAD~{commits_count // 2}..HEAD/data.csv"),
        ("metrics", "/bench/-/metrics/HEAD"),
        ("lineage", "/bench/-/lineage/HEAD~1/out/summary.txt"),
    ]
    # A fresh server, so the first loads of the log and metrics pages fill their caches here.
    process, host, port = start_server(mlv, root, env)
    results = []
    try:
        connection = http.client.HTTPConnection(host, port, timeout=60)
        print(f"\n{label}")
        print(f"{'page':<26} {'first ms':>9} {'median ms':>10} {'p95 ms':>8} {'KiB':>7}")
        for name, path in pages:
            begin = time.perf_counter()
            body = fetch(connection, path)
            first = (time.perf_counter() - begin) * 1000
            times = []
            for _ in range(repeat):
                begin = time.perf_counter()
                fetch(connection, path)
                times.append((time.perf_counter() - begin) * 1000)
            times.sort()
            median = statistics.median(times)
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            results.append({"page": name, "path": path, "first_ms": first, "median_ms": median, "p95_ms": p95,
                            "bytes": len(body)})
            print(f"{name:<26} {first:9.1f} {median:10.1f} {p95:8.1f} {len(body) / 1024:7.1f}", flush=True)
        worst = max(r["p95_ms"] for r in results)
        print(f"slowest p95: {worst:.1f} ms; slowest first load: {max(r['first_ms'] for r in results):.1f} ms")
    finally:
        process.terminate()
        process.wait(timeout=60)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    mlv = os.environ.get("MLV") or shutil.which("mlv")
    if not mlv:
        sys.exit("set MLV to the mlv binary (a release build)")
    env = dict(os.environ, MLV_AUTHOR_NAME="Bench", MLV_AUTHOR_EMAIL="bench@example.com", LANG="C")
    root = tempfile.mkdtemp(prefix="mlv-web-bench-")
    try:
        repo = os.path.join(root, "bench")
        started = time.time()
        runs = build(mlv, repo, args.commits, env)
        print(f"built {args.commits} steps ({runs} committed runs) in {time.time() - started:.0f} s", flush=True)
        report = {"commits": args.commits, "runs": runs}
        packs = len([n for n in os.listdir(os.path.join(repo, ".mlv", "objects", "pack")) if n.endswith(".pack")])
        report["as_built"] = measure(mlv, root, env, args.repeat, f"as built ({packs} packs)", args.commits)
        run(mlv, repo, "gc", env=env)
        packs = len([n for n in os.listdir(os.path.join(repo, ".mlv", "objects", "pack")) if n.endswith(".pack")])
        report["after_gc"] = measure(mlv, root, env, args.repeat, f"after mlv gc ({packs} packs)", args.commits)
        if args.json:
            with open(args.json, "w") as f:
                json.dump(report, f, indent=2, sort_keys=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
