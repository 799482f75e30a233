"""What the evaluation scripts share: where the repository is, their common
flags, and how the dev TSV files are read (no quoting: quote characters are
literal, see ../shared/eval/README.md)."""
import argparse
import csv
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def argument_parser(doc, parallax=True, eval_dir=True):
    """A parser showing the script's docstring, with --parallax and --eval-dir."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    if parallax:
        parser.add_argument("--parallax", default=os.path.join(ROOT, "build", "parallax"))
    if eval_dir:
        parser.add_argument("--eval-dir", default=os.path.join(ROOT, "..", "shared", "eval"))
    return parser


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
