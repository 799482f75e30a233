#!/usr/bin/env bash
# Installs and builds if needed, then runs every test: the C++ suites (ctest)
# and the Python tests of the data generators. Fails if any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
(cd build && ctest --output-on-failure -j"$(nproc)")
/usr/bin/python3 -m unittest discover -s tools/corpus -p 'test_*.py'
