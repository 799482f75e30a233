#!/usr/bin/env bash
# Installs what parallax needs on Debian 12 (only packages that are missing)
# and builds it (CMake, Release) into build/. Run as root or with sudo.
# With --tests, also what the tests need: a browser for the report page,
# Jupyter for the notebooks, pytest and jsonschema. With --deps-only, installs
# the build's packages and builds nothing (scripts/sanitize.sh, scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config
  libfaiss-dev libopenblas-dev            # FAISS; OpenBLAS makes its batched search fast
  libsentencepiece-dev sentencepiece      # tokenizer
  libeigen3-dev                           # dense vectors
  libboost-program-options-dev            # command line
  nlohmann-json3-dev                      # JSON in and out
  libhowardhinnant-date-dev               # reading article dates (header-only)
  libkainjow-mustache-dev                 # the report page's template
  mythes-en-us mythes-fr                  # English and French thesauri: synonyms for word_similarity
  dict-freedict-fra-eng dict-freedict-eng-fra dict-freedict-deu-eng   # FreeDict bilingual dictionaries:
  dict-freedict-eng-deu dict-freedict-spa-eng dict-freedict-eng-spa   # the lexicon translation detection starts from
  libgtest-dev libgmock-dev googletest libbenchmark-dev   # tests and benchmarks
  python3 python3-scipy python3-sklearn   # evaluation scripts (Debian's /usr/bin/python3)
  pybind11-dev python3-dev python3-numpy  # the Python module (import parallax), built when pybind11 is found
  python3-distributed python3-dask        # parallax_dask: the pipeline on a Dask cluster
)
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(
    python3-pytest python3-jsonschema                        # Python tests, the report's schema
    time                                                     # GNU time: peak memory in the limits tests
    chromium chromium-driver python3-selenium                # the report page in a real browser
    jupyter-nbconvert python3-ipykernel python3-nbformat     # the notebooks, executed
    python3-matplotlib python3-pandas python3-networkx
  )
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[[ "${1:-}" == "--deps-only" ]] && exit 0
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
