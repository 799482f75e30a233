#!/usr/bin/env bash
# The main job on the sample corpus: installs and builds if needed, indexes
# data/corpus into a fresh collection, prints the related pairs it found and
# the largest stories, and writes the similarity report (HTML, and the JSON
# the notebooks read).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
db="${PARALLAX_DEMO_DB:-build/demo-collection}"
rm -rf "$db"
build/parallax index data/corpus --db "$db"
build/parallax pairs --db "$db"
echo
echo "The three largest stories:"
build/parallax stories --db "$db" | awk 'BEGIN { RS = ""; ORS = "\n\n" } NR <= 3'
build/parallax report --db "$db" --out build/demo-report.json
build/parallax report --db "$db" --out build/demo-report.html
echo "Report: $PWD/build/demo-report.html (open it in a browser; it loads nothing from the network)"
