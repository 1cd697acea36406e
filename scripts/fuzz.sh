#!/usr/bin/env bash
# Runs the cargo-fuzz (libFuzzer) targets of fuzz/ for RUNS executions each (default ten
# million) and prints one summary line per target; logs go to target/fuzz-logs/.
#
#   scripts/fuzz.sh                     # every target, 10M runs each
#   RUNS=100000 scripts/fuzz.sh jsonl   # one target, a quick run
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP=1 lets the stable
# toolchain take the -Z flags cargo-fuzz passes. The crate has no `unsafe` code, so the
# targets are built without a sanitizer (`-s none`): panics, overflows (debug assertions
# on), the targets' own checks, timeouts and memory blow-ups are what they find. Crashing
# inputs land in fuzz/artifacts/TARGET/; copy them to fuzz/regressions/TARGET/ once fixed
# (tests/fuzz_regressions.rs replays that folder in `cargo test`).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
RUNS=${RUNS:-10000000}
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    TARGETS=(segment tokenize score_article jsonl labels model documents table)
fi
export RUSTC_BOOTSTRAP=1
LOGS=../target/fuzz-logs
mkdir -p "$LOGS"
cargo fuzz build -O -s none --debug-assertions
for t in "${TARGETS[@]}"; do
    mkdir -p "corpus/$t"
    # Inputs up to 2 KB (the tokenizer's checks cost more per byte: 512 bytes); model files
    # need room for a whole (small) model.
    max_len=2048
    [ "$t" = tokenize ] && max_len=512
    [ "$t" = model ] && max_len=32768
    start=$(date +%s)
    seeds=$t
    case $t in segment | tokenize | score_article) seeds=text ;; esac
    if cargo fuzz run -O -s none --debug-assertions "$t" "corpus/$t" "seeds/$seeds" -- \
        -runs="$RUNS" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"$LOGS/$t.log" 2>&1; then
        status=ok
    else
        status="FAILED (see $LOGS/$t.log)"
    fi
    secs=$(( $(date +%s) - start ))
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$LOGS/$t.log" | tail -1 || true)
    execs=$(grep -E 'stat::number_of_executed_units' "$LOGS/$t.log" | awk '{print $2}' || true)
    echo "$t: $status; ${execs:-?} executions in ${secs}s; ${done_line:-no DONE line}"
done
