#!/usr/bin/env bash
# The main job on the sample corpus: installs and builds if needed, indexes
# data/corpus into a fresh collection and prints the related pairs it found.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
db="${PARALLAX_DEMO_DB:-build/demo-collection}"
rm -rf "$db"
build/parallax index data/corpus --db "$db"
build/parallax pairs --db "$db"
