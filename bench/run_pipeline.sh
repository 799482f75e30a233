#!/usr/bin/env bash
# Builds pipeline_bench (Release) if needed, then runs it under GNU time.
#
#   bench/run_pipeline.sh [ARTICLES] [more pipeline_bench flags...]
#   bench/run_pipeline.sh 100000 --threads 2 --index-type HNSW32
#
# ARTICLES defaults to 100000. BUILD_DIR (default: build-bench at the
# repository root) chooses the build folder. The report is printed and also
# written to $BUILD_DIR/pipeline_<ARTICLES>.log, GNU time's figures to
# $BUILD_DIR/pipeline_<ARTICLES>.time.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build-bench}"
articles="${1:-100000}"
if [[ $# -gt 0 ]]; then shift; fi

# GNU time gives the peak RSS of the whole run (the index process and the
# pairs child) as the kernel sees it, to check the benchmark's own figures.
if [[ ! -x /usr/bin/time ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "run_pipeline.sh: /usr/bin/time (GNU time) is missing; installing it with apt-get install time" >&2
    apt-get install -y time >/dev/null
  else
    echo "run_pipeline.sh: /usr/bin/time (GNU time) is missing; install it with 'sudo apt-get install time'." >&2
    echo "run_pipeline.sh: running without it (the benchmark still reports its own memory figures)." >&2
  fi
fi

# Configure once, then let the build tool decide what is out of date.
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt")"
if [[ "$build_type" != "Release" ]]; then
  echo "run_pipeline.sh: $build is a '$build_type' build; timings need Release (set BUILD_DIR to another folder)" >&2
  exit 1
fi
if ! cmake --build "$build" --target pipeline_bench -j"$(nproc)" >"$build/pipeline_build.log" 2>&1; then
  cat "$build/pipeline_build.log" >&2
  echo "run_pipeline.sh: the build failed (log above)" >&2
  exit 1
fi

# The engine under test: timings belong to a commit (and to uncommitted edits).
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  dirty="$(git -C "$root" status --porcelain --untracked-files=no -- engine | wc -l)"
  echo "run_pipeline.sh: engine at $(git -C "$root" rev-parse --short HEAD)$([[ $dirty -gt 0 ]] && echo " + $dirty uncommitted engine file(s)")" >&2
fi

log="$build/pipeline_${articles}.log"
timing="$build/pipeline_${articles}.time"
echo "run_pipeline.sh: $build/pipeline_bench --articles $articles $* (report also in $log)" >&2
if [[ -x /usr/bin/time ]]; then
  /usr/bin/time -v -o "$timing" "$build/pipeline_bench" --articles "$articles" "$@" | tee "$log"
  echo
  echo "GNU time (whole run, both processes):"
  grep -E "Elapsed \(wall clock\)|Maximum resident set size|User time|System time|Percent of CPU" "$timing" | sed 's/^\s*/  /'
else
  "$build/pipeline_bench" --articles "$articles" "$@" | tee "$log"
fi
