#!/bin/sh
# mlv benchmark entry point: `make bench` runs `MLV=/path/to/mlv sh Benchmarks/run.sh`.
# Installs the peers when absent (git-lfs and GNU time from Debian, dvc from PyPI), then hands all
# options to Benchmarks/bench.py. Options: see docs/PERFORMANCE.md or `sh Benchmarks/run.sh --help`.
# Set BENCH_NO_INSTALL=1 to never install anything.
set -u

here=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-python3}

say() { echo "[run.sh] $*" >&2; }

if ! command -v "$PYTHON" >/dev/null 2>&1; then
    say "python3 not found; the harness needs Python 3.11 with numpy"
    exit 1
fi

want_tool() { # want_tool NAME: is NAME selected by --tools (default: all)?
    tools="mlv,git,git-lfs,dvc"
    prev=""
    for a in $ARGS; do
        case "$prev" in --tools) tools=$a ;; esac
        case "$a" in --tools=*) tools=${a#--tools=} ;; esac
        prev=$a
    done
    case ",$tools," in *",$1,"*) return 0 ;; *) return 1 ;; esac
}
ARGS="$*"

case " $ARGS " in
    *" --help "*|*" -h "*|*" --gen-only "*) BENCH_NO_INSTALL=1 ;;
esac

apt_updated=""
apt_install() {
    if ! command -v apt-get >/dev/null 2>&1; then
        say "apt-get not available; cannot install $*"
        return 1
    fi
    if [ -z "$apt_updated" ]; then
        apt-get update -qq >&2 || say "apt-get update failed"
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

if [ "${BENCH_NO_INSTALL:-0}" != 1 ]; then
    if ! "$PYTHON" -c 'import numpy' >/dev/null 2>&1; then
        say "installing numpy (PyPI)"
        "$PYTHON" -m pip install -q numpy >&2 || say "numpy install failed"
    fi
    if [ ! -x /usr/bin/time ]; then
        say "installing GNU time (Debian package 'time') for peak memory"
        apt_install time || say "could not install GNU time; peak RSS will not be measured"
    fi
    if want_tool git && ! command -v git >/dev/null 2>&1; then
        say "installing git (Debian)"
        apt_install git || say "could not install git"
    fi
    if want_tool git-lfs && ! git lfs version >/dev/null 2>&1; then
        say "installing git-lfs (Debian)"
        apt_install git-lfs || say "could not install git-lfs; it will be reported as skipped"
    fi
    if want_tool dvc && ! command -v dvc >/dev/null 2>&1 && \
        ! [ -x "$("$PYTHON" -c 'import sys, os; print(os.path.join(os.path.dirname(sys.executable), "dvc"))')" ]; then
        say "installing dvc (PyPI)"
        "$PYTHON" -m pip install -q dvc >&2 || say "could not install dvc; it will be reported as skipped"
    fi
fi

if [ -z "${MLV:-}" ]; then
    say "MLV is not set: mlv will be skipped (use MLV=/path/to/mlv sh Benchmarks/run.sh)"
elif [ ! -x "$MLV" ]; then
    say "MLV=$MLV is not executable: mlv will be skipped"
fi

BENCH_COMMAND="${MLV:+MLV=$MLV }sh Benchmarks/run.sh${ARGS:+ $ARGS}"
export BENCH_COMMAND
exec "$PYTHON" "$here/bench.py" "$@"
