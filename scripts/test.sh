#!/usr/bin/env bash
# Installs and builds if needed, then runs every test: the C++ suites (ctest),
# the Python tests (the report's schema and page in headless Chromium, the
# evaluation scripts, the data generators, the Python module) and the notebooks, executed.
# Fails if any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
(cd build && ctest --output-on-failure -j"$(nproc)")
/usr/bin/python3 -m pytest -q tests/report scripts/eval tools/corpus
PYTHONPATH=build/python /usr/bin/python3 -m pytest -q python/tests
notebooks/run_notebooks.sh
