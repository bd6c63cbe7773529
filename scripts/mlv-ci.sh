#!/bin/sh
# mlv-ci.sh — the CI gate of docs/CI.md: get the data, run the pipeline, check, push on success.
#
#   scripts/mlv-ci.sh <remote-url> [<branch>]
#
# <remote-url>: a folder (/srv/data.mlv), an `mlv serve` URL (https://host/repo, token from
# MLV_TOKEN), or s3://bucket/prefix (credentials from AWS_*). Environment:
#   MLV              the mlv binary (default: mlv on the PATH)
#   MLV_CI_DIR       the working copy (default: ./mlv-ci); cloned when absent, else fetched and reset
#   MLV_CI_BASELINE  what `mlv drift` compares with (default: origin/main)
#   MLV_CI_DRIFT     report (default: print drift, do not fail), gate (drift fails the job), off
#   MLV_CI_PUSH      1 (default) pushes a passing run, 0 never pushes
# Exit status: 0 passed (and pushed), 1 a gate failed (nothing pushed), other: an error.
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: mlv-ci.sh <remote-url> [<branch>]" >&2
    exit 129
fi
url=$1
branch=${2:-main}
mlv=${MLV:-mlv}
dir=${MLV_CI_DIR:-mlv-ci}
baseline=${MLV_CI_BASELINE:-origin/main}
drift=${MLV_CI_DRIFT:-report}

# 1. The data: clone once; later jobs fetch and reset to the remote's branch, so a run an
#    earlier job committed but never pushed (a failed gate) is dropped.
if [ -d "$dir/.mlv" ]; then
    "$mlv" -C "$dir" fetch origin
    "$mlv" -C "$dir" reset --hard "origin/$branch"
else
    "$mlv" clone --branch "$branch" "$url" "$dir"
fi

# 2. The pipeline: run what is out of date and commit the run (its records name the metrics).
if "$mlv" -C "$dir" status --json | grep -q '"stages_out_of_date":\[\]'; then
    echo "pipeline up to date"
else
    "$mlv" -C "$dir" run --commit -m "CI run of $branch"
fi

# 3. The gates: the checks of mlv.yaml (exit 1 when one fails), then drift against the baseline.
status=0
"$mlv" -C "$dir" check || status=$?
if [ "$status" -ne 0 ]; then
    echo "mlv check failed (exit $status): nothing pushed" >&2
    exit "$status"
fi
if [ "$drift" != off ] && "$mlv" -C "$dir" ls-tree "$baseline" >/dev/null 2>&1; then
    status=0
    "$mlv" -C "$dir" drift "$baseline" HEAD || status=$?
    if [ "$status" -gt 1 ] || { [ "$status" -eq 1 ] && [ "$drift" = gate ]; }; then
        echo "mlv drift against $baseline failed (exit $status): nothing pushed" >&2
        exit "$status"
    fi
fi

# 4. Publish the run.
if [ "${MLV_CI_PUSH:-1}" = 1 ]; then
    "$mlv" -C "$dir" push origin "$branch"
fi
