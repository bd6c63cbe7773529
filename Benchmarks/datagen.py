"""Deterministic workload generators for the mlv benchmark harness.

Every generator takes a numpy Generator seeded from (seed, workload name) and writes all versions of
its workload under `root/v<k>/`. Version 0 is complete; a later version directory holds only the
files that differ from the previous version (what a user would rewrite), and the `Dataset` records
the full manifest of every version (relative path -> (size, sha256)) so checkouts can be verified.

Same seed and scale -> same bytes (see `python3 Benchmarks/bench.py --gen-only`).
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MiB = 1 << 20
GiB = 1 << 30


# ---------------------------------------------------------------------------------------------
# helpers


def rng_for(seed: int, name: str) -> np.random.Generator:
    # A stable per-workload stream: independent of which other workloads are selected.
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def sha256_file(path: Path, bufsize: int = 8 * MiB) -> str:
    h = hashlib.sha256()
    with open(path, "rb", buffering=0) as f:
        while True:
            b = f.read(bufsize)
            if not b:
                break
            h.update(b)
    return h.hexdigest()


@dataclass
class Version:
    dir: Path  # holds the files written (changed) in this version
    written: list[str]  # relative paths present in `dir`
    deleted: list[str]  # relative paths removed relative to the previous version
    manifest: dict[str, tuple[int, str]]  # full content of this version

    @property
    def raw_bytes(self) -> int:
        return sum(s for s, _ in self.manifest.values())


@dataclass
class Dataset:
    name: str
    paths: list[str]  # top-level worktree entries the tools add (files or dirs)
    lfs_patterns: list[str]  # what a git-lfs user would `git lfs track`
    versions: list[Version] = field(default_factory=list)

    @property
    def raw_total(self) -> int:
        return sum(v.raw_bytes for v in self.versions)

    def digest(self) -> str:
        h = hashlib.sha256()
        for k, v in enumerate(self.versions):
            h.update(json.dumps([k, sorted(v.manifest.items())]).encode())
        return h.hexdigest()


def _record(ds: Dataset, vdir: Path, written: list[str], deleted: list[str]) -> None:
    prev = dict(ds.versions[-1].manifest) if ds.versions else {}
    for rel in deleted:
        prev.pop(rel, None)
    for rel in written:
        p = vdir / rel
        prev[rel] = (p.stat().st_size, sha256_file(p))
    ds.versions.append(Version(vdir, list(written), list(deleted), prev))


# ---------------------------------------------------------------------------------------------
# fast vectorized number formatting (numpy.strings ufuncs + lookup tables)

_TAB = np.array([b"%d" % i for i in range(10000)])
_TZ = {d: np.array([b"%0*d" % (d, i) for i in range(10**d)]) for d in range(1, 5)}


def fmt_uint(v: np.ndarray) -> np.ndarray:
    v = v.astype(np.int64)
    lo = v % 10000
    hi = v // 10000
    if not hi.any():
        return _TAB[lo]
    return np.where(hi > 0, np.strings.add(fmt_uint(hi), _TZ[4][lo]), _TAB[lo])


def fmt_zpad(v: np.ndarray, d: int) -> np.ndarray:
    if d <= 4:
        return _TZ[d][v]
    return np.strings.add(fmt_zpad(v // 10000, d - 4), _TZ[4][v % 10000])


def fmt_fixed(x: np.ndarray, decimals: int) -> np.ndarray:
    iv = np.rint(x * 10**decimals).astype(np.int64)
    neg = iv < 0
    a = np.abs(iv)
    s = np.strings.add(np.strings.add(fmt_uint(a // 10**decimals), b"."), fmt_zpad(a % 10**decimals, decimals))
    if neg.any():
        s = np.where(neg, np.strings.add(b"-", s), s)
    return s


def join_columns(cols: list[np.ndarray]) -> bytes:
    row = cols[0]
    for c in cols[1:]:
        row = np.strings.add(np.strings.add(row, b","), c)
    row = np.strings.add(row, b"\n")
    return b"".join(row.tolist())


# ---------------------------------------------------------------------------------------------
# table: ~200 MB CSV, 2,000,000 rows, 5 later versions

CATEGORIES = np.array(
    [b"electronics", b"books", b"clothing", b"home", b"garden", b"toys", b"sports", b"beauty",
     b"grocery", b"automotive", b"music", b"movies", b"health", b"office", b"pets", b"baby",
     b"tools", b"jewelry", b"shoes", b"outdoors"]
)
WORDS = np.array(
    [b"red", b"blue", b"green", b"small", b"large", b"new", b"used", b"gift", b"promo", b"bulk",
     b"fast", b"eco", b"pro", b"mini", b"max", b"lite", b"plus", b"classic", b"smart", b"basic",
     b"deluxe", b"travel", b"kids", b"home", b"retro", b"pack", b"set", b"kit", b"box", b"pair"]
)
T0 = np.datetime64("2024-01-01T00:00:00", "s")
TABLE_HEADER = b"id,timestamp,user_id,category,price,quantity,discount,lat,lon,rating,score,note\n"


def _table_rows(rng: np.random.Generator, ids: np.ndarray, t_start: int) -> dict[str, np.ndarray]:
    n = len(ids)
    gaps = rng.integers(1, 30, n)
    return {
        "id": ids.astype(np.int64),
        "ts": t_start + np.cumsum(gaps),
        "user": rng.integers(1, 500_000, n),
        "cat": rng.integers(0, len(CATEGORIES), n),
        "price": np.round(rng.lognormal(3.0, 1.0, n).clip(0.5, 5000.0), 2),
        "qty": rng.integers(1, 51, n),
        "disc": np.round(rng.choice([0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.5], n), 2),
        "lat": rng.uniform(-60.0, 70.0, n),
        "lon": rng.uniform(-180.0, 180.0, n),
        "rating": rng.integers(10, 51, n) / 10.0,
        "score": rng.normal(0.0, 1.0, n),
        "w1": rng.integers(0, len(WORDS), n),
        "w2": rng.integers(0, len(WORDS), n),
    }


def _table_bytes(t: dict[str, np.ndarray]) -> bytes:
    ts = (T0 + t["ts"].astype("timedelta64[s]")).astype("S19")
    note = np.strings.add(np.strings.add(WORDS[t["w1"]], b" "), WORDS[t["w2"]])
    cols = [
        fmt_uint(t["id"]), ts, fmt_uint(t["user"]), CATEGORIES[t["cat"]], fmt_fixed(t["price"], 2),
        fmt_uint(t["qty"]), fmt_fixed(t["disc"], 2), fmt_fixed(t["lat"], 6), fmt_fixed(t["lon"], 6),
        fmt_fixed(t["rating"], 1), fmt_fixed(t["score"], 4), note,
    ]
    return TABLE_HEADER + join_columns(cols)


def gen_table(root: Path, seed: int, scale: float, nversions: int = 6) -> Dataset:
    rng = rng_for(seed, "table")
    n = max(1000, int(round(2_000_000 * scale)))
    ds = Dataset("table", ["table.csv"], ["*.csv"])
    t = _table_rows(rng, np.arange(1, n + 1), 0)
    for k in range(nversions):
        if k > 0:
            n = len(t["id"])
            # ~1% of rows modified in clustered runs of 20-200 consecutive rows
            target = max(20, n // 100)
            idx = []
            total = 0
            while total < target:
                ln = int(rng.integers(20, 201))
                start = int(rng.integers(0, max(1, n - ln)))
                idx.append(np.arange(start, min(n, start + ln)))
                total += ln
            rows = np.unique(np.concatenate(idx))
            m = len(rows)
            t["price"][rows] = np.round(t["price"][rows] * rng.uniform(0.8, 1.2, m), 2).clip(0.5, 5000.0)
            t["qty"][rows] = rng.integers(1, 51, m)
            t["disc"][rows] = rng.choice([0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.5], m)
            t["score"][rows] = rng.normal(0.0, 1.0, m)
            t["w2"][rows] = rng.integers(0, len(WORDS), m)
            # delete a few rows mid-file
            dels = np.sort(rng.choice(np.arange(n // 4, 3 * n // 4), size=5, replace=False))
            t = {c: np.delete(a, dels) for c, a in t.items()}
            # append ~0.5% rows
            na = max(5, n // 200)
            new = _table_rows(rng, np.arange(t["id"].max() + 1, t["id"].max() + 1 + na), int(t["ts"][-1]))
            t = {c: np.concatenate([t[c], new[c]]) for c in t}
        vdir = root / f"v{k}"
        vdir.mkdir(parents=True, exist_ok=True)
        with open(vdir / "table.csv", "wb") as f:
            f.write(_table_bytes(t))
        _record(ds, vdir, ["table.csv"], [])
    return ds


# ---------------------------------------------------------------------------------------------
# weights: ~250 MB safetensors, 20 float32 tensors, 5 later versions


def weight_shapes(scale: float) -> list[tuple[str, tuple[int, ...]]]:
    def r(x: int) -> int:
        return max(1, int(round(x * scale)))

    shapes: list[tuple[str, tuple[int, ...]]] = [("model.embed_tokens.weight", (r(19000), 1024))]
    for i in range(6):
        shapes.append((f"model.layers.{i}.attn.qkv.weight", (r(3072), 1024)))
        shapes.append((f"model.layers.{i}.attn.out.weight", (r(1024), 1024)))
        shapes.append((f"model.layers.{i}.mlp.weight", (r(2816), 1024)))
    shapes.append(("model.norm.weight", (1024,)))
    return shapes


def write_safetensors(path: Path, tensors: list[tuple[str, np.ndarray]]) -> None:
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    off = 0
    for name, a in tensors:
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [off, off + a.nbytes]}
        off += a.nbytes
    hb = json.dumps(header, separators=(",", ":")).encode()
    hb += b" " * ((8 - len(hb) % 8) % 8)
    with open(path, "wb") as f:
        f.write(len(hb).to_bytes(8, "little"))
        f.write(hb)
        for _, a in tensors:
            f.write(np.ascontiguousarray(a, dtype="<f4").tobytes())


def gen_weights(root: Path, seed: int, scale: float, nversions: int = 6) -> Dataset:
    rng = rng_for(seed, "weights")
    ds = Dataset("weights", ["model.safetensors"], ["*.safetensors"])
    tensors = []
    for name, shape in weight_shapes(scale):
        if len(shape) == 1:
            a = np.ones(shape, dtype=np.float32) + rng.normal(0, 0.01, shape).astype(np.float32)
        else:
            a = rng.standard_normal(shape, dtype=np.float32) * np.float32(0.02)
        tensors.append((name, a))
    for k in range(nversions):
        if k > 0:
            # half of the tensors unchanged, the others slightly perturbed
            changed = rng.choice(len(tensors), size=len(tensors) // 2, replace=False)
            for i in sorted(changed):
                name, a = tensors[i]
                tensors[i] = (name, a + rng.normal(0.0, 1e-3, a.shape).astype(np.float32))
        vdir = root / f"v{k}"
        vdir.mkdir(parents=True, exist_ok=True)
        write_safetensors(vdir / "model.safetensors", tensors)
        _record(ds, vdir, ["model.safetensors"], [])
    return ds


# ---------------------------------------------------------------------------------------------
# many files: 20,000 files of 1-20 KB in nested dirs; version 1 rewrites 2% of them

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def _hex_text(rng: np.random.Generator, n: int) -> np.ndarray:
    a = _HEX[rng.integers(0, 16, n, dtype=np.uint8)]
    a[63::64] = ord("\n")
    return a


def many_relpath(i: int) -> str:
    return f"files/d{i % 20:02d}/s{(i // 20) % 25:02d}/item{i:05d}.txt"


def gen_many(root: Path, seed: int, scale: float) -> Dataset:
    rng = rng_for(seed, "many")
    n = max(50, int(round(20_000 * scale)))
    ds = Dataset("many", ["files"], ["files/**"])
    sizes = rng.integers(1024, 20 * 1024 + 1, n)
    blob = _hex_text(rng, int(sizes.sum()))
    offs = np.concatenate([[0], np.cumsum(sizes)])
    v0 = root / "v0"
    rels = [many_relpath(i) for i in range(n)]
    for i, rel in enumerate(rels):
        p = v0 / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        with open(p, "wb") as f:
            f.write(blob[offs[i] : offs[i + 1]].tobytes())
    _record(ds, v0, rels, [])
    # v1: 2% of files rewritten (same size, new content)
    changed = np.sort(rng.choice(n, size=max(1, n // 50), replace=False))
    v1 = root / "v1"
    written = []
    for i in changed:
        rel = rels[i]
        p = v1 / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        with open(p, "wb") as f:
            f.write(_hex_text(rng, int(sizes[i])).tobytes())
        written.append(rel)
    _record(ds, v1, written, [])
    return ds


# ---------------------------------------------------------------------------------------------
# random bytes (incompressible): 1 GiB for commit throughput; 4 GiB (--huge) for peak memory


def _gen_random_file(path: Path, rng: np.random.Generator, size: int) -> None:
    chunk = 64 * MiB
    with open(path, "wb") as f:
        left = size
        while left > 0:
            b = min(chunk, left)
            f.write(rng.bytes(b))
            left -= b


def gen_random(root: Path, seed: int, scale: float) -> Dataset:
    rng = rng_for(seed, "random")
    size = max(MiB, int(GiB * scale))
    ds = Dataset("random", ["random.bin"], ["*.bin"])
    v0 = root / "v0"
    v0.mkdir(parents=True, exist_ok=True)
    _gen_random_file(v0 / "random.bin", rng, size)
    _record(ds, v0, ["random.bin"], [])
    return ds


def gen_huge(root: Path, seed: int, scale: float) -> Dataset:
    rng = rng_for(seed, "huge")
    size = max(MiB, int(4 * GiB * scale))
    ds = Dataset("huge", ["huge.bin"], ["*.bin"])
    v0 = root / "v0"
    v0.mkdir(parents=True, exist_ok=True)
    _gen_random_file(v0 / "huge.bin", rng, size)
    _record(ds, v0, ["huge.bin"], [])
    return ds


GENERATORS = {
    "table": gen_table,
    "weights": gen_weights,
    "many": gen_many,
    "random": gen_random,
    "huge": gen_huge,
}
