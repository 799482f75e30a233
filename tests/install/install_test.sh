#!/usr/bin/env bash
# cmake --install into a temporary prefix, then: the installed binary finds
# its model there, a program builds against find_package(parallax), and
# pkg-config describes the same libraries. Usage: install_test.sh BUILD_DIR
set -euo pipefail
build="$(cd "$1" && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"

cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/parallax share/parallax/default.plx include/parallax/match.h lib/cmake/parallax/parallaxConfig.cmake \
         lib/pkgconfig/parallax.pc; do
  [[ -e "$prefix/$f" ]] || { echo "FAIL: $f was not installed"; exit 1; }
done

# The installed binary uses the installed model (no source path is baked in).
printf 'Dockers strike\n\nThe dockers went on strike on Monday against automation.\n' >"$tmp/a.txt"
printf 'Dockers walk out\n\nOn Monday the dockers went on strike against automation.\n' >"$tmp/b.txt"
(cd "$tmp" && env -u PARALLAX_MODEL "$prefix/bin/parallax" compare a.txt b.txt --json) >"$tmp/compare.json"
grep -q '"relation"' "$tmp/compare.json" || { echo "FAIL: installed parallax compare"; cat "$tmp/compare.json"; exit 1; }

# The Python module, when it was built: installed on Debian's sys.path for
# the prefix, it imports and finds the installed model.
if compgen -G "$build/python/parallax*.so" >/dev/null; then
  module="$(find "$prefix/lib" -name 'parallax*.so' -path '*-packages/*' | head -n 1)"
  [[ -n "$module" ]] || { echo "FAIL: the Python module was not installed"; exit 1; }
  (cd "$tmp" && env -u PARALLAX_MODEL PYTHONPATH="$(dirname "$module")" /usr/bin/python3 -c '
import parallax, pathlib, sys
model = parallax.default_model_path()
assert model.resolve() == pathlib.Path(sys.argv[1]).resolve(), model
assert parallax.compare(pathlib.Path("a.txt"), pathlib.Path("b.txt"))["relation"]
' "$prefix/share/parallax/default.plx") || { echo "FAIL: installed Python module"; exit 1; }
fi

# find_package(parallax) from another project.
cmake -S "$here/consumer" -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$tmp/consumer" -j2 >/dev/null
read -r same other < <("$tmp/consumer/consumer")
awk -v s="$same" -v o="$other" 'BEGIN { exit !(s > 0.5 && o < 0.2) }' ||
  { echo "FAIL: consumer similarities $same (same story) and $other (other story)"; exit 1; }

# pkg-config names the headers and the libraries.
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
[[ "$(realpath "$(pkg-config --variable=includedir parallax)")" == "$(realpath "$prefix/include")" ]] ||
  { echo "FAIL: pkg-config includedir $(pkg-config --variable=includedir parallax)"; exit 1; }
pkg-config --libs parallax | grep -q -- "-lparallax_report" || { echo "FAIL: pkg-config --libs"; exit 1; }
g++ -std=c++20 -O1 "$here/consumer/main.cc" -DMODEL="\"$prefix/share/parallax/default.plx\"" \
    $(pkg-config --cflags --libs parallax) -o "$tmp/consumer-pc"
"$tmp/consumer-pc" >/dev/null || { echo "FAIL: program built with pkg-config"; exit 1; }
echo "install: binary, model, headers, Python module, find_package(parallax) and pkg-config all work"
