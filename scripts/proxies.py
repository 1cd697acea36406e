#!/usr/bin/env python3
"""The three proxies for the hidden hold-out (README, "Model card"), for training settings.

    python3 scripts/proxies.py --task stance [--bin target/release/standpoint] \
        [--setting 'NAME=OPTIONS' ...] [--per-author]

For every setting (a name and `standpoint train` model options) it prints, as a Markdown
table row, macro-F1 (and per-class F1 for (a)) of:

  (a) the written corpus only -> the 112 real seed paragraphs
      (evaluate --data data/authored/*.jsonl --test data/seed_paragraphs.jsonl);
  (b) leave-one-author-out over the written corpus, the seeds always in training
      (evaluate --data data/authored/*.jsonl --train-also seeds --cv loao --group-field author);
  (c) leave-one-article-out on the seeds, the written corpus always in training
      (evaluate --data data/seed_paragraphs.jsonl --train-also data/authored/*.jsonl --cv loao).

Without --setting, the settings compared in the README are run. --per-author adds proxy (a)
for each author's file alone (that author's paragraphs -> the seeds) under the first setting.
"""

import argparse
import glob
import json
import os
import shlex
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SEEDS = os.path.join(ROOT, "data", "seed_paragraphs.jsonl")
AUTHORED = sorted(glob.glob(os.path.join(ROOT, "data", "authored", "*.jsonl")))

LEX = "--preset small --concepts builtin"
STANCE = [
    ("seed setting (old default)", LEX),
    ("flat, α 1", f"{LEX} --alpha 1"),
    ("flat, α 1.5", f"{LEX} --alpha 1.5"),
    ("words only, two-step, α 1.5", "--preset small --alpha 1.5 --two-step NONE"),
    ("two-step, α 0.5", f"{LEX} --alpha 0.5 --two-step NONE"),
    ("two-step, α 1", f"{LEX} --alpha 1 --two-step NONE"),
    ("two-step, α 1.5 (shipped)", f"{LEX} --alpha 1.5 --two-step NONE"),
    ("two-step, α 2", f"{LEX} --alpha 2 --two-step NONE"),
    ("two-step, α 1.5, bigrams", f"{LEX} --alpha 1.5 --two-step NONE --ngram 1,2"),
]
SENTIMENT = [
    ("seed setting (old default)", LEX),
    ("no stop words, cw 4, α 1", f"{LEX} --stop-words none --concept-weight 4 --alpha 1"),
    (
        "no stop words, cw 4, α 0.5 (shipped)",
        f"{LEX} --stop-words none --concept-weight 4 --alpha 0.5",
    ),
    ("no stop words, cw 2, α 0.5", f"{LEX} --stop-words none --alpha 0.5"),
    (
        "no stop words, cw 4, α 0.5, two-step",
        f"{LEX} --stop-words none --concept-weight 4 --alpha 0.5 --two-step neutral",
    ),
]


def evaluate(binary, task, args):
    cmd = [binary, "evaluate", "--task", task, "--format", "json", *args]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"proxies: {shlex.join(cmd)} failed:\n{out.stderr}")
    return json.loads(out.stdout)


def proxies(binary, task, options):
    opts = shlex.split(options)
    a = evaluate(binary, task, ["--data", *AUTHORED, "--test", SEEDS, *opts])
    b = evaluate(
        binary,
        task,
        ["--data", *AUTHORED, "--train-also", SEEDS, "--cv", "loao", "--group-field", "author", *opts],
    )
    c = evaluate(binary, task, ["--data", SEEDS, "--train-also", *AUTHORED, "--cv", "loao", *opts])
    return a, b, c


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--task", required=True, choices=["stance", "sentiment"])
    p.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "standpoint"))
    p.add_argument("--setting", action="append", default=[], metavar="NAME=OPTIONS")
    p.add_argument("--per-author", action="store_true")
    args = p.parse_args()
    settings = [tuple(s.split("=", 1)) for s in args.setting] or (
        STANCE if args.task == "stance" else SENTIMENT
    )
    print(f"{args.task}: macro-F1 of the three proxies\n")
    print("| setting | (a) authored → seeds | (a) per class | (b) leave-one-author-out | (c) seeds loao | options |")
    print("|---|---|---|---|---|---|")
    for name, options in settings:
        a, b, c = proxies(args.bin, args.task, options)
        per_class = " / ".join(f"{k} {v['f1']:.2f}" for k, v in a["per_class"].items())
        print(
            f"| {name} | {a['macro_f1']:.3f} | {per_class} | {b['macro_f1']:.3f} "
            f"| {c['macro_f1']:.3f} | `{options}` |",
            flush=True,
        )
    if args.per_author:
        options = shlex.split(settings[0][1])
        print(f"\n(a) per author under `{settings[0][1]}`\n")
        print("| author file | paragraphs | (a) that file → seeds |")
        print("|---|---|---|")
        for f in AUTHORED:
            n = sum(1 for line in open(f, encoding="utf-8") if line.strip())
            a = evaluate(args.bin, args.task, ["--data", f, "--test", SEEDS, *options])
            print(f"| {os.path.basename(f)} | {n} | {a['macro_f1']:.3f} |", flush=True)


if __name__ == "__main__":
    main()
