#!/bin/sh
# The main job end to end on generated sample data: init, add, commit, edit, commit, log, diff,
# checkout of the old version, fsck. Runs in a temp folder that is removed afterwards.
set -eu
MLV=${MLV:-mlv}
work=$(mktemp -d "${TMPDIR:-/tmp}/mlv-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
export MLV_AUTHOR_NAME="mlv demo" MLV_AUTHOR_EMAIL="demo@example.com"

step() { printf '\n\033[1m$ mlv %s\033[0m\n' "$*"; "$MLV" -C "$work" "$@"; }

echo "Generating sample data in $work"
python3 - "$work" <<'PY'
import random, struct, json, sys, os
root = sys.argv[1]
rng = random.Random(42)
os.makedirs(os.path.join(root, "data"), exist_ok=True)
with open(os.path.join(root, "data", "train.csv"), "w") as f:
    f.write("id,age,income,city,label\n")
    cities = ["paris", "lyon", "oslo", "lima", "kyoto"]
    for i in range(200_000):
        f.write(f"{i},{rng.randint(18, 90)},{rng.gauss(50000, 15000):.2f},{rng.choice(cities)},{rng.randint(0, 1)}\n")
# A small safetensors model: two float32 tensors.
tensors = {"dense.weight": (256, 128), "dense.bias": (128,)}
header, blobs, offset = {}, [], 0
for name, shape in tensors.items():
    n = 1
    for d in shape: n *= d
    data = struct.pack(f"<{n}f", *[rng.gauss(0, 0.05) for _ in range(n)])
    header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + len(data)]}
    blobs.append(data); offset += len(data)
h = json.dumps(header).encode()
with open(os.path.join(root, "model.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
with open(os.path.join(root, ".mlvignore"), "w") as f:
    f.write("*.tmp\n")
open(os.path.join(root, "scratch.tmp"), "w").write("ignored\n")
PY

step init
step add .
step status --short
step commit -m "First version of the training data and model"

echo "\nEditing 1% of the rows in the middle of data/train.csv"
python3 - "$work" <<'PY'
import sys, os
path = os.path.join(sys.argv[1], "data", "train.csv")
lines = open(path).read().split("\n")
for i in range(100_000, 102_000):
    parts = lines[i].split(","); parts[4] = "1"; lines[i] = ",".join(parts)
open(path, "w").write("\n".join(lines))
PY
step status
step commit -a -m "Relabel a block of rows"
step log --oneline
step diff --stat HEAD~1 HEAD
step diff --max-rows 5 HEAD~1 HEAD -- data/train.csv
step show --json HEAD | head -c 400; echo
step checkout HEAD~1
step status --short
step switch main
step fsck

echo "\n== Pipelines: train, change the data on a branch, retrain, compare, reproduce"
step sample-data
step add data/customers.csv mlv.yaml params.yaml
step commit -m "Sample churn data and its pipeline"
step run --commit -m "Train the churn model"
step run
step switch -c more-data
step sample-data --rows 6000
step run --commit -m "Retrain on more data"
step diff main more-data -- models/churn.safetensors
step metrics diff main more-data
step lineage models/churn.safetensors
step repro main
step repro more-data

echo "\n== DevOps: drift between the two datasets, CI gates, plots, yesterday's model on today's data"
cat >> "$work/mlv.yaml" <<'YAML'
checks:
  - evaluate.accuracy >= 0.7
  - "evaluate.accuracy: max_drop 0.05 vs main"
  - "drift data/customers.csv: psi <= 0.25 vs main"
drift:
  columns:
    customer_id: {ignore: true}
YAML
step drift main more-data -- data/customers.csv
step check
step plot evaluate.accuracy train.train_accuracy --revs main --revs more-data -o "$work/metrics.html"
step plot --confusion more-data -o "$work/confusion.svg"
echo "wrote metrics.html ($(wc -c < "$work/metrics.html") bytes) and confusion.svg ($(wc -c < "$work/confusion.svg") bytes)"
step eval --model main:models/churn.safetensors --data more-data:work/test-scaled.csv
step checkout -- mlv.yaml
step switch main
step fsck
echo "\nStorage used by .mlv: $(du -sh "$work/.mlv" | cut -f1) for two versions of $(du -sh "$work/data/train.csv" | cut -f1) + model"
echo "Demo finished."
