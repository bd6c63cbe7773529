#!/usr/bin/env python3
"""Compute-core benchmark: SGEMM and MLP training throughput of mlv's kernels next to numpy
(OpenBLAS) measured in the same run, with 1 and 2 threads. Writes the "## Compute core" section
of docs/PERFORMANCE.md.

    MLV_COMPUTE_BENCH=/path/to/mlv-compute-bench python3 Benchmarks/compute/compute.py [--samples N] [--no-write]

A figure taken while other processes keep the machine busy says nothing about a two-thread
kernel, so every measurement records how much CPU time the rest of the machine used during it,
and figures where that exceeds 10% of one core are marked "(loaded)".
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from report import write_section

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def cpu_busy_seconds() -> float:
    """Busy CPU seconds of the whole machine since boot (all cores), from /proc/stat."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(x) for x in fields]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_for_idle(limit: float = 60.0) -> None:
    """Waits (up to `limit` seconds) until the machine has been idle for a second."""
    deadline = time.time() + limit
    while time.time() < deadline:
        before = cpu_busy_seconds()
        time.sleep(1.0)
        if cpu_busy_seconds() - before < 0.1:
            return
    print("[compute] machine did not become idle; figures may be marked (loaded)", file=sys.stderr)


def measure(cmd: list[str], env: dict | None = None) -> tuple[dict, float]:
    """Runs a benchmark child; returns its JSON and the CPU share others used meanwhile (cores)."""
    wait_for_idle()
    busy0 = cpu_busy_seconds()
    r0 = os.times()
    wall0 = time.time()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    wall = time.time() - wall0
    r1 = os.times()
    busy = cpu_busy_seconds() - busy0
    own = (r1.children_user - r0.children_user) + (r1.children_system - r0.children_system)
    others = max(0.0, busy - own) / max(wall, 1e-9)
    line = [x for x in out.splitlines() if x.startswith("{")][-1]
    return json.loads(line), others


def best_of(rounds: int, key: str, mine_cmd: list[str], ref_cmd: list[str] | None, env: dict | None):
    """Alternates mlv and numpy runs `rounds` times (so both see the same machine conditions)
    and keeps each side's best run with the load measured during it."""
    mine, ref = ({}, 0.0), ({}, 0.0)
    for _ in range(rounds):
        result = measure(mine_cmd)
        if not mine[0] or result[0][key] > mine[0][key]:
            mine = result
        if ref_cmd:
            result = measure(ref_cmd, env=env)
            if not ref[0] or result[0][key] > ref[0][key]:
                ref = result
    return mine, ref


def numpy_env(threads: int) -> dict:
    env = dict(os.environ)
    for key in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[key] = str(threads)
    return env


def flag(others: float) -> str:
    return " (loaded)" if others > 0.10 else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=60000, help="MLP training samples (default 60000)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating mlv/numpy runs per figure; the best of each is kept (default 3)")
    parser.add_argument("--no-write", action="store_true", help="print the section instead of writing it")
    parser.add_argument("--report", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    args = parser.parse_args()
    bench = os.environ.get("MLV_COMPUTE_BENCH")
    if not bench or not os.access(bench, os.X_OK):
        print("[compute] MLV_COMPUTE_BENCH is not an executable; build it with "
              "`swift build -c release --product mlv-compute-bench`", file=sys.stderr)
        return 1
    try:
        import numpy  # noqa: F401
        have_numpy = True
    except ImportError:
        have_numpy = False

    rows = []
    for (m, n, k) in [(1024, 1024, 1024), (256, 256, 784)]:
        for threads in (1, 2):
            (mine, load), (ref, ref_load) = best_of(
                args.rounds, "gflops", [bench, "sgemm", str(m), str(n), str(k), str(threads)],
                [sys.executable, str(HERE / "numpy_ref.py"), "sgemm", str(m), str(n), str(k)] if have_numpy else None,
                numpy_env(threads))
            rows.append(("sgemm", f"{m}×{n}×{k}", threads, mine, load, ref, ref_load))
            print(f"[compute] sgemm {m}x{n}x{k} t{threads}: mlv {mine['gflops']:.1f} GFLOP/s"
                  + (f", numpy {ref['gflops']:.1f}" if ref else ""), file=sys.stderr)
    digests = {}
    for threads in (1, 2):
        (mine, load), (ref, ref_load) = best_of(
            args.rounds, "samples_per_s", [bench, "mlp", str(threads), str(args.samples)],
            [sys.executable, str(HERE / "numpy_ref.py"), "mlp", str(args.samples)] if have_numpy else None,
            numpy_env(threads))
        digests[threads] = mine["weights_sha256"]
        rows.append(("mlp", "784-256-128-10, batch 128", threads, mine, load, ref, ref_load))
        print(f"[compute] mlp t{threads}: mlv {mine['samples_per_s']:.0f} samples/s"
              + (f", numpy {ref['samples_per_s']:.0f}" if ref else ""), file=sys.stderr)

    variant = rows[0][3].get("variant", "?")
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    lines = ["## Compute core", "",
             f"Measured {datetime.date.today().isoformat()} on {os.cpu_count()} × {cpu}, "
             f"kernel variant `{variant}`, with "
             f"`make bench-compute` (`MLV_COMPUTE_BENCH=… python3 Benchmarks/compute/compute.py --samples {args.samples} "
             f"--rounds {args.rounds}`). "
             f"Each figure is the best of {args.rounds} runs, alternating mlv and numpy. "
             "numpy uses OpenBLAS with `OPENBLAS_NUM_THREADS` set to the thread count; figures taken while other "
             "processes used more than 10% of a core are marked (loaded).", "",
             "| benchmark | shape | threads | mlv | numpy | mlv / numpy | target |",
             "|---|---|---|---|---|---|---|"]
    for (kind, shape, threads, mine, load, ref, ref_load) in rows:
        if kind == "sgemm":
            value, unit, target = mine["gflops"], "GFLOP/s", "≥ 0.70"
            other = ref.get("gflops")
        else:
            value, unit, target = mine["samples_per_s"], "samples/s", "≥ 60,000 samples/s on 2 threads" if threads == 2 else ""
            other = ref.get("samples_per_s")
        fmt = (lambda x: f"{x:,.1f} {unit}") if kind == "sgemm" else (lambda x: f"{x:,.0f} {unit}")
        ratio = f"{value / other:.2f}" if other else "—"
        lines.append(f"| {kind} | {shape} | {threads} | {fmt(value)}{flag(load)} | "
                     f"{fmt(other) + flag(ref_load) if other else '—'} | {ratio} | {target} |")
    same = len(set(digests.values())) == 1
    lines += ["", f"MLP weights after one epoch, SHA-256: 1 thread `{digests[1][:16]}…`, 2 threads "
              f"`{digests[2][:16]}…` — {'identical' if same else 'DIFFERENT'}.", ""]
    section = "\n".join(lines) + "\n"
    if args.no_write:
        print(section)
        return 0 if same else 1
    path = Path(args.report)
    write_section(path, "Compute core", section)
    print(f"[compute] wrote {path}", file=sys.stderr)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
