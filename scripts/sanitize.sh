#!/usr/bin/env bash
# Builds parallax with AddressSanitizer and UndefinedBehaviorSanitizer into
# build-asan/ (RelWithDebInfo) and runs every ctest test under them. The first
# error stops the process that hit it (halt_on_error=1), so a test with a
# memory error, undefined behaviour or a leak fails. Leaks inside FAISS,
# OpenBLAS and libgomp themselves are suppressed by tests/sanitizer/lsan.supp
# (each with its reason); a leak in parallax's own code is never suppressed.
#
# Usage: scripts/sanitize.sh [--thread] [CTEST_ARGS...]
#   --thread     ThreadSanitizer instead, into build-tsan/ (libgomp is not
#                instrumented, so OpenMP regions can report false races)
#   CTEST_ARGS   passed to ctest, e.g. -R VectorIndex or -L fuzz-smoke
# PARALLAX_JOBS sets the build and test parallelism (default: nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

mode=address
dir=build-asan
if [[ "${1:-}" == "--thread" ]]; then
  mode=thread
  dir=build-tsan
  shift
fi
jobs="${PARALLAX_JOBS:-$(nproc)}"

scripts/setup.sh --deps-only
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARALLAX_SANITIZE="$mode" \
      -DPARALLAX_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$dir" -j"$jobs"

export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$root/tests/sanitizer/lsan.supp:print_suppressions=0"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
cd "$dir"
start=$SECONDS
status=0
ctest --output-on-failure -j"$jobs" "$@" || status=$?
echo "sanitize: ctest under $mode took $((SECONDS - start)) s"
exit "$status"
