#!/usr/bin/env python3
"""What rolling small packs together after each commit buys (docs/FORMAT.md §7).

Makes the same history twice with the `mlv` binary named by $MLV — once with
`gc.autoPackLimit = 0` (every `add` and `commit` leaves its own small packs) and once with the
default — then times reading it back: `mlv log --oneline`, `mlv status`, and `mlv cat` of the
first commit's file. Prints the pack counts, the time to make the history, and the ratios.

Usage: MLV=.build/release/mlv python3 Benchmarks/packs/consolidation.py [--commits 400]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def mlv(binary, repo, *args, env):
    result = subprocess.run([binary, "-C", repo, *args], env=env, capture_output=True)
    if result.returncode != 0:
        sys.exit(f"mlv {' '.join(args)} failed ({result.returncode}): {result.stderr.decode().strip()}")
    return result.stdout


def make_history(binary, repo, commits, limit, env):
    subprocess.run([binary, "init", "-q", repo], env=env, check=True)
    if limit is not None:
        mlv(binary, repo, "config", "gc.autoPackLimit", str(limit), env=env)
    start = time.perf_counter()
    for step in range(commits):
        with open(os.path.join(repo, f"file-{step % 50}.txt"), "w") as f:
            f.write(f"step {step}\n" * (1 + step % 7))
        mlv(binary, repo, "add", ".", env=env)
        mlv(binary, repo, "commit", "-q", "-m", f"step {step}", env=env)
    return time.perf_counter() - start


def timed(binary, repo, args, env, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        mlv(binary, repo, *args, env=env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    binary = os.environ.get("MLV", "mlv")
    env = dict(os.environ, MLV_AUTHOR_NAME="bench", MLV_AUTHOR_EMAIL="bench@example.com")
    work = tempfile.mkdtemp(prefix="mlv-packs-")
    try:
        rows = {}
        for name, limit in (("autoPackLimit = 0", 0), ("default (32)", None)):
            repo = os.path.join(work, "off" if limit == 0 else "on")
            made = make_history(binary, repo, options.commits, limit, env)
            packs = len([n for n in os.listdir(os.path.join(repo, ".mlv/objects/pack")) if n.endswith(".pack")])
            rows[name] = {
                "packs": packs,
                "per commit ms": made / options.commits * 1000,
                "log ms": timed(binary, repo, ["log", "--oneline"], env, options.repeat) * 1000,
                "status ms": timed(binary, repo, ["status", "--short"], env, options.repeat) * 1000,
                "cat ms": timed(binary, repo, ["cat", "HEAD~%d:file-0.txt" % (options.commits - 1)], env,
                                options.repeat) * 1000,
            }
        print(f"{options.commits} commits (add + commit each), median of {options.repeat}")
        columns = ["packs", "per commit ms", "log ms", "status ms", "cat ms"]
        print(f"{'':20}" + "".join(f"{c:>16}" for c in columns))
        for name, row in rows.items():
            print(f"{name:20}" + "".join(f"{row[c]:16.1f}" if c != "packs" else f"{row[c]:16d}" for c in columns))
        off, on = rows["autoPackLimit = 0"], rows["default (32)"]
        print(f"{'ratio off/on':20}" + "".join(f"{off[c] / on[c]:15.2f}x" for c in columns))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
