#!/usr/bin/env bash
# Executes every notebook of notebooks/ end to end; exits non-zero if a cell fails.
# Report: $PARALLAX_REPORT, or (when unset) the report of data/corpus, made here into
# build/notebook-collection and build/notebook-report.json. Ground truth: $PARALLAX_TRUTH
# (default data/corpus/truth.json). Executed notebooks go to build/notebooks/.
# usage: notebooks/run_notebooks.sh   (needs build/parallax; Debian's jupyter-nbconvert, python3-ipykernel,
#        python3-matplotlib, python3-pandas, python3-networkx)
set -euo pipefail
absolute() { if [[ $1 == /* ]]; then echo "$1"; else echo "$PWD/$1"; fi; }
# Paths given relative to where the script is called from; the notebooks run from notebooks/.
[[ -n "${PARALLAX_REPORT:-}" ]] && export PARALLAX_REPORT="$(absolute "$PARALLAX_REPORT")"
[[ -n "${PARALLAX_TRUTH:-}" ]] && export PARALLAX_TRUTH="$(absolute "$PARALLAX_TRUTH")"
cd "$(dirname "$0")/.."
root="$PWD"

if [[ -z "${PARALLAX_REPORT:-}" ]]; then
  if [[ ! -x build/parallax ]]; then
    echo "run_notebooks.sh: build/parallax is missing: build first (scripts/test.sh or scripts/demo.sh)" >&2
    exit 1
  fi
  rm -rf build/notebook-collection
  build/parallax index data/corpus --db build/notebook-collection
  build/parallax report --db build/notebook-collection --out build/notebook-report.json
  export PARALLAX_REPORT="$root/build/notebook-report.json"
fi

# A python3 kernel on Debian's python, whatever kernels the user has installed (JUPYTER_PATH comes first).
out="$root/build/notebooks"
mkdir -p "$out/jupyter/kernels/python3" "$out/matplotlib"
cat >"$out/jupyter/kernels/python3/kernel.json" <<'JSON'
{
 "argv": ["/usr/bin/python3", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
 "display_name": "Python 3 (Debian)",
 "language": "python"
}
JSON
export JUPYTER_PATH="$out/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export MPLCONFIGDIR="$out/matplotlib"
export PYDEVD_DISABLE_FILE_VALIDATION=1

status=0
for notebook in notebooks/*.ipynb; do
  echo "run_notebooks.sh: $notebook (report $PARALLAX_REPORT)" >&2
  /usr/bin/jupyter-nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
    --ExecutePreprocessor.kernel_name=python3 --output-dir "$out" "$notebook" || status=1
done
if [[ $status -ne 0 ]]; then
  echo "run_notebooks.sh: a notebook failed (see the cell error above)" >&2
fi
exit $status
