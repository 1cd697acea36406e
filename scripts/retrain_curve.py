#!/usr/bin/env python3
"""Retraining curves: does a user's own labelling count? (README, "Model card").

    python3 scripts/retrain_curve.py --task stance [--bin target/release/standpoint] \
        [--sizes 0,25,50,100,200] [--weights 1,3,10] [--draws 2] [--options '...'] \
        [--only author|real]

Two proxies, both with the shipped models' settings (--options; the default is the shipped
stance setting):

* **Unseen author.** For each author of data/authored/: base = the seeds and every other
  author, extra = the first N paragraphs of that author's articles in a shuffled article
  order (whole articles, cut at N), test = the author's remaining articles. For each N, the
  macro-F1 on the test part of: the base model (N = 0), base + extra with each
  --extra-weight, and the extra labels alone. Averaged over authors (and --draws shuffles).
* **Real text.** base = the written corpus, extra = N paragraphs of six seed articles,
  test = the seventh, for each of the seven seed articles in turn (predictions pooled).

Prints Markdown tables. Every run is `standpoint evaluate --test` on temporary label files.
"""

import argparse
import glob
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile
from collections import defaultdict

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SEEDS = os.path.join(ROOT, "data", "seed_paragraphs.jsonl")
AUTHORED = sorted(glob.glob(os.path.join(ROOT, "data", "authored", "*.jsonl")))
SHIPPED = "--preset small --concepts builtin --alpha 1.5 --two-step NONE"


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write(dir, name, rows):
    path = os.path.join(dir, name)
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def predictions(binary, task, data, test, options, extra=None, weight=None):
    """(gold, predicted) for every paragraph of `test`, trained on `data` (+ `extra`)."""
    pred = test + ".pred"
    cmd = [binary, "evaluate", "--task", task, "--format", "json", "--data", *data]
    if extra:
        cmd += ["--extra", extra, "--extra-weight", str(weight)]
    cmd += ["--test", test, "--predictions-out", pred, *options]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"retrain_curve: {shlex.join(cmd)} failed:\n{out.stderr}")
    return [(r["label"], r["predicted"]) for r in read(pred)]


def macro_f1(pairs):
    """Macro-F1 over the gold classes of pooled (gold, predicted) pairs."""
    f1s = []
    for c in sorted({g for g, _ in pairs}):
        tp = sum(1 for g, p in pairs if g == c and p == c)
        fp = sum(1 for g, p in pairs if g != c and p == c)
        fn = sum(1 for g, p in pairs if g == c and p != c)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def by_article(rows):
    arts = defaultdict(list)
    for r in rows:
        arts[r["article"]].append(r)
    return arts


def cut(arts, order, n):
    """The first n paragraphs of the articles in `order` (whole articles, the last one cut)
    and the articles not touched."""
    extra, rest = [], []
    for a in order:
        if len(extra) < n:
            take = arts[a][: n - len(extra)]
            extra += take
            if len(take) < len(arts[a]):
                # A cut article is neither extra nor test.
                continue
        else:
            rest += arts[a]
    return extra, rest


def grow(binary, task, options, sizes, weights, base_files, arts, order, test, tmp, results):
    """Adds to `results` the (gold, predicted) pairs on `test` of each model at each size:
    the base (size 0), base + the first n paragraphs of `arts` in `order` with each extra
    weight, and those paragraphs alone (when they hold every class)."""
    for n in sizes:
        if n == 0:
            results[("shipped", 0)] += predictions(binary, task, base_files, test, options)
            continue
        extra_rows, _ = cut(arts, order, n)
        extra = write(tmp, "extra.jsonl", extra_rows)
        for w in weights:
            results[(f"w{w}", n)] += predictions(
                binary, task, base_files, test, options, extra, w
            )
        if len({r[task] for r in extra_rows}) >= 3:
            results[("alone", n)] += predictions(binary, task, [extra], test, options)


def table(title, results, sizes, weights):
    print(f"\n{title}\n")
    print("| model | " + " | ".join(f"{n} extra" for n in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    rows = [("shipped model (no extra labels)", "shipped")]
    rows += [(f"retrained, --extra-weight {w}", f"w{w}") for w in weights]
    rows += [("extra labels alone", "alone")]
    for name, key in rows:
        cells = []
        for n in sizes:
            k = ("shipped", 0) if key == "shipped" else (key, n)
            v = results.get(k)
            cells.append(f"{macro_f1(v):.3f}" if v else "—")
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--task", required=True, choices=["stance", "sentiment"])
    p.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "standpoint"))
    p.add_argument("--sizes", default="0,25,50,100,200")
    p.add_argument("--weights", default="1,3,10")
    p.add_argument("--draws", type=int, default=1)
    p.add_argument("--options", default=SHIPPED)
    p.add_argument("--only", choices=["author", "real"], help="run one of the two proxies")
    args = p.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    weights = [w for w in args.weights.split(",")]
    options = shlex.split(args.options)
    print(f"{args.task}, settings `{args.options}`; macro-F1 on the held-out part")
    with tempfile.TemporaryDirectory() as tmp:
        run = lambda base, arts, order, test, results, sizes: grow(
            args.bin, args.task, options, sizes, weights, base, arts, order, test, tmp, results
        )
        pooled = defaultdict(list)
        for f in AUTHORED if args.only != "real" else []:
            author = os.path.basename(f)[: -len(".jsonl")]
            base = [SEEDS] + [g for g in AUTHORED if g != f]
            arts = by_article(read(f))
            for d in range(args.draws):
                order = sorted(arts)
                random.Random(f"{author}-{d}").shuffle(order)
                _, test_rows = cut(arts, order, max(sizes))
                test = write(tmp, "test.jsonl", test_rows)
                run(base, arts, order, test, pooled, sizes)
        if args.only != "real":
            table(f"Unseen author (each of the {len(AUTHORED)} authors in turn, "
                  f"{args.draws} draw(s) each)", pooled, sizes, weights)
        if args.only == "author":
            return
        seeds = by_article(read(SEEDS))
        real_sizes = [n for n in sizes if n <= 100]
        pooled = defaultdict(list)
        for held in sorted(seeds):
            test = write(tmp, "test.jsonl", seeds[held])
            others = {a: r for a, r in seeds.items() if a != held}
            order = sorted(others)
            random.Random(held).shuffle(order)
            run(AUTHORED, others, order, test, pooled, real_sizes)
        table("Real text (base = the written corpus; extra = paragraphs of six seed articles, "
              "test = the seventh, each in turn)", pooled, real_sizes, weights)


if __name__ == "__main__":
    main()
