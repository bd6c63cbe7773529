SWIFT ?= swift
PREFIX ?= /usr/local
BUILD_FLAGS ?=

.PHONY: build release install test demo bench bench-compute bench-remote bench-drift bench-plot bench-web bench-packs lint format deps

deps:
	@test -f /usr/include/zlib.h -a -f /usr/include/libdeflate.h -a -f /usr/include/isa-l/igzip_lib.h || (apt-get update -qq && apt-get install -y -qq zlib1g-dev libdeflate-dev libisal-dev)

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

# Static Swift runtime: the installed binary runs on machines without a Swift toolchain, and
# starts in about half the time (no dynamic relocation of the runtime libraries).
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product mlv $(BUILD_FLAGS)

install: release
	install -d $(PREFIX)/bin
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/mlv" $(PREFIX)/bin/mlv

test: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build $(BUILD_FLAGS)

demo: release
	MLV="$$($(SWIFT) build -c release --show-bin-path)/mlv" sh scripts/demo.sh

bench: release bench-compute bench-remote bench-drift bench-plot bench-web bench-packs
	MLV="$$($(SWIFT) build -c release --show-bin-path)/mlv" sh Benchmarks/run.sh
	MLV="$$($(SWIFT) build -c release --show-bin-path)/mlv" python3 Benchmarks/git/git_bench.py

# The compute core: SGEMM and MLP training next to numpy ("Compute core"), then a pipeline run,
# its repro and the learners' accuracy next to scikit-learn's ("Pipelines"), in docs/PERFORMANCE.md.
bench-compute: release
	$(SWIFT) build -c release --product mlv-compute-bench $(BUILD_FLAGS)
	MLV_COMPUTE_BENCH="$$($(SWIFT) build -c release --show-bin-path)/mlv-compute-bench" python3 Benchmarks/compute/compute.py
	MLV="$$($(SWIFT) build -c release --show-bin-path)/mlv" python3 Benchmarks/compute/pipeline.py

# Remotes: push and clone of 256 MiB over loopback to `mlv serve`, and 10 concurrent clones
# ("Remotes" in docs/PERFORMANCE.md); REMOTE_BENCH_FLAGS="--size 1024" for 1 GiB.
bench-remote: release
	MLV="$$($(SWIFT) build -c release --show-bin-path)/mlv" python3 Benchmarks/remote/remote.py $(REMOTE_BENCH_FLAGS)

# `mlv drift` on two 2,000,000-row CSV versions (~200 MB each): time and peak memory ("Drift").
bench-drift: release
	MLV="$$($(SWIFT) build -c release --show-bin-path)/mlv" python3 Benchmarks/drift/drift_bench.py

# `mlv plot` over 1,000 run commits: SVG, HTML and JSON ("Plots" in docs/PERFORMANCE.md).
bench-plot: release
	MLV="$$($(SWIFT) build -c release --show-bin-path)/mlv" python3 Benchmarks/plot/plot.py

# The web UI: every page of `mlv serve` on a repository of 1,000 commits ("Web UI" in
# docs/PERFORMANCE.md).
bench-web: release
	MLV="$$($(SWIFT) build -c release --show-bin-path)/mlv" python3 Benchmarks/web/web_bench.py

# Reading a long history with and without rolling small packs together ("Pack consolidation").
bench-packs: release
	MLV="$$($(SWIFT) build -c release --show-bin-path)/mlv" python3 Benchmarks/packs/consolidation.py

lint:
	$(SWIFT) format lint --strict -r Sources Tests Examples Benchmarks/ComputeBench

format:
	$(SWIFT) format -i -r Sources Tests Examples Benchmarks/ComputeBench
