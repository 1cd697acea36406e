#!/usr/bin/env bash
# Reproduces the README's accuracy benchmarks: standpoint and the scikit-learn peer on the
# same folds, in one session. Needs ../shared (datasets, peers) beside the repository and
# the peer's virtualenv (../shared/peers/README.md); PY points at its python.
#
#   PY=/tmp/peers-venv/bin/python scripts/accuracy.sh [rt|ibm|seeds|settings]...   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-python3}
SHARED=${SHARED:-../shared}
RT=$SHARED/datasets/rt_polarity_v1.0
IBM=$SHARED/datasets/ibm_claim_stance/claim_stance_dataset_v1.csv
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cargo build --release --quiet
SP=target/release/standpoint

# Prints "accuracy macro_f1" of a standpoint JSON report or a peer_cv.py line on stdin.
figures() { "$PY" -c 'import json,sys; r=json.load(sys.stdin); print("%.4f %.4f" % (r["accuracy"], r["macro_f1"]))'; }

rt_eval() { "$SP" evaluate --task sentiment --lines "$RT/rt-polarity.pos=positive" \
  --lines "$RT/rt-polarity.neg=negative" --encoding latin1 --cv 10 --format json "$@"; }

section_rt() {
  echo "## rt-polarity, 10-fold (seed: accuracy macro-F1)"
  for seed in 0 1 2; do
    echo "standpoint (defaults)      seed $seed: $(rt_eval --seed "$seed" --folds-out "$TMP/rt_$seed.jsonl" | figures)"
    echo "peer (its defaults, C=1)   seed $seed: $("$PY" scripts/peer_cv.py --folds "$TMP/rt_$seed.jsonl" | figures)"
    echo "peer (C=10)                seed $seed: $("$PY" scripts/peer_cv.py --folds "$TMP/rt_$seed.jsonl" --C 10 | figures)"
  done
}

section_settings() {
  echo "## rt-polarity settings, 10-fold accuracy for seeds 0 1 2"
  for opts in "" "--negation 0" "--ngram 1,1" "--ngram 1,3" "--no-stem" "--nb" "--char-ngram 2,5" \
    "--stop-words english" "--min-df 2" "--alpha 0.03" "--alpha 0.3" "--concepts builtin" "--preset small"; do
    line="${opts:-(defaults)}:"
    for seed in 0 1 2; do
      # shellcheck disable=SC2086
      line="$line $(rt_eval --seed "$seed" $opts | figures | cut -d' ' -f1)"
    done
    echo "$line"
  done
}

section_ibm() {
  echo "## IBM claim stance, train split -> test split (accuracy macro-F1)"
  for tf in "--text-field claims.claimCorrectedText" \
    "--text-field claims.claimCorrectedText --polarity-field topicSentiment" \
    "--text-field topicText --text-field claims.claimCorrectedText"; do
    # shellcheck disable=SC2086
    echo "standpoint [$tf]: $("$SP" evaluate --task claims.stance --data "$IBM" $tf --group-field split \
      --cv holdout:test --allow-conflicts --format json --folds-out "$TMP/ibm.jsonl" | figures)"
    echo "peer (defaults): $("$PY" scripts/peer_cv.py --folds "$TMP/ibm.jsonl" | figures)"
    echo "peer (--class-weight balanced): $("$PY" scripts/peer_cv.py --folds "$TMP/ibm.jsonl" --class-weight balanced | figures)"
  done
}

section_seeds() {
  echo "## seed labels (accuracy macro-F1)"
  for task in stance sentiment; do
    extra=()
    [ "$task" = sentiment ] && extra=(--stop-words none --concept-weight 4 --alpha 1)
    for cv in loao 5; do
      echo "standpoint $task --cv $cv: $("$SP" evaluate --task "$task" --data data/seed_paragraphs.jsonl --cv "$cv" --concepts builtin \
        --seed 0 "${extra[@]}" --format json --folds-out "$TMP/seeds.jsonl" | figures)"
      echo "peer (defaults)                : $("$PY" scripts/peer_cv.py --folds "$TMP/seeds.jsonl" 2>/dev/null | figures)"
      echo "peer (--class-weight balanced) : $("$PY" scripts/peer_cv.py --folds "$TMP/seeds.jsonl" --class-weight balanced 2>/dev/null | figures)"
    done
  done
}

for s in "${@:-rt ibm seeds settings}"; do
  for part in $s; do "section_$part"; done
done
