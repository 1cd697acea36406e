#!/usr/bin/env bash
# Training as labels grow (issue 17, point 5): fit time and peak memory of `standpoint train`
# against the scikit-learn peer (`../shared/peers/sk_pipeline.py train`) on the same settings,
# at 1k, 10k, 100k and 1M keyword-labelled paragraphs. Not run in CI: the 1M size alone takes
# minutes and several GiB.
#
#   scripts/training-growth.sh [--rounds N] [--prepare-only] [SIZE ...]    # default 1000 10000 100000 1000000
#   ROUNDS_1M=1 scripts/training-growth.sh 1000000
#
# The sets: `make_corpus.py labels --from-pool` labels every paragraph of the pool (23,308
# rows, seeds included) once; a set of N rows is a sample of it with Python's
# random.Random(17): without replacement up to the pool's size, with replacement above it
# (so 100k and 1M repeat paragraphs and their vocabulary stays the pool's). They are written
# to target/bench/growth/labels_N.jsonl and kept.
#
# The settings are those of the README's "Training on the 20k-paragraph timing set": word
# uni+bigrams, sublinear tf (both sides' default), no stop words, concepts or negation marks,
# no class weights, alpha 1 ↔ C=1, tolerance 1e-4, no cross-validation, and none of the large
# preset's extras (which `--preset auto` picks from 1,000 examples on): no character n-grams,
# no NB weights, one norm. Each round runs
# standpoint then the peer, whole process under GNU time (wall seconds, peak RSS); the table
# gives medians, min–max and the median of the per-round ratios standpoint / peer. Rounds:
# --rounds N (default 3) for every size below 1M, ROUNDS_1M (default 1) for 1M.
# PY is the peer's python (default /tmp/peers-venv/bin/python, with scikit-learn); the peer
# runs with OPENBLAS_NUM_THREADS=1, as the peers' README advises on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
PEERS=$SHARED/peers
PY=${PY:-/tmp/peers-venv/bin/python}
OUT=target/bench/growth
ROUNDS=3 PREPARE_ONLY=0 SIZES=()
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) ROUNDS=$2; shift ;;
    --prepare-only) PREPARE_ONLY=1 ;;
    *) SIZES+=("$1") ;;
  esac
  shift
done
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000 100000 1000000)
[ -x "$PY" ] || { echo "training-growth: no python at $PY (set PY; it needs scikit-learn)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "training-growth: GNU time (/usr/bin/time) is needed for peak memory" >&2; exit 1; }
export OPENBLAS_NUM_THREADS=1

cargo build --release --quiet
SP=target/release/standpoint
mkdir -p "$OUT"
if [ ! -s "$OUT/pool_all.jsonl" ]; then
  (cd "$PEERS/corpus" && python3 make_corpus.py labels --from-pool 1000000000 --out "$OLDPWD/$OUT/pool_all.jsonl.tmp" >&2)
  mv "$OUT/pool_all.jsonl.tmp" "$OUT/pool_all.jsonl"
fi
for n in "${SIZES[@]}"; do
  [ -s "$OUT/labels_$n.jsonl" ] && continue
  python3 - "$OUT/pool_all.jsonl" "$n" "$OUT/labels_$n.jsonl.tmp" <<'EOF'
import random, sys
rows = open(sys.argv[1], encoding="utf-8").readlines()
n, rng = int(sys.argv[2]), random.Random(17)
picked = rng.sample(rows, n) if n <= len(rows) else rng.choices(rows, k=n)
with open(sys.argv[3], "w", encoding="utf-8") as out:
    out.writelines(picked)
EOF
  mv "$OUT/labels_$n.jsonl.tmp" "$OUT/labels_$n.jsonl"
done
[ "$PREPARE_ONLY" = 1 ] && exit 0

timed() { # timed LOG CMD...: appends "wall_s peak_kib" of one whole-process run to LOG
  local log=$1; shift
  /usr/bin/time -f "%e %M" -o "$log.one" "$@" >"$log.out" 2>"$log.err" \
    || { echo "training-growth: failed: $* (see $log.err)" >&2; exit 1; }
  cat "$log.one" >>"$log"
}

echo "| paragraphs | MB | standpoint s (min–max) | peer s (min–max) | standpoint / peer (median per-round ratio) | standpoint MiB | peer MiB | L-BFGS iterations standpoint / peer | rounds |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in "${SIZES[@]}"; do
  data=$OUT/labels_$n.jsonl
  rounds=$ROUNDS
  [ "$n" -ge 1000000 ] && rounds=${ROUNDS_1M:-1}
  rm -f "$OUT/sp_$n.log" "$OUT/sk_$n.log"
  for _ in $(seq "$rounds"); do
    timed "$OUT/sp_$n.log" "$SP" train --task label --data "$data" --out "$OUT/sp_$n.json" \
      --cv none --ngram 1,2 --stop-words none --concepts none --negation 0 --alpha 1 \
      --balance none --tol 1e-4 --char-ngram none --no-nb --no-view-norm
    timed "$OUT/sk_$n.log" "$PY" "$PEERS/sk_pipeline.py" train --data "$data" --model "$OUT/sk_$n.pkl"
  done
  python3 - "$n" "$data" "$OUT/sp_$n.log" "$OUT/sk_$n.log" <<'EOF'
import json, os, re, statistics as st, sys
n, data = int(sys.argv[1]), sys.argv[2]
sp, sk = ([tuple(map(float, l.split())) for l in open(p)] for p in sys.argv[3:5])
# The last run's iteration counts: standpoint's fit line on stderr, the peer's JSON on stdout.
it = re.search(r"(\d+) iterations", open(sys.argv[3] + ".err").read())
peer = json.loads(open(sys.argv[4] + ".out").read().strip().splitlines()[-1]).get("n_iter", ["?"])
iters = f"{it.group(1) if it else '?'} / {peer[0]}"
ratio = st.median(a[0] / b[0] for a, b in zip(sp, sk))
span = lambda r: f"{st.median(w for w, _ in r):.2f} ({min(w for w, _ in r):.2f}–{max(w for w, _ in r):.2f})"
mib = lambda r: f"{max(m for _, m in r) / 1024:.0f}"
print(f"| {n:,} | {os.path.getsize(data) / 1e6:.1f} | {span(sp)} | {span(sk)} | {ratio:.2f} | {mib(sp)} | {mib(sk)} | {iters} | {len(sp)} |")
EOF
done
