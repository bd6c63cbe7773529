#!/usr/bin/env python3
"""Pipeline benchmark: how long `mlv repro` takes against the run it reproduces, and how the
built-in learners compare with scikit-learn's defaults on the same split of the same data.
Writes the "## Pipelines" section of docs/PERFORMANCE.md.

    MLV=/path/to/mlv python3 Benchmarks/compute/pipeline.py [--rows N] [--no-write]
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report import write_section

ROOT = Path(__file__).resolve().parent.parent.parent

PIPELINE = """stages:
  split:
    plugin: split
    deps: [data/customers.csv]
    params: {test_fraction: 0.25, stratify: churned, seed: 1}
    outs: [work/train.csv, work/test.csv]
  standardize:
    plugin: standardize
    deps: [work/train.csv]
    params: {target: churned}
    outs: [work/train-scaled.csv, models/scaler.safetensors]
  standardize-test:
    plugin: standardize
    deps: [work/test.csv, models/scaler.safetensors]
    params: {target: churned}
    outs: [work/test-scaled.csv]
  logistic:
    plugin: logistic-regression
    deps: [work/train-scaled.csv]
    params: {target: churned, epochs: 100, seed: 3}
    outs: [models/logistic.safetensors]
  mlp:
    plugin: mlp-classifier
    deps: [work/train-scaled.csv]
    params: {target: churned, layers: [100], epochs: 100, batch_size: 200, learning_rate: 0.001, seed: 3}
    outs: [models/mlp.safetensors]
  evaluate-logistic:
    plugin: evaluate
    deps: [models/logistic.safetensors, work/test-scaled.csv]
    outs: []
    metrics: metrics/logistic.json
  evaluate-mlp:
    plugin: evaluate
    deps: [models/mlp.safetensors, work/test-scaled.csv]
    outs: []
    metrics: metrics/mlp.json
"""


def sh(mlv: str, args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([mlv, *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def sklearn_accuracies(work: Path) -> dict | None:
    try:
        import numpy as np
        from sklearn.linear_model import LogisticRegression
        from sklearn.neural_network import MLPClassifier
    except ImportError:
        return None

    def load(path: Path):
        import csv
        with open(path) as f:
            rows = list(csv.DictReader(f))
        names = [n for n in rows[0] if n not in ("churned", "customer_id")]
        cats = {n: sorted({r[n] for r in rows}) for n in names if not _numeric(rows, n)}
        return rows, names, cats

    train_rows, names, cats = load(work / "work" / "train-scaled.csv")
    test_rows, _, _ = load(work / "work" / "test-scaled.csv")

    def matrix(rows):
        out = []
        for r in rows:
            vec = []
            for n in names:
                if n in cats:
                    vec += [1.0 if r[n] == c else 0.0 for c in cats[n]]
                else:
                    vec.append(float(r[n]))
            out.append(vec)
        return np.array(out), np.array([int(r["churned"]) for r in rows])

    xtr, ytr = matrix(train_rows)
    xte, yte = matrix(test_rows)
    logistic = LogisticRegression().fit(xtr, ytr).score(xte, yte)
    mlp = MLPClassifier(random_state=0).fit(xtr, ytr).score(xte, yte)
    return {"logistic": logistic, "mlp": mlp}


def _numeric(rows, name) -> bool:
    try:
        for r in rows:
            float(r[name])
        return True
    except ValueError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--report", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    args = parser.parse_args()
    mlv = os.path.abspath(os.environ.get("MLV", "")) if os.environ.get("MLV") else None
    if not mlv or not os.access(mlv, os.X_OK):
        print("[pipeline] MLV is not an executable", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="mlv-pipeline-bench-") as tmp:
        work = Path(tmp)
        sh(mlv, ["init", "-q"], work)
        sh(mlv, ["sample-data", "-q", "--rows", str(args.rows)], work)
        (work / "mlv.yaml").write_text(PIPELINE)
        sh(mlv, ["add", "-q", "."], work)
        sh(mlv, ["commit", "-q", "-m", "data"], work)
        run_s = sh(mlv, ["run", "-q", "--commit", "-m", "train"], work)
        start = time.perf_counter()
        repro = subprocess.run([mlv, "repro"], cwd=work, capture_output=True, text=True)
        repro_s = time.perf_counter() - start
        identical = repro.returncode == 0
        mine = {k: json.loads((work / "metrics" / f"{k}.json").read_text())["accuracy"] for k in ("logistic", "mlp")}
        theirs = sklearn_accuracies(work)
    lines = ["## Pipelines", "",
             f"Measured {datetime.date.today().isoformat()} with `make bench-compute` "
             f"(`MLV=… python3 Benchmarks/compute/pipeline.py --rows {args.rows}`): `mlv sample-data` churn table, "
             "split → standardize → logistic regression and MLP → evaluate.", "",
             "| measure | value | target |", "|---|---|---|",
             f"| `mlv run --commit` (T) | {run_s:.2f} s | |",
             f"| `mlv repro` of that commit | {repro_s:.2f} s ({'identical' if identical else 'DIFFERENT'}) "
             f"| ≤ 1.2 T + 2 s = {1.2 * run_s + 2:.2f} s |"]
    for key, label in (("logistic", "logistic regression"), ("mlp", "MLP")):
        other = f"{theirs[key]:.4f}" if theirs else "scikit-learn not installed"
        gap = f"{(mine[key] - theirs[key]) * 100:+.2f} points" if theirs else ""
        lines.append(f"| test accuracy, {label}: mlv vs scikit-learn defaults | {mine[key]:.4f} vs {other} {gap} "
                     "| within 1 point |")
    section = "\n".join(lines) + "\n"
    print(section)
    if not args.no_write:
        write_section(Path(args.report), "Pipelines", section)
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
