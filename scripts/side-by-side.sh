#!/usr/bin/env bash
# Reproduces the README's performance tables: builds standpoint, makes the 10 MB and 100 MB
# corpora and the 20k-paragraph timing set with ../shared/peers/corpus/make_corpus.py,
# trains the scikit-learn (and, when installed, fastText) peer on the seed labels, then
# times standpoint, the peers and `wc -w` side by side, alternating, in one run.
#
#   scripts/side-by-side.sh [--rounds N] [--skip-training]
#   BASE=REV scripts/side-by-side.sh [--guard-only]
#
# The models guard, run after every change to models/: with BASE set (a git revision), the
# built-in models at REV (`git show REV:models/…`) and the current ones score the 10 MB
# corpus with the same binary (`score --model-dir`), alternating, so the ratio is the cost
# of the models alone, not of code changes; above 1.5× it says so loudly (the README must
# then say what the change bought in accuracy). --guard-only runs just that: no peers, no
# virtualenv (make_corpus.py needs only python3). The growth table (1, 10, 100 MB; 1 GB too
# with GROWTH_1GB=1, about 1 GB of disk) runs in every full run; --growth-only stops there.
#
# With the Python package installed in target/python-venv (scripts/python-tests.sh makes
# it; PYPKG names another python), it also times Scorer.score and standpoint.spark.
#
# PY is the peers' python (default /tmp/peers-venv/bin/python, made with the peers'
# requirements if missing; set FASTTEXT=1 to also install fastText there). Output goes to
# stdout and target/bench/side-by-side.md; the corpora stay in target/bench/ for the
# criterion benchmarks (`cargo bench --bench scoring`).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
PEERS=$SHARED/peers
PY=${PY:-/tmp/peers-venv/bin/python}
BENCH=target/bench
export OPENBLAS_NUM_THREADS=1 # the peers' advice: one BLAS thread on two cores

GUARD_ONLY=0 GROWTH_ONLY=0
for arg in "$@"; do
  [ "$arg" = --guard-only ] && GUARD_ONLY=1
  [ "$arg" = --growth-only ] && GROWTH_ONLY=1
done
[ -d "$PEERS" ] || { echo "side-by-side: $PEERS is missing (set SHARED)" >&2; exit 1; }
if [ "$GUARD_ONLY" = 1 ] && [ -z "${BASE:-}" ]; then
  echo "side-by-side: --guard-only needs BASE=REV" >&2
  exit 1
fi
if [ "$GUARD_ONLY" = 1 ] || [ "$GROWTH_ONLY" = 1 ]; then
  [ -x "$PY" ] || PY=python3
elif [ ! -x "$PY" ]; then
  echo "side-by-side: creating the peers' virtualenv at $(dirname "$(dirname "$PY")")" >&2
  python3 -m venv "$(dirname "$(dirname "$PY")")"
  "$PY" -m pip install --quiet -r "$PEERS/requirements.txt"
  if [ "${FASTTEXT:-0}" = 1 ]; then "$PY" -m pip install --quiet fasttext==0.9.3; fi
fi

cargo build --release --quiet
mkdir -p "$BENCH"
corpus() { # corpus FILE ARGS...: runs make_corpus.py once
  local file=$1; shift
  [ -s "$file" ] || (cd "$PEERS/corpus" && "$PY" make_corpus.py "$@" --out "$OLDPWD/$file" >&2)
}
corpus "$BENCH/articles_10mb.jsonl" articles --size 10MB

GUARD=()
if [ -n "${BASE:-}" ]; then
  rev=$(git rev-parse --short "$BASE^{commit}")
  dir="$BENCH/models-$rev"
  mkdir -p "$dir"
  for task in stance sentiment; do
    git show "$rev:models/$task.json" >"$dir/$task.json.tmp"
    mv "$dir/$task.json.tmp" "$dir/$task.json"
  done
  GUARD=(--base-models "$dir" --base-name "$rev")
fi
if [ "$GUARD_ONLY" = 1 ]; then
  exec "$PY" scripts/side_by_side.py --bench "$BENCH" --py "$PY" --peers "$PEERS" "${GUARD[@]}" "$@"
fi

corpus "$BENCH/articles_1mb.jsonl" articles --size 1MB
corpus "$BENCH/articles_100mb.jsonl" articles --size 100MB
if [ "${GROWTH_1GB:-0}" = 1 ]; then corpus "$BENCH/articles_1gb.jsonl" articles --size 1GB; fi
if [ "$GROWTH_ONLY" = 1 ]; then
  exec "$PY" scripts/side_by_side.py --bench "$BENCH" --py "$PY" --peers "$PEERS" "${GUARD[@]}" "$@"
fi
corpus "$BENCH/labels_pool20k.jsonl" labels --from-pool 20000

# The peers learn the same stance labels as the built-in stance model.
"$PY" "$PEERS/sk_pipeline.py" train --data data/seed_paragraphs.jsonl --label-field stance \
  --model "$BENCH/sk_seeds.pkl" >/dev/null
FT=()
if "$PY" -c 'import fasttext' 2>/dev/null; then
  "$PY" -c '
import json, sys
with open(sys.argv[2], "w") as out:
    for line in open(sys.argv[1]):
        r = json.loads(line)
        out.write(json.dumps({"text": r["text"], "label": r["stance"]}) + "\n")
' data/seed_paragraphs.jsonl "$BENCH/seeds_stance.jsonl"
  "$PY" "$PEERS/ft_pipeline.py" train --data "$BENCH/seeds_stance.jsonl" --model "$BENCH/ft_seeds.bin" >/dev/null
  FT=(--fasttext)
else
  echo "side-by-side: fastText is not installed in $PY; its rows are left out" >&2
fi

# The fastText C++ command line (`apt-get install fasttext`) over the 10 MB corpus's
# paragraphs, pre-split one per line and prepared as the peer's `--prep raw` does (lower-cased,
# tabs and newlines to spaces), with one model trained the same way on the seed labels: the
# bare C++ inference, without JSON, segmentation or a second model.
if command -v fasttext >/dev/null && [ ${#FT[@]} -gt 0 ]; then
  "$PY" "$PEERS/ft_pipeline.py" train --prep raw --data "$BENCH/seeds_stance.jsonl" \
    --model "$BENCH/ft_seeds_raw.bin" >/dev/null
  [ -s "$BENCH/paragraphs_10mb.txt" ] || "$PY" -c '
import json, sys
sys.path.insert(0, sys.argv[3])
import textprep
with open(sys.argv[2] + ".tmp", "w", encoding="utf-8") as out:
    for art in textprep.read_jsonl(sys.argv[1]):
        for p in textprep.split_paragraphs(art.get("text", ""), "lines"):
            out.write(p.lower().replace("\t", " ") + "\n")
' "$BENCH/articles_10mb.jsonl" "$BENCH/paragraphs_10mb.txt" "$PEERS"
  [ -s "$BENCH/paragraphs_10mb.txt.tmp" ] && mv "$BENCH/paragraphs_10mb.txt.tmp" "$BENCH/paragraphs_10mb.txt"
  FT+=(--fasttext-cli "$(command -v fasttext)")
else
  echo "side-by-side: no fasttext command line (apt-get install fasttext) or no fastText peer; its row is left out" >&2
fi

# The Python package's rows, when scripts/python-tests.sh has made its venv.
PYPKG=${PYPKG:-target/python-venv/bin/python}
PYARGS=()
if [ -x "$PYPKG" ] && "$PYPKG" -c 'import standpoint, pyspark' 2>/dev/null; then
  PYARGS=(--python "$PYPKG")
else
  echo "side-by-side: no standpoint package in $PYPKG (run scripts/python-tests.sh); its rows are left out" >&2
fi

"$PY" scripts/side_by_side.py --bench "$BENCH" --py "$PY" --peers "$PEERS" "${GUARD[@]}" "${FT[@]}" "${PYARGS[@]}" "$@"
