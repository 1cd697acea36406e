#!/usr/bin/env python3
"""Cross-validate the scikit-learn peer (../shared/peers/sk_pipeline.py) on the exact folds
standpoint used, so both are measured on the same examples and the same splits.

    standpoint evaluate --cv 10 --seed 0 ... --folds-out /tmp/folds.jsonl
    python scripts/peer_cv.py --folds /tmp/folds.jsonl [peer options, e.g. --C 10 --ngram 1,2]

The folds file has one {"fold","label","text",...} per example; "fold": null marks an
example that only trains (the training part of `--cv holdout:GROUP`); "mirror": [A, B]
marks an example whose label standpoint mirrored (`--polarity-field`), and the peer
mirrors it the same way. Peer options are
sk_pipeline.py's model options (--ngram, --stop-words, --C, --class-weight, --min-df,
--sublinear-tf/--no-sublinear-tf, ...) with its defaults. Prints one JSON object:
accuracy, macro_f1, log_loss (over the pooled out-of-fold predictions), n, folds, seconds.
Run it with the peer's virtualenv (see ../shared/peers/README.md).
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_peers = os.path.join(here, "..", "..", "shared", "peers")
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--peers", default=default_peers)
    known, _ = pre.parse_known_args()
    sys.path.insert(0, known.peers)
    import numpy as np
    import sk_pipeline  # noqa: E402  (the peer, unmodified)
    from sklearn.metrics import accuracy_score, f1_score, log_loss

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--peers", default=default_peers, help="folder of sk_pipeline.py")
    ap.add_argument("--folds", required=True, help="JSONL written by standpoint evaluate --folds-out")
    sk_pipeline.add_model_args(ap)
    a = ap.parse_args()

    rows = [json.loads(line) for line in open(a.folds, encoding="utf-8") if line.strip()]
    texts = [r["text"] for r in rows]
    labels = np.array([str(r["label"]) for r in rows])
    folds = np.array([-1 if r["fold"] is None else int(r["fold"]) for r in rows])
    classes = sorted(set(labels))
    # A row with "mirror": [A, B] (standpoint's --polarity-field) trains on its label with
    # A and B swapped, and its predicted A and B probabilities are swapped back.
    mirrors = [r.get("mirror") for r in rows]

    def mirrored(label, m):
        return {m[0]: m[1], m[1]: m[0]}.get(label, label) if m else label

    trained = np.array([mirrored(l, m) for l, m in zip(labels, mirrors)])
    probs = np.zeros((len(rows), len(classes)))
    t0 = time.perf_counter()
    for f in sorted(set(folds) - {-1}):
        tr, te = np.where(folds != f)[0], np.where(folds == f)[0]
        pipe = sk_pipeline.make_pipeline(a)
        pipe.fit([texts[i] for i in tr], trained[tr])
        p = pipe.predict_proba([texts[i] for i in te])
        for j, c in enumerate(pipe.classes_):
            for row, i in enumerate(te):
                probs[i, classes.index(mirrored(str(c), mirrors[i]))] = p[row, j]
    seconds = time.perf_counter() - t0
    held = folds >= 0
    pred = np.array(classes)[probs[held].argmax(axis=1)]
    print(json.dumps({
        "n": int(held.sum()),
        "folds": len(set(folds) - {-1}),
        "accuracy": accuracy_score(labels[held], pred),
        "macro_f1": f1_score(labels[held], pred, average="macro"),
        "log_loss": log_loss(labels[held], probs[held], labels=classes),
        "seconds": round(seconds, 2),
    }))


if __name__ == "__main__":
    main()
