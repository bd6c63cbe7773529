#!/usr/bin/env python3
"""Push and clone over loopback to `mlv serve`: MB/s each way for N MiB of new data, and 10
clients cloning at once (aggregate MB/s next to one clone). Writes the "Remotes" section of
docs/PERFORMANCE.md.

    MLV=/path/to/release/mlv python3 Benchmarks/remote/remote.py [--size MiB] [--clients N]
"""
import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Benchmarks" / "compute"))
from report import write_section  # noqa: E402

MIB = 1 << 20


PEAK_MIB: dict[str, float] = {}


def run(mlv: str, *args: str, cwd: Path | None = None, label: str | None = None) -> float:
    """Runs mlv, fails loudly, returns the wall time in seconds; with `label`, records the peak
    resident memory (GNU time) under it."""
    prefix: list[str] = []
    peak_file = None
    if label and Path("/usr/bin/time").exists():
        peak_file = tempfile.NamedTemporaryFile(delete=False)
        prefix = ["/usr/bin/time", "-f", "%M", "-o", peak_file.name]
    start = time.perf_counter()
    result = subprocess.run([*prefix, mlv, *args], cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"mlv {' '.join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    if peak_file and label:
        text = Path(peak_file.name).read_text().strip().splitlines()
        PEAK_MIB[label] = int(text[-1]) / 1024 if text else float("nan")
        os.unlink(peak_file.name)
    return elapsed


def make_data(folder: Path, size_mib: int, seed: int) -> None:
    """Random-ish data: 16 MiB files, each three quarters random bytes and one quarter CSV-like
    text, so chunks are new, some compress and some do not."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    remaining = size_mib * MIB
    index = 0
    while remaining > 0:
        size = min(16 * MIB, remaining)
        noise = rng.randbytes(size * 3 // 4)
        rows = []
        length = 0
        while length < size - len(noise):
            row = f"{rng.randrange(10**6)},{rng.random():.6f},{rng.choice(['a', 'b', 'c'])}\n"
            rows.append(row)
            length += len(row)
        text = "".join(rows).encode()[: size - len(noise)]
        (folder / f"part-{index:04d}.bin").write_bytes(noise + text)
        remaining -= size
        index += 1


def start_server(mlv: str, root: Path) -> tuple[subprocess.Popen, str]:
    server = subprocess.Popen(
        [mlv, "serve", "--root", str(root), "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    line = server.stdout.readline().strip() if server.stdout else ""
    if not line.startswith("listening on "):
        server.kill()
        sys.exit(f"mlv serve did not start: {line} {server.stderr.read() if server.stderr else ''}")
    return server, line.removeprefix("listening on ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mlv", default=os.environ.get("MLV", "mlv"))
    parser.add_argument("--size", type=int, default=256, help="MiB of new data (up to 1024)")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clones")
    parser.add_argument("--report", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    parser.add_argument("--no-report", action="store_true", help="print the section instead of writing it")
    args = parser.parse_args()
    if not 1 <= args.size <= 1024:
        sys.exit("--size must be between 1 and 1024 MiB")
    mlv = shutil.which(args.mlv) or args.mlv
    load_before = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="mlv-remote-bench-"))
    server = None
    try:
        source = work / "source"
        run(mlv, "init", str(source))
        make_data(source / "data", args.size, seed=7)
        run(mlv, "-C", str(source), "add", "data")
        run(mlv, "-C", str(source), "commit", "-m", "data")
        stored = sum(p.stat().st_size for p in (source / ".mlv" / "objects" / "pack").glob("*.pack"))
        root = work / "served"
        root.mkdir()
        run(mlv, "init", "--bare", str(root / "bench"))
        server, base = start_server(mlv, root)
        url = f"{base}/bench"
        run(mlv, "-C", str(source), "remote", "add", "origin", url)
        push = run(mlv, "-C", str(source), "push", "origin", "main", label="push")
        clone = run(mlv, "clone", url, str(work / "clone-0"), label="clone")
        start = time.perf_counter()
        clones = [
            subprocess.Popen([mlv, "clone", url, str(work / f"clone-{i + 1}")], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
            for i in range(args.clients)
        ]
        failures = [c.stderr.read() if c.stderr else "" for c in clones if c.wait() != 0]
        together = time.perf_counter() - start
        if failures:
            sys.exit(f"{len(failures)} of {args.clients} concurrent clones failed: {failures[0]}")
        for i in range(args.clients + 1):
            got = sum(p.stat().st_size for p in (work / f"clone-{i}" / "data").iterdir())
            if got != args.size * MIB:
                sys.exit(f"clone-{i} has {got} bytes of data, expected {args.size * MIB}")
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    load_after = os.getloadavg()[0]
    size = args.size * MIB
    rate = lambda seconds, count=1: count * size / 1e6 / seconds  # noqa: E731
    cpu = platform.processor() or platform.machine()
    cores = os.cpu_count()
    section = f"""## Remotes

`{Path(sys.argv[0]).as_posix()} --size {args.size} --clients {args.clients}` (run by `make bench`):
{args.size} MiB of new random-ish data (files of up to 16 MiB, three quarters random bytes, one
quarter CSV text; {stored / MIB:.0f} MiB stored) pushed to and cloned from `mlv serve` on
127.0.0.1, release build, {cores} cores ({cpu}, {platform.system()}); load average
{load_before:.1f} before and {load_after:.1f} after (other work on the machine was not controlled;
on a shared machine the figures are lower bounds). Times are wall clock of the
whole command: a push includes the negotiation and writing the pack file it uploads; a clone
includes the checkout of the files. The server verifies every object it receives.

| operation | seconds | MB/s | client peak memory |
|---|---|---|---|
| push | {push:.2f} | {rate(push):.0f} | {PEAK_MIB.get("push", float("nan")):.0f} MiB |
| clone | {clone:.2f} | {rate(clone):.0f} | {PEAK_MIB.get("clone", float("nan")):.0f} MiB |
| {args.clients} concurrent clones | {together:.2f} | {rate(together, args.clients):.0f} aggregate ({rate(together, args.clients) / rate(clone):.1f}× one clone) | |

Target (issue 7): ≥ 150 MB/s each way; {args.clients} concurrent clones all succeed without the
aggregate collapsing.
"""
    if args.no_report:
        print(section)
    else:
        write_section(Path(args.report), "Remotes", section)
        print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
