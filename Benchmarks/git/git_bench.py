#!/usr/bin/env python3
"""Git integration benchmark (issue 6, docs/GIT.md): writes the "## Git integration" section of
docs/PERFORMANCE.md.

(a) hooks mode: `git checkout` between two branches whose tracked data differ entirely (the
    post-checkout hook restores mlv.lock's data), next to `mlv checkout` alone on the same data;
(b) filter mode: `git add` of many small files with `filter=mlv` next to `git add` without a
    filter (overhead per file), and `git add` / `git checkout` of one large file (MB/s).

Data come from a fixed seed. Every repository is isolated: HOME in a scratch folder,
GIT_CONFIG_NOSYSTEM=1, the mlv under test first on PATH (the hook stubs and the filter run it).

    python3 Benchmarks/git/git_bench.py [--mlv PATH] [--size MB] [--small-files N] [--repeat N]
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

MB = 1_000_000


def run(args, cwd, env, stdin=None):
    """Runs a command, failing loudly; returns the wall time in seconds."""
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, input=stdin)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(map(str, args))} failed in {cwd}:\n{done.stdout.decode()}{done.stderr.decode()}")
    return elapsed


def write_files(folder: Path, rng: random.Random, total: int, count: int):
    folder.mkdir(parents=True, exist_ok=True)
    each = total // count
    for index in range(count):
        (folder / f"part-{index:03}.bin").write_bytes(rng.randbytes(each))


def environment(scratch: Path, mlv: Path) -> dict:
    home = scratch / "home"
    home.mkdir(exist_ok=True)
    env = {
        "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "PATH": f"{mlv.parent}:/usr/bin:/bin",
        "LANG": "C", "TZ": "UTC",
        "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com",
        "MLV_AUTHOR_NAME": "Bench", "MLV_AUTHOR_EMAIL": "bench@example.com",
    }
    return env


def git_init(path: Path, env: dict):
    path.mkdir(parents=True)
    run(["git", "init", "-q", "-b", "main"], path, env)


def best(times):
    return min(times)


def hooks_mode(scratch: Path, mlv: Path, env: dict, size: int, files: int, repeat: int) -> dict:
    """Two branches whose tracked data differ in every byte; checkout times both ways."""
    rng_a, rng_b = random.Random(1), random.Random(2)
    repo = scratch / "hooks"
    git_init(repo, env)
    (repo / "README.md").write_text("bench\n")
    run([mlv, "track", "data/"], repo, env)
    run([mlv, "git", "install"], repo, env)
    write_files(repo / "data", rng_a, size, files)
    run([mlv, "add", "data"], repo, env)
    run([mlv, "commit", "-q", "-m", "a"], repo, env)
    run(["git", "add", "-A"], repo, env)
    run(["git", "commit", "-q", "-m", "a"], repo, env)
    run(["git", "checkout", "-q", "-b", "b"], repo, env)
    write_files(repo / "data", rng_b, size, files)
    run([mlv, "commit", "-q", "-a", "-m", "b"], repo, env)
    run(["git", "add", "mlv.lock"], repo, env)
    run(["git", "commit", "-q", "-m", "b"], repo, env)
    git_times = []
    for _ in range(repeat):
        git_times.append(run(["git", "checkout", "-q", "main"], repo, env))
        git_times.append(run(["git", "checkout", "-q", "b"], repo, env))
    # The same two commits in mlv alone: switch between mlv's branches.
    alone = scratch / "alone"
    alone.mkdir()
    run([mlv, "init", "-q"], alone, env)
    write_files(alone / "data", random.Random(1), size, files)
    run([mlv, "add", "data"], alone, env)
    run([mlv, "commit", "-q", "-m", "a"], alone, env)
    run([mlv, "switch", "-q", "-c", "b"], alone, env)
    write_files(alone / "data", random.Random(2), size, files)
    run([mlv, "commit", "-q", "-a", "-m", "b"], alone, env)
    mlv_times = []
    for _ in range(repeat):
        mlv_times.append(run([mlv, "checkout", "-q", "main"], alone, env))
        mlv_times.append(run([mlv, "checkout", "-q", "b"], alone, env))
    return {"git": best(git_times), "mlv": best(mlv_times)}


def filter_mode(scratch: Path, mlv: Path, env: dict, small: int, size: int, repeat: int) -> dict:
    rng = random.Random(3)
    blobs = [rng.randbytes(rng.randint(1000, 4000)) for _ in range(small)]
    results = {"plain": [], "filter": []}
    for attempt in range(repeat):
        for kind in ("plain", "filter"):
            repo = scratch / f"small-{kind}-{attempt}"
            git_init(repo, env)
            if kind == "filter":
                run([mlv, "git", "install", "-q", "--filter", "--no-hooks"], repo, env)
                (repo / ".gitattributes").write_text("*.bin filter=mlv\n")
            for index, blob in enumerate(blobs):
                folder = repo / f"d{index % 10}"
                folder.mkdir(exist_ok=True)
                (folder / f"f{index:04}.bin").write_bytes(blob)
            results[kind].append(run(["git", "add", "."], repo, env))
    overhead = (best(results["filter"]) - best(results["plain"])) / small
    big = scratch / "large"
    git_init(big, env)
    run([mlv, "git", "install", "-q", "--filter", "--no-hooks"], big, env)
    (big / ".gitattributes").write_text("*.bin filter=mlv\n")
    rng = random.Random(4)
    with open(big / "big.bin", "wb") as out:  # in pieces: randbytes tops out below 256 MiB
        for start in range(0, size, 64 << 20):
            out.write(rng.randbytes(min(64 << 20, size - start)))
    clean = run(["git", "add", "big.bin"], big, env)
    run(["git", "commit", "-q", "-m", "big"], big, env)
    (big / "big.bin").unlink()
    smudge = run(["git", "checkout", "--", "big.bin"], big, env)
    return {
        "plain": best(results["plain"]), "filter": best(results["filter"]), "overhead_ms": overhead * 1000,
        "clean_mbs": size / MB / clean, "smudge_mbs": size / MB / smudge,
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    git = subprocess.run(["git", "--version"], stdout=subprocess.PIPE).stdout.decode().strip()
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, {git}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mlv", default=os.environ.get("MLV", str(ROOT / ".build" / "release" / "mlv")))
    parser.add_argument("--size", type=int, default=256, help="MB of tracked data per branch and of the large file")
    parser.add_argument("--files", type=int, default=64, help="files the tracked data is split into")
    parser.add_argument("--small-files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement; the best counts")
    parser.add_argument("--report", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    parser.add_argument("--no-report", action="store_true", help="print the section instead of writing it")
    args = parser.parse_args()
    mlv = Path(args.mlv).resolve()
    if not mlv.exists():
        sys.exit(f"mlv not found at {mlv}; run 'swift build -c release' or pass --mlv")
    size = args.size * MB
    scratch = Path(tempfile.mkdtemp(prefix="mlv-git-bench-"))
    try:
        env = environment(scratch, mlv)
        hooks = hooks_mode(scratch, mlv, env, size, args.files, args.repeat)
        filt = filter_mode(scratch, mlv, env, args.small_files, size, args.repeat)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    ratio = hooks["git"] / hooks["mlv"]
    command = f"python3 Benchmarks/git/git_bench.py --size {args.size} --files {args.files} --small-files {args.small_files}"
    section = f"""## Git integration

Measured by `{command}` (`make bench` runs it with the defaults) with `{mlv.name}` from
`{mlv.parent.relative_to(ROOT) if mlv.parent.is_relative_to(ROOT) else mlv.parent}`, on {machine()}.
Best of {args.repeat} runs each. Targets from issue 6: hooks-mode `git checkout` ≤ 1.3× `mlv checkout`
alone; filter overhead ≤ 2 ms per small file; ≥ 200 MB/s through the filter on one large file.

| measurement | value |
|---|---|
| hooks mode: `git checkout` between branches whose tracked data differ by {args.size} MB ({args.files} files) | {hooks['git']:.2f} s |
| `mlv checkout` alone, same data | {hooks['mlv']:.2f} s |
| ratio (target ≤ 1.3×) | {ratio:.2f}× |
| `git add` of {args.small_files} files of 1–4 KB without a filter | {filt['plain']:.2f} s |
| the same with `filter=mlv` | {filt['filter']:.2f} s |
| filter overhead per file (target ≤ 2 ms) | {filt['overhead_ms']:.2f} ms |
| `git add` of one {args.size} MB file through the filter (clean; target ≥ 200 MB/s) | {filt['clean_mbs']:.0f} MB/s |
| `git checkout` of it (smudge) | {filt['smudge_mbs']:.0f} MB/s |

Notes. In hooks mode the checkout time is git's own work plus the post-checkout hook, which
writes only the files whose id changed (as `mlv checkout` does) after checking that every object
of the new lock is present. A filter session (one `git add` or `git checkout`) puts the
objects of all its cleans into one pack, made durable (`fsync`ed and installed) when git ends
the session or whenever 64 MiB are pending, so a small file costs no `fsync` of its own
(docs/GIT.md, "Filter mode"). Large files stream through in batches of 64 chunks hashed and
compressed on all cores.
"""
    if args.no_report:
        print(section)
    else:
        write_section(Path(args.report), "Git integration", section)
        print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
