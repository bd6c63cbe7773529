#!/usr/bin/env python3
"""mlv benchmark harness: mlv against git, git-lfs and DVC on the same data in the same run.

Called by `Benchmarks/run.sh` (which installs the peers); see docs/PERFORMANCE.md for the options.
Every tool gets its own fresh repository per workload; each timed step is a list of commands timed
end to end with caches warm, each command wrapped in `/usr/bin/time -f %M` for its peak RSS.
A tool that is missing or fails is reported as such; it never stops the others.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import datagen  # noqa: E402

ALL_TOOLS = ["mlv", "git", "git-lfs", "dvc"]
PEERS = ["git", "git-lfs", "dvc"]
ALL_WORKLOADS = ["table", "weights", "many", "random"]
REPO_ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000

# Targets (at --scale 1.0).
T_LATER_COMMIT_S = 0.3
T_STORAGE_RATIO = 0.09
T_STATUS_VS_GIT = 2.0
T_RANDOM_MBPS = 600.0
T_PEAK_RSS_MB = 300.0


class StepError(Exception):
    pass


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# command runner


class Runner:
    def __init__(self, scratch: Path, timeout: float, tool_paths: dict[str, str]):
        self.scratch = scratch
        self.timeout = timeout
        self.tool_paths = tool_paths
        self.time_bin = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
        self.rss_file = scratch / "rss.txt"
        self.logf = open(scratch / "commands.log", "a")
        home = scratch / "home"
        home.mkdir(parents=True, exist_ok=True)
        (home / ".gitconfig").write_text(
            "[user]\n\tname = mlv bench\n\temail = bench@mlv.invalid\n"
            "[init]\n\tdefaultBranch = main\n"
            "[gc]\n\tauto = 0\n"
            "[advice]\n\tdetachedHead = false\n"
            "[core]\n\tautocrlf = false\n"
        )
        env = dict(os.environ)
        # pyenv shims look for $PYENV_ROOT (default $HOME/.pyenv): pin it before moving HOME.
        if "PYENV_ROOT" not in env and (Path.home() / ".pyenv").is_dir():
            env["PYENV_ROOT"] = str(Path.home() / ".pyenv")
        env.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_CACHE_HOME=str(home / ".cache"),
            GIT_CONFIG_NOSYSTEM="1",
            GIT_AUTHOR_NAME="mlv bench",
            GIT_AUTHOR_EMAIL="bench@mlv.invalid",
            GIT_COMMITTER_NAME="mlv bench",
            GIT_COMMITTER_EMAIL="bench@mlv.invalid",
            GIT_TERMINAL_PROMPT="0",
            DVC_NO_ANALYTICS="1",
            LC_ALL="C",
        )
        self.env = env

    def argv(self, tool_cmd: list[str]) -> list[str]:
        # Replace the program name by its resolved path (mlv, git, dvc).
        head = tool_cmd[0]
        if head in self.tool_paths:
            return [self.tool_paths[head]] + tool_cmd[1:]
        return tool_cmd

    def run(self, cmd: list[str], cwd: Path, check: bool = True) -> tuple[float, int, str, int | None]:
        """Run one command; returns (seconds, returncode, stdout, peak_rss_kb)."""
        argv = self.argv(cmd)
        full = argv
        if self.time_bin:
            full = [self.time_bin, "-f", "%M", "-o", str(self.rss_file)] + argv
        t0 = time.perf_counter()
        try:
            # Own process group, so a timeout kills the tool and not only /usr/bin/time.
            proc = subprocess.Popen(full, cwd=cwd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    start_new_session=True)
        except OSError as e:
            raise StepError(f"`{shlex.join(cmd)}` could not start: {e}")
        try:
            stdout, stderr = proc.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            proc.communicate()
            dt_ = time.perf_counter() - t0
            self.logf.write(f"TIMEOUT {dt_:.3f}s {shlex.join(cmd)} (cwd {cwd})\n")
            raise StepError(f"`{shlex.join(cmd)}` timed out after {self.timeout:g} s")
        secs = time.perf_counter() - t0
        p = subprocess.CompletedProcess(full, proc.returncode, stdout, stderr)
        rss = None
        if self.time_bin:
            try:
                lines = self.rss_file.read_text().strip().splitlines()
                rss = int(lines[-1]) if lines else None
            except (OSError, ValueError):
                rss = None
        out = p.stdout.decode(errors="replace")
        err = p.stderr.decode(errors="replace")
        self.logf.write(f"{secs:9.3f}s rc={p.returncode} rss={rss}KB  {shlex.join(cmd)}  (cwd {cwd})\n")
        if p.returncode != 0:
            self.logf.write(f"    stderr: {err[-2000:]}\n")
        self.logf.flush()
        if check and p.returncode != 0:
            tail = (err.strip() or out.strip()).splitlines()[-3:]
            raise StepError(f"`{shlex.join(cmd)}` exited {p.returncode}: {' | '.join(tail)[:300]}")
        return secs, p.returncode, out, rss

    def step(self, cmds: list[list[str]], cwd: Path) -> tuple[float, int | None]:
        """Run commands in order; returns (total seconds, max peak RSS in KB).

        The page cache is written back first (untimed): the data the harness just generated or
        copied would otherwise be flushed by the kernel during the timed step, and charge the
        tool that runs first after a copy (and the one that syncs its own writes) for it.
        """
        os.sync()
        total = 0.0
        peak = None
        for c in cmds:
            s, _, _, rss = self.run(c, cwd)
            total += s
            if rss is not None:
                peak = rss if peak is None else max(peak, rss)
        return total, peak


# ---------------------------------------------------------------------------------------------
# tool drivers: how a user of each tool does init / first commit / later commit / checkout / status


class Tool:
    name = ""
    uses_git = True

    def __init__(self, r: Runner):
        self.r = r

    def init(self, repo: Path, ds: datagen.Dataset) -> None:
        self.r.run(["git", "init", "-q"], repo)

    def first_commit(self, ds: datagen.Dataset, msg: str) -> list[list[str]]:
        return self.commit(ds, msg)

    def commit(self, ds: datagen.Dataset, msg: str) -> list[list[str]]:
        return [["git", "add", "--"] + ds.paths, ["git", "commit", "-q", "-m", msg]]

    def head(self, repo: Path) -> str:
        return self.r.run(["git", "rev-parse", "HEAD"], repo)[2].strip()

    def checkout(self, rev: str) -> list[list[str]]:
        return [["git", "checkout", "-q", rev]]

    def status(self) -> list[list[str]]:
        return [["git", "status"]]

    def storage_dirs(self) -> list[str]:
        return [".git"]


class GitTool(Tool):
    name = "git"


class GitLfsTool(Tool):
    name = "git-lfs"

    def init(self, repo: Path, ds: datagen.Dataset) -> None:
        self.r.run(["git", "init", "-q"], repo)
        self.r.run(["git", "lfs", "install", "--local"], repo)

    def first_commit(self, ds: datagen.Dataset, msg: str) -> list[list[str]]:
        return [["git", "lfs", "track"] + ds.lfs_patterns,
                ["git", "add", "--", ".gitattributes"] + ds.paths,
                ["git", "commit", "-q", "-m", msg]]


class DvcTool(Tool):
    name = "dvc"

    def init(self, repo: Path, ds: datagen.Dataset) -> None:
        self.r.run(["git", "init", "-q"], repo)
        self.r.run(["dvc", "init", "-q"], repo)
        self.r.run(["git", "commit", "-q", "-m", "dvc init"], repo)

    def commit(self, ds: datagen.Dataset, msg: str) -> list[list[str]]:
        return [["dvc", "add", "-q"] + ds.paths,
                ["git", "add", "--", ".gitignore"] + [p + ".dvc" for p in ds.paths],
                ["git", "commit", "-q", "-m", msg]]

    def checkout(self, rev: str) -> list[list[str]]:
        return [["git", "checkout", "-q", rev], ["dvc", "checkout", "-q"]]

    def status(self) -> list[list[str]]:
        # What a DVC user runs to learn whether tracked data changed (git status only sees *.dvc).
        return [["dvc", "status"]]

    def storage_dirs(self) -> list[str]:
        return [".dvc/cache", ".git"]


class MlvTool(Tool):
    name = "mlv"
    uses_git = False

    def init(self, repo: Path, ds: datagen.Dataset) -> None:
        self.r.run(["mlv", "init"], repo)

    def commit(self, ds: datagen.Dataset, msg: str) -> list[list[str]]:
        return [["mlv", "add"] + ds.paths, ["mlv", "commit", "-m", msg]]

    def head(self, repo: Path) -> str:
        # Prefer a rev-parse if mlv has one (tried once); else the newest id printed by `mlv log`.
        if getattr(self, "has_rev_parse", True):
            secs, rc, out, _ = self.r.run(["mlv", "rev-parse", "HEAD"], repo, check=False)
            m = re.fullmatch(r"\s*([0-9a-f]{7,64})\s*", out)
            if rc == 0 and m:
                return m.group(1)
            self.has_rev_parse = False
        out = self.r.run(["mlv", "log"], repo)[2]
        m = re.search(r"\b([0-9a-f]{7,64})\b", out)
        if not m:
            raise StepError("could not find a commit id in `mlv log` output")
        return m.group(1)

    def checkout(self, rev: str) -> list[list[str]]:
        return [["mlv", "checkout", rev]]

    def status(self) -> list[list[str]]:
        return [["mlv", "status"]]

    def storage_dirs(self) -> list[str]:
        return [".mlv"]


TOOL_CLASSES = {"mlv": MlvTool, "git": GitTool, "git-lfs": GitLfsTool, "dvc": DvcTool}


# ---------------------------------------------------------------------------------------------
# filesystem helpers


def du_bytes(paths: list[Path]) -> tuple[int, int]:
    """(allocated bytes, apparent bytes) of the given files/dirs."""
    alloc = apparent = 0
    for root in paths:
        if not root.exists():
            continue
        it = [root] if root.is_file() else (Path(d) / f for d, _, fs in os.walk(root) for f in fs)
        for p in it:
            try:
                st = os.lstat(p)
            except OSError:
                continue
            alloc += st.st_blocks * 512
            apparent += st.st_size
    return alloc, apparent


def copy_version(ds: datagen.Dataset, k: int, repo: Path) -> None:
    v = ds.versions[k]
    for rel in v.deleted:
        (repo / rel).unlink(missing_ok=True)
    for rel in v.written:
        dst = repo / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(dst.name + ".bench-tmp")
        shutil.copyfile(v.dir / rel, tmp)
        os.replace(tmp, dst)  # a new file, as an editor or a training script would write it


def snapshot(ds: datagen.Dataset, repo: Path) -> dict[str, tuple[int, int, int]]:
    snap = {}
    for top in ds.paths:
        p = repo / top
        if p.is_file():
            st = p.stat()
            snap[top] = (st.st_ino, st.st_mtime_ns, st.st_size)
        elif p.is_dir():
            for d, _, fs in os.walk(p):
                for f in fs:
                    q = Path(d) / f
                    st = q.stat()
                    snap[str(q.relative_to(repo))] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return snap


def files_written(before: dict, after: dict) -> int:
    keys = set(before) | set(after)
    return sum(1 for k in keys if before.get(k) != after.get(k))


def verify(ds: datagen.Dataset, k: int, repo: Path) -> bool:
    want = ds.versions[k].manifest
    have = {}
    for rel in snapshot(ds, repo):
        p = repo / rel
        have[rel] = (p.stat().st_size, datagen.sha256_file(p))
    return have == want


# ---------------------------------------------------------------------------------------------
# one workload, one tool


def bench_tool(tool: Tool, ds: datagen.Dataset, repo: Path, runs: int, git_gc: bool) -> dict:
    r = tool.r
    res: dict = {"ok": True}
    rss_all: list[int] = []
    rss_commit: list[int] = []

    def note_rss(x, commit=False):
        if x is not None:
            rss_all.append(x)
            if commit:
                rss_commit.append(x)

    try:
        repo.mkdir(parents=True)
        tool.init(repo, ds)
        copy_version(ds, 0, repo)
        secs, rss = r.step(tool.first_commit(ds, "v0"), repo)
        note_rss(rss, commit=True)
        res["first_commit_s"] = secs
        res["first_commit_rss_kb"] = rss
        revs = [tool.head(repo)]
        if ds.name == "many":
            times = []
            for i in range(runs + 1):  # one warm-up run, then `runs` timed
                s, rss = r.step(tool.status(), repo)
                note_rss(rss)
                if i:
                    times.append(s)
            res["status_s"] = statistics.median(times)
            res["status_runs_s"] = times
        later = []
        later_rss = []
        for k in range(1, len(ds.versions)):
            copy_version(ds, k, repo)
            secs, rss = r.step(tool.commit(ds, f"v{k}"), repo)
            note_rss(rss, commit=True)
            later.append(secs)
            later_rss.append(rss)
            revs.append(tool.head(repo))
        if later:
            res["later_commits_s"] = later
            res["later_commits_rss_kb"] = later_rss
        if tool.name == "mlv" and ds.name in ("table", "weights") and len(revs) > 1:
            # mlv's content diff of v0 against v1 (rows or tensors), a figure no peer has.
            secs, rss = r.step([["mlv", "diff", "--summary", revs[0], revs[1]]], repo)
            res["diff_s"] = secs
            res["diff_rss_kb"] = rss
        alloc, apparent = du_bytes([repo / d for d in tool.storage_dirs()])
        res["storage_bytes"] = alloc
        res["storage_apparent_bytes"] = apparent
        res["raw_bytes"] = ds.raw_total
        res["storage_ratio"] = alloc / ds.raw_total
        if ds.name == "random" or ds.name == "huge":
            res["throughput_mb_s"] = ds.versions[0].raw_bytes / MB / res["first_commit_s"]
        if len(ds.versions) > 1:
            last = len(ds.versions) - 1
            before = snapshot(ds, repo)
            secs, rss = r.step(tool.checkout(revs[0]), repo)
            note_rss(rss)
            after = snapshot(ds, repo)
            res["checkout_old_s"] = secs
            res["checkout_old_written"] = files_written(before, after)
            res["checkout_old_correct"] = verify(ds, 0, repo)
            if ds.name == "many":
                before = after
                secs, rss = r.step(tool.checkout(revs[last]), repo)
                note_rss(rss)
                after = snapshot(ds, repo)
                res["checkout_new_s"] = secs
                res["checkout_new_written"] = files_written(before, after)
                res["checkout_new_correct"] = verify(ds, last, repo)
        if git_gc and tool.name == "git" and ds.name == "table":
            try:  # an extra peer figure: its failure does not void the rest
                secs, rss = r.step([["git", "gc", "-q"]], repo)
                res["git_gc_s"] = secs
                res["git_gc_rss_kb"] = rss
                res["storage_after_gc_bytes"] = du_bytes([repo / ".git"])[0]
            except StepError as e:
                res["git_gc_error"] = str(e)
    except StepError as e:
        res["ok"] = False
        res["error"] = str(e)
    except Exception as e:  # a harness bug must not take the other tools down
        res["ok"] = False
        res["error"] = f"harness error: {e!r}"
        traceback.print_exc()
    res["peak_rss_kb"] = max(rss_all) if rss_all else None
    res["commit_peak_rss_kb"] = max(rss_commit) if rss_commit else None
    return res


# ---------------------------------------------------------------------------------------------
# environment description


def sh_out(cmd: list[str], env=None) -> str:
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60, env=env)
        return p.stdout.decode(errors="replace").strip()
    except Exception as e:  # noqa: BLE001
        return f"unavailable ({e.__class__.__name__})"


def machine_info(scratch: Path) -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    disk = sh_out(["df", "-hT", str(scratch)]).splitlines()
    disk_s = "unknown"
    if len(disk) >= 2:
        f = disk[-1].split()
        if len(f) >= 7:
            disk_s = f"{f[0]} ({f[1]}, {f[2]} total, {f[4]} free) for {scratch}"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram": mem,
        "disk": disk_s,
        "kernel": platform.release(),
        "os": sh_out(["sh", "-c", ". /etc/os-release 2>/dev/null && echo $PRETTY_NAME"]),
    }


def tool_versions(runner: Runner, tools: list[str]) -> dict:
    v = {}
    cwd = runner.scratch
    for t in tools:
        cmd = {"mlv": ["mlv", "--version"], "git": ["git", "--version"], "git-lfs": ["git", "lfs", "version"],
               "dvc": ["dvc", "--version"]}[t]
        try:
            secs, rc, out, _ = runner.run(cmd, cwd, check=False)
            v[t] = out.strip().splitlines()[0] if rc == 0 and out.strip() else None
        except StepError:
            v[t] = None
    v["python"] = platform.python_version()
    v["numpy"] = np.__version__
    return v


def resolve_tools(requested: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Resolved executable paths, and a reason for each tool that will be skipped."""
    paths: dict[str, str] = {}
    skipped: dict[str, str] = {}
    git = shutil.which("git")
    if git:
        paths["git"] = git
    if "mlv" in requested:
        m = os.environ.get("MLV", "")
        if not m:
            skipped["mlv"] = "MLV is not set (run as `MLV=/path/to/mlv sh Benchmarks/run.sh`)"
        elif not (os.path.isfile(m) and os.access(m, os.X_OK)):
            skipped["mlv"] = f"MLV={m} is not an executable file"
        else:
            paths["mlv"] = os.path.abspath(m)
    if not git:
        for t in ("git", "git-lfs", "dvc"):
            if t in requested:
                skipped[t] = "git not found"
    else:
        if "git-lfs" in requested:
            p = subprocess.run([git, "lfs", "version"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if p.returncode != 0:
                skipped["git-lfs"] = "git-lfs not installed"
        if "dvc" in requested:
            cand = Path(sys.executable).parent / "dvc"
            d = str(cand) if cand.is_file() and os.access(cand, os.X_OK) else shutil.which("dvc")
            if d:
                paths["dvc"] = d
            else:
                skipped["dvc"] = "dvc not installed"
    return paths, skipped


# ---------------------------------------------------------------------------------------------
# report


def fmt_s(x) -> str:
    if x is None:
        return "—"
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def fmt_mb(x) -> str:
    return "—" if x is None else f"{x / MB:,.1f} MB"


def fmt_kb_mb(x) -> str:
    return "—" if x is None else f"{x / 1024:,.0f} MB"


def fmt_ratio(x) -> str:
    return "—" if x is None else f"{x:.3f}"


def fmt_int(x) -> str:
    return "—" if x is None else f"{x:,}"


def fmt_mbps(x) -> str:
    return "—" if x is None else f"{x:,.0f} MB/s"


def get(res: dict, key: str):
    v = res
    for part in key.split("."):
        if v is None:
            return None
        if part == "max":
            v = max(v) if v else None
        elif part == "median":
            v = statistics.median(v) if v else None
        else:
            v = v.get(part) if isinstance(v, dict) else None
    return v


ROWS = {
    "table": [
        ("first commit (add + commit v0)", "first_commit_s", fmt_s),
        ("later commit, median of 5", "later_commits_s.median", fmt_s),
        ("later commit, slowest of 5", "later_commits_s.max", fmt_s),
        ("storage, all 6 versions", "storage_bytes", fmt_mb),
        ("storage ÷ raw size of all versions", "storage_ratio", fmt_ratio),
        ("checkout of v0", "checkout_old_s", fmt_s),
        ("content diff v0 → v1 (`mlv diff --summary`)", "diff_s", fmt_s),
        ("peak RSS of that diff", "diff_rss_kb", fmt_kb_mb),
        ("peak RSS of commit (max over commits)", "commit_peak_rss_kb", fmt_kb_mb),
        ("peak RSS (any command)", "peak_rss_kb", fmt_kb_mb),
    ],
    "weights": [
        ("first commit (add + commit v0)", "first_commit_s", fmt_s),
        ("later commit, median of 5", "later_commits_s.median", fmt_s),
        ("later commit, slowest of 5", "later_commits_s.max", fmt_s),
        ("storage, all 6 versions", "storage_bytes", fmt_mb),
        ("storage ÷ raw size of all versions", "storage_ratio", fmt_ratio),
        ("checkout of v0", "checkout_old_s", fmt_s),
        ("content diff v0 → v1 (`mlv diff --summary`)", "diff_s", fmt_s),
        ("peak RSS of that diff", "diff_rss_kb", fmt_kb_mb),
        ("peak RSS of commit (max over commits)", "commit_peak_rss_kb", fmt_kb_mb),
        ("peak RSS (any command)", "peak_rss_kb", fmt_kb_mb),
    ],
    "many": [
        ("first commit (add + commit v0)", "first_commit_s", fmt_s),
        ("status, nothing changed (median of N; dvc: `dvc status`)", "status_s", fmt_s),
        ("commit of v1 (2% of files changed)", "later_commits_s.max", fmt_s),
        ("storage, both versions", "storage_bytes", fmt_mb),
        ("storage ÷ raw size of both versions", "storage_ratio", fmt_ratio),
        ("switch v1 → v0", "checkout_old_s", fmt_s),
        ("files written by v1 → v0", "checkout_old_written", fmt_int),
        ("switch v0 → v1", "checkout_new_s", fmt_s),
        ("files written by v0 → v1", "checkout_new_written", fmt_int),
        ("peak RSS of commit (max over commits)", "commit_peak_rss_kb", fmt_kb_mb),
        ("peak RSS (any command)", "peak_rss_kb", fmt_kb_mb),
    ],
    "random": [
        ("commit (add + commit)", "first_commit_s", fmt_s),
        ("commit throughput", "throughput_mb_s", fmt_mbps),
        ("storage", "storage_bytes", fmt_mb),
        ("storage ÷ raw size", "storage_ratio", fmt_ratio),
        ("peak RSS of commit (max over commits)", "commit_peak_rss_kb", fmt_kb_mb),
        ("peak RSS (any command)", "peak_rss_kb", fmt_kb_mb),
    ],
    "huge": [
        ("commit (add + commit)", "first_commit_s", fmt_s),
        ("commit throughput", "throughput_mb_s", fmt_mbps),
        ("storage", "storage_bytes", fmt_mb),
        ("peak RSS of commit (max over commits)", "commit_peak_rss_kb", fmt_kb_mb),
        ("peak RSS (any command)", "peak_rss_kb", fmt_kb_mb),
    ],
}

WORKLOAD_TITLES = {
    "table": "table — CSV, {rows} rows (~{size}), 6 versions (1% rows edited in runs, 0.5% appended, 5 deleted)",
    "weights": "weights — safetensors, 20 float32 tensors (~{size}), 6 versions (half the tensors perturbed each time)",
    "many": "many files — {files} files of 1–20 KB in nested dirs (~{size}), v1 rewrites 2%",
    "random": "random — {size} of random bytes, one commit",
    "huge": "huge — {size} of random bytes, one commit (peak memory)",
}


def ratio(peer, mine, key) -> str:
    if peer is None or mine is None or mine == 0:
        return "—"
    return f"{peer / mine:.2f}×"


def workload_table(wl: str, results: dict, tools: list[str]) -> list[str]:
    out = []
    peers = [t for t in tools if t != "mlv"]
    head = ["measure"] + tools + [f"{p} / mlv" for p in peers if "mlv" in tools]
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
    wres = results.get(wl, {})
    for label, key, fmt in ROWS[wl]:
        cells = [label]
        for t in tools:
            res = wres.get(t)
            if res is None:
                cells.append("skipped")
                continue
            v = get(res, key)
            if v is None and not res.get("ok", True):
                cells.append("failed")
            else:
                cells.append(fmt(v))
        if "mlv" in tools:
            mine = get(wres.get("mlv") or {}, key)
            for p in peers:
                cells.append(ratio(get(wres.get(p) or {}, key), mine, key))
        out.append("| " + " | ".join(cells) + " |")
    extra = []
    g = wres.get("git") or {}
    if g.get("git_gc_s") is not None:
        extra.append(
            f"- Peer measurement, not mlv: plain `git gc` after the six versions took {fmt_s(g['git_gc_s'])} "
            f"(peak RSS {fmt_kb_mb(g.get('git_gc_rss_kb'))}) and brought `.git` to "
            f"{fmt_mb(g.get('storage_after_gc_bytes'))} "
            f"({g['storage_after_gc_bytes'] / g['raw_bytes']:.3f} × raw)."
        )
    if g.get("git_gc_error"):
        extra.append(f"- Extra `git gc` timing failed: {g['git_gc_error']}")
    for t in tools:
        res = wres.get(t)
        if res is None:
            continue
        if not res.get("ok", True):
            extra.append(f"- **{t} failed**: {res.get('error')}")
        for k in ("checkout_old_correct", "checkout_new_correct"):
            if res.get(k) is False:
                extra.append(f"- **{t}: worktree after checkout does not match the committed version** ({k}).")
    if extra:
        out.append("")
        out.extend(extra)
    return out


def targets(results: dict, tools: list[str]) -> list[tuple[str, str, str]]:
    """(target, verdict, detail) rows."""
    rows = []
    have_mlv = "mlv" in tools

    def mlv(wl, key):
        return get((results.get(wl) or {}).get("mlv") or {}, key)

    def peer(wl, t, key):
        return get((results.get(wl) or {}).get(t) or {}, key)

    def verdict(ok):
        return "PASS" if ok else "FAIL"

    # 1. first commit faster than every peer
    name = "first commit faster than every peer (each workload)"
    if not have_mlv:
        rows.append((name, "SKIP", "mlv not run"))
    else:
        det, oks = [], []
        for wl in [w for w in ("table", "weights", "many", "random") if w in results]:
            m = mlv(wl, "first_commit_s")
            ps = {t: peer(wl, t, "first_commit_s") for t in tools if t != "mlv"}
            ps = {t: v for t, v in ps.items() if v is not None}
            if m is None or not ps:
                det.append(f"{wl}: n/a")
                oks.append(False if m is None else None)
                continue
            best = min(ps, key=ps.get)
            ok = m < ps[best]
            oks.append(ok)
            det.append(f"{wl}: mlv {fmt_s(m)} vs fastest peer {best} {fmt_s(ps[best])}")
        real = [o for o in oks if o is not None]
        rows.append((name, "SKIP" if not real else verdict(all(real)), "; ".join(det)))

    def single(name, wl, fn):
        if not have_mlv:
            rows.append((name, "SKIP", "mlv not run"))
        elif wl not in results:
            rows.append((name, "SKIP", f"workload {wl} not run"))
        else:
            rows.append(fn())

    def later():
        v = mlv("table", "later_commits_s.max")
        if v is None:
            return ("", "FAIL", "no result")
        return ("", verdict(v <= T_LATER_COMMIT_S), f"slowest later commit {fmt_s(v)}")

    def storage():
        v = mlv("table", "storage_ratio")
        if v is None:
            return ("", "FAIL", "no result")
        return ("", verdict(v <= T_STORAGE_RATIO), f"{v:.3f} × raw ({fmt_mb(mlv('table', 'storage_bytes'))})")

    def checkout():
        det, oks = [], []
        for wl in ("table", "weights"):
            if wl not in results:
                continue
            m, d = mlv(wl, "checkout_old_s"), peer(wl, "dvc", "checkout_old_s")
            if d is None:
                det.append(f"{wl}: dvc n/a")
                continue
            if m is None or mlv(wl, "checkout_old_correct") is False:
                oks.append(False)
                det.append(f"{wl}: mlv failed or wrong")
                continue
            oks.append(m < d)
            det.append(f"{wl}: mlv {fmt_s(m)} vs dvc {fmt_s(d)}")
        return ("", "SKIP" if not oks else verdict(all(oks)), "; ".join(det))

    def status():
        m, g = mlv("many", "status_s"), peer("many", "git", "status_s")
        if g is None:
            return ("", "SKIP", "git n/a")
        if m is None:
            return ("", "FAIL", "no result")
        return ("", verdict(m <= T_STATUS_VS_GIT * g), f"mlv {fmt_s(m)} vs git {fmt_s(g)} ({m / g:.2f}×)")

    def rand():
        v = mlv("random", "throughput_mb_s")
        if v is None:
            return ("", "FAIL", "no result")
        return ("", verdict(v >= T_RANDOM_MBPS), fmt_mbps(v))

    def table_diff():
        v, rss = mlv("table", "diff_s"), mlv("table", "diff_rss_kb")
        if v is None:
            return ("", "FAIL", "no result")
        ok = v <= 10 and (rss is None or rss / 1024 <= 1024)
        return ("", verdict(ok), f"{fmt_s(v)}, peak {fmt_kb_mb(rss)}")

    def tensor_diff():
        v = mlv("weights", "diff_s")
        if v is None:
            return ("", "FAIL", "no result")
        size = results["weights"]["mlv"].get("raw_bytes", 0) / 6
        per_100 = v * 100 * MB / size if size else v
        # The diff is linear in the checkpoint size, so the 100 MB target is scaled to this one.
        return ("", verdict(per_100 <= 2),
                f"{fmt_s(v)} for two checkpoints of {fmt_mb(size)} = {fmt_s(per_100)} per 100 MB")

    for name, wl, fn in [
        ("table diff of v0 and v1 ≤ 10 s and ≤ 1 GB", "table", table_diff),
        ("tensor diff of two 100 MB checkpoints ≤ 2 s (scaled to the workload's size)", "weights", tensor_diff),
        (f"each later table commit ≤ {T_LATER_COMMIT_S} s", "table", later),
        (f"table storage, all six versions ≤ {T_STORAGE_RATIO} × raw", "table", storage),
        ("checkout of an old version faster than DVC", "table", checkout),
        (f"status within {T_STATUS_VS_GIT:g}× of git status", "many", status),
        (f"commit of random data ≥ {T_RANDOM_MBPS:g} MB/s", "random", rand),
    ]:
        n0 = len(rows)
        single(name, wl, fn)
        if len(rows) > n0 and rows[-1][0] == "":
            rows[-1] = (name,) + rows[-1][1:]

    name = f"peak memory of mlv commit ≤ {T_PEAK_RSS_MB:g} MB (max over all commits)"
    if not have_mlv:
        rows.append((name, "SKIP", "mlv not run"))
    else:
        peaks = {wl: mlv(wl, "commit_peak_rss_kb") for wl in results}
        peaks = {k: v for k, v in peaks.items() if v is not None}
        if not peaks:
            rows.append((name, "FAIL", "no result"))
        else:
            wl = max(peaks, key=peaks.get)
            other = max((mlv(w, "peak_rss_kb") or 0) for w in results)
            rows.append((name, verdict(peaks[wl] / 1024 <= T_PEAK_RSS_MB),
                         f"{peaks[wl] / 1024:,.0f} MB ({wl}); any mlv command: {other / 1024:,.0f} MB"))
    return rows


def paths_for_dedup(requested: list[str]) -> str | None:
    """The mlv binary, when it is one that has `debug dedup`."""
    mlv = os.environ.get("MLV")
    return mlv if mlv and os.access(mlv, os.X_OK) and "mlv" in requested else None


def render_results(meta: dict, results: dict) -> str:
    tools = meta["tools_run"]
    L = ["## Results", ""]
    L.append(f"- Date: {meta['date']}")
    m = meta["machine"]
    L.append(f"- Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram']} RAM, disk {m['disk']}; {m['os']}, "
             f"kernel {m['kernel']}")
    vers = ", ".join(f"{k} `{v}`" for k, v in meta["versions"].items() if v)
    L.append(f"- Versions: {vers}")
    L.append(f"- Command: `{meta['command']}`")
    L.append(f"- Scale {meta['scale']}, seed {meta['seed']}, status runs N={meta['runs']}; "
             f"total wall time {meta['wall_s']:.0f} s")
    mlv_path = meta.get("mlv_path") or ""
    if "mlv" in tools and "/debug/" in mlv_path:
        L.append(f"- **mlv is a debug build** ({mlv_path}): its figures are not representative; "
                 "use `make bench` (release build).")
    for t, why in meta["skipped"].items():
        L.append(f"- **{t} skipped**: {why}")
    if meta["scale"] != 1.0:
        L.append(f"- Reduced sizes (scale {meta['scale']}): the targets are set for scale 1.0, so the "
                 "absolute-time targets below are indicative only.")
    L.append("")
    L.append("Ratios are peer ÷ mlv: above 1× mlv is faster or smaller (for MB/s, below 1× mlv is faster). "
             "Times are wall-clock of the whole user step (all its commands), caches warm; storage is "
             "allocated bytes (`du`) of `.mlv`, `.git` (git-lfs: including `.git/lfs`), or "
             "`.dvc/cache` + `.git`.")
    L.append("")
    L.append("### Targets")
    L.append("")
    L.append("| target | verdict | detail |")
    L.append("|---|---|---|")
    for name, v, d in targets(results, tools):
        L.append(f"| {name} | {'**' + v + '**' if v == 'FAIL' else v} | {d} |")
    for wl in meta["workloads"]:
        info = meta["datasets"].get(wl, {})
        L.append("")
        L.append("### " + WORKLOAD_TITLES[wl].format(
            rows=f"{info.get('rows', 0):,}", size=fmt_mb(info.get("v0_bytes")), files=f"{info.get('files', 0):,}"))
        L.append("")
        if info.get("error"):
            L.append(f"Data generation failed: {info['error']}")
            continue
        L.append(f"Raw size of all versions: {fmt_mb(info.get('raw_total'))}; generated in "
                 f"{info.get('gen_s', 0):.1f} s.")
        L.append("")
        L.extend(workload_table(wl, results, tools))
        if info.get("dedup"):
            L.extend(dedup_lines(info["dedup"]))
    L.append("")
    return "\n".join(L)


def dedup_lines(versions: list[dict]) -> list[str]:
    """New bytes per version with tensor-aware chunking (as mlv stores) and plain CDC, from
    `mlv debug dedup` over the workload's versions."""
    later = versions[1:]
    aware = sum(v["newBytesTensorAware"] for v in later)
    plain = sum(v["newBytesPlain"] for v in later)
    size = sum(v["size"] for v in later)
    lines = ["", "New bytes per later version (`mlv debug dedup` over the versions): tensor-aware chunking "
             "cuts at tensor boundaries (how mlv stores safetensors), plain is content-defined chunking of the "
             "whole file.", "", "| version | size | tensor-aware | plain | plain ÷ tensor-aware |", "|---|---|---|---|---|"]
    for k, v in enumerate(versions):
        if k == 0:
            continue
        ratio = v["newBytesPlain"] / v["newBytesTensorAware"] if v["newBytesTensorAware"] else float("nan")
        lines.append(f"| v{k} | {fmt_mb(v['size'])} | {fmt_mb(v['newBytesTensorAware'])} "
                     f"({v['newBytesTensorAware'] / v['size']:.1%}) | {fmt_mb(v['newBytesPlain'])} "
                     f"({v['newBytesPlain'] / v['size']:.1%}) | {ratio:.3f} |")
    if size:
        lines.append(f"| all | {fmt_mb(size)} | {fmt_mb(aware)} ({aware / size:.1%}) | {fmt_mb(plain)} "
                     f"({plain / size:.1%}) | {plain / aware if aware else float('nan'):.3f} |")
    return lines


INTRO_FALLBACK = """# Performance

Run with `make bench` (or `MLV=/path/to/mlv sh Benchmarks/run.sh [options]`). See `Benchmarks/bench.py --help`.

"""


def write_report(path: Path, results_md: str) -> None:
    text = path.read_text() if path.exists() else INTRO_FALLBACK
    m = re.search(r"^## Results\s*$", text, flags=re.M)
    if m:
        head = text[: m.start()]
        rest = text[m.end():]
        nxt = re.search(r"^## ", rest, flags=re.M)
        tail = rest[nxt.start():] if nxt else ""
    else:
        head, tail = text.rstrip() + "\n\n", ""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(head + results_md + ("\n" + tail if tail else ""))


# ---------------------------------------------------------------------------------------------
# main


def parse_list(s: str, allowed: list[str], what: str) -> list[str]:
    items = [x.strip() for x in s.split(",") if x.strip()]
    bad = [x for x in items if x not in allowed]
    if bad:
        raise SystemExit(f"unknown {what}: {', '.join(bad)} (choose from {', '.join(allowed)})")
    return [x for x in allowed if x in items]  # canonical order


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="size multiplier for all workloads (default 1.0)")
    ap.add_argument("--workloads", default=",".join(ALL_WORKLOADS),
                    help="comma list of table,weights,many,random (default: all)")
    ap.add_argument("--tools", default=",".join(ALL_TOOLS), help="comma list of mlv,git,git-lfs,dvc (default: all)")
    ap.add_argument("--huge", action="store_true", help="also commit a 4 GiB (× scale) random file for peak memory")
    ap.add_argument("--seed", type=int, default=20240601, help="data seed")
    ap.add_argument("--runs", type=int, default=3, help="timed runs for cheap steps (status); median reported")
    ap.add_argument("--scratch", default=None, help="scratch parent dir (default: $TMPDIR or /tmp)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch dir (data, repos, commands.log, JSON)")
    ap.add_argument("--report", default=str(REPO_ROOT / "docs" / "PERFORMANCE.md"),
                    help="Markdown report whose '## Results' section is overwritten")
    ap.add_argument("--no-report", action="store_true", help="don't touch the report; print results only")
    ap.add_argument("--save-json", action="store_true", help="copy the raw JSON next to the report")
    ap.add_argument("--no-git-gc", action="store_true", help="skip the extra `git gc` timing on the table")
    ap.add_argument("--timeout", type=float, default=1800, help="per-command timeout in seconds")
    ap.add_argument("--gen-only", action="store_true", help="generate the data, print its digests, and exit")
    args = ap.parse_args(argv)

    if args.scale <= 0:
        raise SystemExit("--scale must be > 0")
    workloads = parse_list(args.workloads, ALL_WORKLOADS, "workload")
    if args.huge:
        workloads.append("huge")
    requested = parse_list(args.tools, ALL_TOOLS, "tool")

    parent = Path(args.scratch or os.environ.get("TMPDIR") or "/tmp")
    parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="mlv-bench-", dir=parent))
    log(f"scratch dir {scratch}")
    t_start = time.perf_counter()
    try:
        if args.gen_only:
            for wl in workloads:
                t0 = time.perf_counter()
                ds = datagen.GENERATORS[wl](scratch / "data" / wl, args.seed, args.scale)
                print(f"{wl}: {ds.digest()}  ({len(ds.versions)} versions, {ds.raw_total:,} bytes, "
                      f"{time.perf_counter() - t0:.1f} s)", flush=True)
                if not args.keep:
                    shutil.rmtree(scratch / "data" / wl, ignore_errors=True)
            return 0

        paths, skipped = resolve_tools(requested)
        for t, why in skipped.items():
            log(f"skipping {t}: {why}")
        tools = [t for t in requested if t not in skipped]
        runner = Runner(scratch, args.timeout, paths)
        if runner.time_bin is None:
            log("warning: /usr/bin/time not found; peak RSS will not be measured")
        if "git-lfs" in tools:
            runner.run(["git", "lfs", "install", "--skip-repo"], scratch, check=False)
        versions = tool_versions(runner, tools)
        meta = {
            "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "machine": machine_info(scratch),
            "versions": versions,
            "command": os.environ.get("BENCH_COMMAND") or shlex.join([sys.argv[0]] + (argv or sys.argv[1:])),
            "scale": args.scale,
            "seed": args.seed,
            "runs": args.runs,
            "workloads": workloads,
            "tools_requested": requested,
            "tools_run": tools,
            "skipped": skipped,
            "mlv_path": paths.get("mlv"),
            "datasets": {},
        }
        results: dict = {}
        for wl in workloads:
            log(f"workload {wl}: generating data (scale {args.scale})")
            t0 = time.perf_counter()
            try:
                ds = datagen.GENERATORS[wl](scratch / "data" / wl, args.seed, args.scale)
            except Exception as e:  # noqa: BLE001
                traceback.print_exc()
                meta["datasets"][wl] = {"error": repr(e)}
                continue
            info = {
                "gen_s": time.perf_counter() - t0,
                "versions": len(ds.versions),
                "v0_bytes": ds.versions[0].raw_bytes,
                "raw_total": ds.raw_total,
                "files": len(ds.versions[0].manifest),
                "digest": ds.digest(),
            }
            if wl == "table":
                with open(ds.versions[0].dir / "table.csv", "rb") as f:
                    info["rows"] = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b"")) - 1
            if wl == "weights" and "mlv" in requested and paths_for_dedup(requested):
                mlv_bin = paths_for_dedup(requested)
                files = [str(v.dir / "model.safetensors") for v in ds.versions]
                out = subprocess.run([mlv_bin, "debug", "dedup", "--json", *files], capture_output=True, text=True)
                if out.returncode == 0:
                    info["dedup"] = json.loads(out.stdout)
                else:
                    log(f"mlv debug dedup failed: {out.stderr.strip()}")
            meta["datasets"][wl] = info
            log(f"workload {wl}: {info['v0_bytes'] / MB:,.1f} MB per version, {info['raw_total'] / MB:,.1f} MB "
                f"total, {info['gen_s']:.1f} s")
            results[wl] = {}
            for t in tools:
                tool = TOOL_CLASSES[t](runner)
                repo = scratch / "repos" / wl / t
                t0 = time.perf_counter()
                res = bench_tool(tool, ds, repo, args.runs, git_gc=not args.no_git_gc)
                results[wl][t] = res
                summary = ", ".join(
                    f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}"
                    for k, v in res.items()
                    if k in ("first_commit_s", "storage_ratio", "checkout_old_s", "status_s", "throughput_mb_s",
                             "error")
                )
                log(f"  {wl}/{t}: {'ok' if res['ok'] else 'FAILED'} in {time.perf_counter() - t0:.1f} s: {summary}")
                if not args.keep:
                    shutil.rmtree(repo, ignore_errors=True)
            if not args.keep:
                shutil.rmtree(scratch / "data" / wl, ignore_errors=True)

        meta["wall_s"] = time.perf_counter() - t_start
        doc = {"meta": meta, "results": results}
        jpath = scratch / "results.json"
        jpath.write_text(json.dumps(doc, indent=2, default=str))
        md = render_results(meta, results)
        if args.no_report:
            print(md)
        else:
            report = Path(args.report)
            write_report(report, md)
            log(f"wrote {report}")
        if args.save_json:
            dst = Path(args.report).with_suffix(".json")
            shutil.copyfile(jpath, dst)
            log(f"wrote {dst}")
        if args.keep:
            log(f"kept {scratch} (results.json, commands.log, data, repos)")
        log(f"done in {meta['wall_s']:.0f} s")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
