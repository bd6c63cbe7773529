#!/bin/sh
# Generates every workload twice at a small scale and checks the digests are equal.
# Usage: sh Benchmarks/selftest/check-determinism.sh [scale]   (default 0.02)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
scale=${1:-0.02}
a=$(python3 "$here/bench.py" --gen-only --huge --scale "$scale" 2>/dev/null | sed 's/  (.*//')
b=$(python3 "$here/bench.py" --gen-only --huge --scale "$scale" 2>/dev/null | sed 's/  (.*//')
echo "$a"
if [ -n "$a" ] && [ "$a" = "$b" ]; then
    echo "deterministic: same digests twice at scale $scale"
else
    echo "NOT deterministic at scale $scale:" >&2
    echo "$b" >&2
    exit 1
fi
