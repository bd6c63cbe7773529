#!/usr/bin/env python3
"""`mlv drift` on two large versions of a table: writes the "## Drift" section of docs/PERFORMANCE.md.

Generates a CSV of ROWS rows (default 2,000,000) and 10 columns (6 numeric, 4 categorical; about
200 MB) from a fixed seed, and a second version with two columns shifted, commits both to a
fresh repository, then times `mlv drift HEAD~1 HEAD` and reads its peak memory (max RSS of the
child process). The target (docs/CLI.md): at most 10 s and 300 MB on the reference machine.

    python3 Benchmarks/drift/drift_bench.py [--mlv PATH] [--rows N] [--repeat N] [--print]
"""
import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Benchmarks" / "compute"))
from report import write_section  # noqa: E402


def write_table(path: Path, rows: int, seed: int, shift: float) -> None:
    """Writes the table in blocks so the generator's memory stays small."""
    rng = np.random.default_rng(seed)
    cities = np.array(["paris-centre", "lyon-part-dieu", "nice-ville", "lille-flandres", "nantes-est",
                       "brest-port", "metz-ville", "pau-gare"])
    devices = np.array(["ios", "android", "web"])
    with open(path, "w") as out:
        out.write("age,income,score,latency,clicks,ratio,city,device,plan,segment\n")
        block = 200_000
        for start in range(0, rows, block):
            n = min(block, rows - start)
            age = rng.integers(18, 90, n)
            income = rng.lognormal(10 + shift * 0.2, 0.5, n)
            score = rng.normal(shift, 1, n)
            latency = rng.exponential(120, n)
            clicks = rng.poisson(3, n)
            ratio = rng.random(n)
            city = cities[rng.integers(0, len(cities) - (0 if shift == 0 else 2), n)]
            device = devices[rng.integers(0, 3, n)]
            plan = np.where(rng.random(n) < 0.2, "pro", "free")
            segment = np.char.add("segment-", rng.integers(0, 40, n).astype(str))
            lines = [
                f"{a},{i:.6f},{s:.12f},{l:.9f},{c},{r:.12f},{ci},{d},{p},{sg}\n"
                for a, i, s, l, c, r, ci, d, p, sg in zip(
                    age, income, score, latency, clicks, ratio, city, device, plan, segment)
            ]
            out.write("".join(lines))


def run(args, cwd, env):
    done = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(map(str, args))} failed:\n{done.stdout.decode()}{done.stderr.decode()}")
    return done


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mlv", default=os.environ.get("MLV", "mlv"))
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--print", action="store_true", help="print the section instead of writing it")
    parser.add_argument("--keep", help="build the repository in this folder and keep it")
    args = parser.parse_args()
    mlv = shutil.which(args.mlv) or args.mlv
    scratch = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="mlv-drift-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        env = dict(os.environ, HOME=str(scratch), MLV_AUTHOR_NAME="bench", MLV_AUTHOR_EMAIL="bench@example.com")
        repo = scratch / "repo"
        run([mlv, "init", "-q", str(repo)], scratch, env)
        table = repo / "table.csv"
        write_table(table, args.rows, seed=1, shift=0)
        size = table.stat().st_size
        run([mlv, "add", "table.csv"], repo, env)
        run([mlv, "commit", "-q", "-m", "v1"], repo, env)
        write_table(table, args.rows, seed=2, shift=0.3)
        run([mlv, "add", "table.csv"], repo, env)
        run([mlv, "commit", "-q", "-m", "v2"], repo, env)
        load = os.getloadavg()[0]
        times = []
        peak_kb = 0
        verdict = None
        for _ in range(args.repeat):
            # Peak memory by GNU time: a child forked from this (large) Python process would
            # otherwise count the parent's pages in its own high-water mark.
            rss_file = scratch / "rss"
            start = time.perf_counter()
            done = run(["/usr/bin/time", "-f", "%M", "-o", str(rss_file), mlv, "drift", "HEAD~1", "HEAD"], repo, env)
            times.append(time.perf_counter() - start)
            peak_kb = max(peak_kb, int(rss_file.read_text().split()[-1]))
            verdict = done.returncode
        best = min(times)
        cpu = platform.processor() or platform.machine()
        cores = os.cpu_count()
        section = f"""## Drift

`mlv drift HEAD~1 HEAD` on two versions of a {args.rows:,}-row, 10-column CSV ({size / 1e6:.0f} MB each;
6 numeric and 4 categorical columns, two of them shifted in the second version), read from the object
store as streams, one version per core. Machine: {cpu}, {cores} cores, {platform.system()} {platform.release()}
(load average {load:.1f} when the timing started: other builds shared the cores).
Command: `make bench-drift` (`python3 Benchmarks/drift/drift_bench.py`), best of {args.repeat}.

| rows | MB per version | wall time (s) | peak memory (MB) | exit status |
|---:|---:|---:|---:|---:|
| {args.rows:,} | {size / 1e6:.0f} | {best:.2f} | {peak_kb / 1024:.0f} | {verdict} |

Memory is bounded by the per-column state (200,000 sampled values and 10,000 categories per column
and side), not by the row count; the target is at most 10 s and 300 MB.
"""
        if args.print:
            print(section)
        else:
            write_section(ROOT / "docs" / "PERFORMANCE.md", "Drift", section)
            print(section)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
