#!/usr/bin/env python3
"""Deterministic workloads for choosing the chunk sizes (docs/FORMAT-chunking-codec.md, Measurements).

csv:     a table of ROWS rows (~100 bytes each, numeric + categorical columns) and 5 later versions,
         each modifying ~1% of rows in clustered runs (20-400 rows), appending ~0.5% rows and
         deleting a few rows mid-file. Writes csv-v0.csv ... csv-v5.csv (random-looking values: hex
         ids, 4-6 digit floats; zlib-1 ratio ~0.46) and typical-v0.csv ... (pooled ids, rounded
         values; ratio ~0.35).
weights: a float32 safetensors file (normal(0, 0.02) values) and 3 later versions, each
         replacing half the tensors. Writes weights-v0.safetensors ... weights-v3.safetensors.

usage: generate_workload.py OUTDIR [ROWS]
"""
import json
import random
import struct
import sys

import numpy as np

CATEGORIES = ["electronics", "grocery", "apparel", "home", "garden", "toys", "sports", "books",
              "beauty", "automotive", "health", "office", "music", "movies", "pets", "baby",
              "tools", "jewelry", "shoes", "outdoor"]
REGIONS = ["north", "south", "east", "west", "central"]


def make_row_typical(rng, row_id):
    """A row closer to common ML tables: ids from a pool, rounded measurements (zlib-1 ratio ~0.35)."""
    return "%d,2024-%02d-%02d,user_%05d,%s,%s,%.1f,%.2f,%d,%.2f,%.2f,%d\n" % (
        row_id, rng.randint(1, 12), rng.randint(1, 28), rng.randrange(20000), rng.choice(CATEGORIES),
        rng.choice(REGIONS), rng.gauss(50, 15), rng.random(), rng.randint(0, 100),
        round(rng.lognormvariate(3, 1), 0), rng.choice([-73.99, -73.98, -73.95, -74.01, -73.97]),
        rng.random() < 0.3)


def make_row(rng, row_id):
    return "%d,2024-%02d-%02d,user_%08x,%s,%s,%.4f,%.6f,%d,%.2f,%.5f,%d\n" % (
        row_id, rng.randint(1, 12), rng.randint(1, 28), rng.getrandbits(32), rng.choice(CATEGORIES),
        rng.choice(REGIONS),
        rng.gauss(50, 15), rng.random(), rng.randint(0, 10000), rng.lognormvariate(3, 1),
        rng.uniform(-180, 180), rng.random() < 0.3)


def modify_row(rng, row):
    fields = row.rstrip("\n").split(",")
    fields[5] = "%.4f" % rng.gauss(50, 15)
    fields[10] = str(int(rng.random() < 0.3))
    if rng.random() < 0.3:
        fields[3] = rng.choice(CATEGORIES)
    return ",".join(fields) + "\n"


def csv_versions(outdir, rows, make_row=make_row, prefix="csv"):
    rng = random.Random(20240601)
    header = "id,date,user,category,region,score,ratio,count,amount,longitude,label\n"
    table = [make_row(rng, i) for i in range(rows)]
    next_id = rows
    for version in range(6):
        if version > 0:
            target = len(table) // 100
            changed = 0
            while changed < target:
                run = rng.randint(20, 400)
                start = rng.randrange(0, len(table) - run)
                for i in range(start, start + run):
                    table[i] = modify_row(rng, table[i])
                changed += run
            for _ in range(len(table) // 200):
                table.append(make_row(rng, next_id))
                next_id += 1
            for _ in range(rng.randint(3, 8)):
                del table[rng.randrange(len(table) // 4, 3 * len(table) // 4)]
        with open("%s/%s-v%d.csv" % (outdir, prefix, version), "w") as f:
            f.write(header)
            f.writelines(table)


def weights_versions(outdir, tensors=24):
    rng = np.random.default_rng(7)
    shapes = [(int(rng.integers(64, 1024)), int(rng.integers(64, 1024))) for _ in range(tensors)]
    values = [rng.normal(0, 0.02, size=s).astype("<f4") for s in shapes]
    for version in range(4):
        if version > 0:
            for i in rng.choice(tensors, size=tensors // 2, replace=False):
                values[i] = (values[i] + rng.normal(0, 0.001, size=shapes[i])).astype("<f4")
        header, offset = {}, 0
        for i, v in enumerate(values):
            header["layer%02d.weight" % i] = {"dtype": "F32", "shape": list(shapes[i]),
                                              "data_offsets": [offset, offset + v.nbytes]}
            offset += v.nbytes
        encoded = json.dumps(header, sort_keys=True).encode()
        encoded += b" " * (-len(encoded) % 8)
        with open("%s/weights-v%d.safetensors" % (outdir, version), "wb") as f:
            f.write(struct.pack("<Q", len(encoded)))
            f.write(encoded)
            for v in values:
                f.write(v.tobytes())


if __name__ == "__main__":
    out = sys.argv[1]
    csv_versions(out, int(sys.argv[2]) if len(sys.argv) > 2 else 300_000)
    csv_versions(out, int(sys.argv[2]) if len(sys.argv) > 2 else 300_000, make_row_typical, "typical")
    weights_versions(out)
