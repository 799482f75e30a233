#!/usr/bin/env bash
# Fuzzes parallax's readers of untrusted bytes with libFuzzer, under
# AddressSanitizer and UndefinedBehaviorSanitizer: the corpus readers (JSONL,
# CSV, .txt), date parsing, the stored-file envelope, the word, vector and
# binary index deserializers and the collection (manifest and files).
#
# Usage: scripts/fuzz.sh [--with-tests] [SECONDS] [FUZZER...]
#          runs each fuzzer (all by default: fuzz/NAME_fuzzer.cc) for
#          SECONDS (default 60), one after the other; --with-tests first
#          builds everything in that sanitized build and runs every ctest
#          test there (CI: the whole suite under ASan+UBSan, one build)
#        scripts/fuzz.sh --seeds-only [--parallax BIN] [--out DIR]
#          only writes the seed corpora (what the fuzz-smoke tests use)
#
# It installs clang-14 and libFuzzer when missing, builds parallax as usual
# into build/ (its `parallax` indexes the seed collections) and the fuzzers
# into build-fuzz/ (clang-14, -DPARALLAX_BUILD_FUZZERS=ON
# -DPARALLAX_SANITIZE=address). In build-fuzz/: seeds in fuzz-seeds/NAME/
# (made again each run, from data/ and small collections), the corpus each
# fuzzer grows in fuzz-corpus/NAME/ (kept between runs), and any crash, leak
# or undefined behaviour as fuzz-artifacts/NAME/crash-* (replay one with
# build-fuzz/fuzz/NAME_fuzzer FILE). Exits non-zero when a fuzzer failed.
# PARALLAX_JOBS sets the build parallelism (default: nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

# ---------------------------------------------------------------- seeds

# make_seeds PARALLAX_BINARY OUT_DIR: one folder of seed inputs per fuzzer.
make_seeds() {
  local parallax="$1" out="$2"
  local work
  work="$(mktemp -d)"
  rm -rf "$out"
  mkdir -p "$out"/{corpus_jsonl,corpus_csv,corpus_txt,dates,file_format,word_index,vector_index,binary_index,collection}

  # Corpus readers: the sample corpus, and the forms the readers take that it lacks.
  cp data/corpus/articles.jsonl "$out/corpus_jsonl/articles.jsonl"
  head -n 3 data/corpus/articles.jsonl >"$out/corpus_jsonl/three.jsonl"
  printf '\xef\xbb\xbf{"id": 7, "text": "Line one.\\n\\nLine two.", "title": null, "date": "Feb 22, 2022"}\r\n\n{"id": "x"}\n[1]\n{"id": "", "text": "t"}\n' \
    >"$out/corpus_jsonl/forms.jsonl"
  printf 'id,title,date,lang,text\n1,"Dockers, strike",2024-03-11,en,"The dockers went on strike.\n\nThey said ""no"" on Monday."\n2,Other,11.03.2024,fr,Un texte\r\n\n3,bad"quote,2024,en,"unterminated\n' \
    >"$out/corpus_csv/forms.csv"
  printf 'Text,ID,url\n"a",x1,https://www.example.com/a\n"b",x2\n"c",x1,\n' >"$out/corpus_csv/columns.csv"
  cp data/corpus/txt/*.txt "$out/corpus_txt/"
  printf 'Date 2024 : ce qui change\n\nUn titre\n' >"$out/corpus_txt/not-a-header.txt"
  printf '\xef\xbb\xbf date 2022-13 https://x.example/1\n\nTitle\n\nShare on facebook\n\xc2\xa0\n214\n' \
    >"$out/corpus_txt/odd-header.txt"

  # Dates: every form ParseDate reads, and pairs.
  local i=0 d
  for d in "2022" "2022-02" "2022-02-22" "2022-02-22T10:05" "2022-02-22 10:05:30" "2022-02-22T10:05:30.125Z" \
           "2022-02-22T10:05+01:00" "2022-02-22T23:59:59-0930" "Feb 22, 2022" "February 22, 2022" \
           "22 Feb 2022" "22 february 2022 10:05" "February 2022" "22.02.2022" "1.2.2022 07:30:15" \
           "22/02/2022" "22-02-2022" "05/05/2022" "02/03/2022" "2022-02-30" " 2024-03-11 |2024-03" \
           "2024-03-11T23:30-05:00|2024-03-12" "Mar 11, 2024|11.03.2024 10:00"; do
    printf '%s' "$d" >"$out/dates/$((i++))"
  done

  # Collections indexed with this parallax, one per kind of article index
  # (the txt one as collection_fuzzer makes its own: same inputs and model).
  local model="$root/models/default.plx"
  "$parallax" index data/corpus/txt --db "$work/txt" --model "$model" >/dev/null 2>&1
  local kind
  for kind in HNSW32 IVF4,Flat IVF4,PQ8x4 PQ8x4; do
    "$parallax" index data/corpus --db "$work/$kind" --model "$model" --index-type "$kind" --no-sentence-index >/dev/null 2>&1
  done

  # A collection's file of a role ("articles.faiss.plx"), named by the save
  # that wrote it (articles.faiss.1.plx for the first).
  stored() {
    local generation
    generation="$(grep -o '"generation": [0-9]*' "$1/manifest.json" | grep -o '[0-9]*$')"
    echo "$1/${2%.plx}.$generation.plx"
  }
  # The payload of a stored file: what follows its 32-byte header.
  payload() { tail -c +33 "$1"; }
  payload "$(stored "$work/txt" articles.faiss.plx)" >"$out/vector_index/flat"
  for kind in HNSW32 IVF4,Flat IVF4,PQ8x4 PQ8x4; do
    payload "$(stored "$work/$kind" articles.faiss.plx)" >"$out/vector_index/${kind//,/-}"
  done
  payload "$(stored "$work/txt" sentences.faiss.plx)" >"$out/binary_index/sentences"
  payload "$(stored "$work/txt" words.plx)" >"$out/word_index/txt"
  payload "$(stored "$work/HNSW32" words.plx)" >"$out/word_index/corpus"

  # file_format: a mode byte (see file_format_fuzzer.cc), then a whole file.
  local mode
  for mode in 00 01 02 16 27 f6; do
    { printf "\\x$mode"; cat "$(stored "$work/txt" articles.faiss.plx)"; } >"$out/file_format/vidx-$mode"
  done
  { printf '\x02'; head -c 32 "$(stored "$work/txt" words.plx)"; } >"$out/file_format/header-only"

  # collection: a file number and its payload (see collection_fuzzer.cc).
  local n=1 name
  for name in articles.plx articles.faiss.plx sentences.faiss.plx words.plx; do
    { printf "\\x0$n"; payload "$(stored "$work/txt" "$name")"; } >"$out/collection/$n-$name"
    { printf "\\x8$n"; cat "$(stored "$work/txt" "$name")"; } >"$out/collection/$n-$name-whole"
    n=$((n + 1))
  done
  { printf '\x00'; cat "$work/txt/manifest.json"; } >"$out/collection/0-manifest"
  rm -rf "$work"
}

if [[ "${1:-}" == "--seeds-only" ]]; then
  shift
  parallax="build/parallax"
  out="build-fuzz/fuzz-seeds"
  while (($#)); do
    case "$1" in
      --parallax) parallax="$2"; shift 2 ;;
      --out) out="$2"; shift 2 ;;
      *) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    esac
  done
  make_seeds "$parallax" "$out"
  exit 0
fi

# ---------------------------------------------------------------- fuzzing

with_tests=0
if [[ "${1:-}" == "--with-tests" ]]; then
  with_tests=1
  shift
fi
seconds=60
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  seconds="$1"
  shift
fi
fuzzers=("$@")
jobs="${PARALLAX_JOBS:-$(nproc)}"

if ! command -v clang++-14 >/dev/null || [[ ! -e /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a && \
                                              -z "$(find /usr/lib/llvm-14 -name 'libclang_rt.fuzzer-x86_64.a' 2>/dev/null)" ]]; then
  echo "fuzz: installing clang-14 and libFuzzer" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends clang-14 libclang-rt-14-dev \
    libfuzzer-14-dev >/dev/null
fi
scripts/setup.sh  # the normal build: its parallax indexes the seed collections
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARALLAX_BUILD_FUZZERS=ON \
  -DPARALLAX_SANITIZE=address -DPARALLAX_BUILD_BENCHMARKS=OFF -DPARALLAX_BUILD_PYTHON=OFF >/dev/null
if ((${#fuzzers[@]} == 0)); then
  for f in fuzz/*_fuzzer.cc; do
    f="${f##*/}"
    fuzzers+=("${f%_fuzzer.cc}")
  done
fi
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:allocator_may_return_null=1"  # bad_alloc thrown, as without ASan
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$root/tests/sanitizer/lsan.supp:print_suppressions=0"
if ((with_tests)); then
  cmake --build build-fuzz -j"$jobs"
  start=$SECONDS
  (cd build-fuzz && ctest --output-on-failure -j"$jobs")
  echo "fuzz: every test passed under ASan+UBSan in $((SECONDS - start)) s" >&2
else
  cmake --build build-fuzz -j"$jobs" --target "${fuzzers[@]/%/_fuzzer}"
fi
make_seeds build/parallax build-fuzz/fuzz-seeds

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
failed=()
for name in "${fuzzers[@]}"; do
  corpus="build-fuzz/fuzz-corpus/$name"
  artifacts="build-fuzz/fuzz-artifacts/$name"
  mkdir -p "$corpus" "$artifacts"
  echo "fuzz: $name for $seconds s" >&2
  log="build-fuzz/fuzz-artifacts/$name.log"
  if build-fuzz/fuzz/"${name}_fuzzer" -max_total_time="$seconds" -timeout=20 -print_final_stats=1 \
       -artifact_prefix="$artifacts/" "$corpus" "build-fuzz/fuzz-seeds/$name" >"$log" 2>&1; then
    echo "fuzz: $name: $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs," \
         "$(find "$corpus" -type f | wc -l) inputs in its corpus, no failure" >&2
  else
    echo "fuzz: $name FAILED; see $log and $artifacts/" >&2
    grep -m3 -E "ERROR|runtime error|fuzz check failed" "$log" >&2 || true
    failed+=("$name")
  fi
done
if ((${#failed[@]})); then
  echo "fuzz: failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#fuzzers[@]} fuzzers ran $seconds s each without a failure" >&2
