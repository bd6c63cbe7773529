#!/usr/bin/env python3
"""`mlv plot` over a long history: N commits that each name a run (a `cmd:` stage writing two
metrics), then the time to draw them as SVG, as an HTML page and as JSON (median of --runs),
with the sizes of the files written. Results go to stdout as a Markdown table for
docs/PERFORMANCE.md ("Plots").

    MLV=/path/to/mlv python3 Benchmarks/plot/plot.py [--commits 1000] [--runs 5] [--keep]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

STAGE = """stages:
  score:
    cmd: sh score.sh
    deps: [step.txt, score.sh]
    outs: []
    metrics: metrics.json
"""

# A loss that falls and an accuracy that rises with the step, with a wobble.
SCORE = """n=$(cat step.txt)
awk -v n="$n" 'BEGIN { printf "{\\"loss\\": %.6f, \\"accuracy\\": %.6f}\\n", 1 / (1 + n / 50) + (n % 7) / 100, 1 - 0.5 / (1 + n / 80) - (n % 5) / 200 }' > metrics.json
"""


def mlv(binary, repo, *args, env):
    result = subprocess.run([binary, "-C", repo, *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"mlv {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the repository and the files drawn")
    options = parser.parse_args()
    binary = os.environ.get("MLV")
    if not binary or not os.access(binary, os.X_OK):
        sys.exit("set MLV to the mlv binary")
    scratch = tempfile.mkdtemp(prefix="mlv-plot-bench-")
    env = dict(os.environ, HOME=scratch, MLV_AUTHOR_NAME="bench", MLV_AUTHOR_EMAIL="bench@example.com")
    try:
        repo = os.path.join(scratch, "repo")
        mlv(binary, scratch, "init", "-q", repo, env=env)
        with open(os.path.join(repo, "mlv.yaml"), "w") as f:
            f.write(STAGE)
        with open(os.path.join(repo, "score.sh"), "w") as f:
            f.write(SCORE)
        start = time.perf_counter()
        for step in range(1, options.commits + 1):
            with open(os.path.join(repo, "step.txt"), "w") as f:
                f.write(f"{step}\n")
            env["MLV_AUTHOR_DATE"] = f"{1_700_000_000 + step * 60} +0000"
            mlv(binary, repo, "run", "--commit", "-q", "-m", f"step {step}", env=env)
        built = time.perf_counter() - start
        rows = []
        for label, args, output in [
            ("SVG (2 charts)", ["plot", "loss", "accuracy", "-o", "plot.svg"], "plot.svg"),
            ("HTML page (2 charts + table)", ["plot", "loss", "accuracy", "-o", "plot.html"], "plot.html"),
            ("JSON", ["plot", "loss", "accuracy", "--json"], None),
        ]:
            times = []
            for _ in range(options.runs):
                begin = time.perf_counter()
                result = mlv(binary, repo, *args, env=env)
                times.append(time.perf_counter() - begin)
            size = os.path.getsize(os.path.join(repo, output)) if output else len(result.stdout.encode())
            rows.append((label, statistics.median(times), size))
        print(f"{options.commits} run commits made in {built:.1f} s (one `mlv run --commit` each)\n")
        print("| output | median time | size |")
        print("|---|---|---|")
        for label, seconds, size in rows:
            print(f"| {label} | {seconds * 1000:.0f} ms | {size / 1024:.0f} KiB |")
    finally:
        if options.keep:
            print(f"\nkept {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
