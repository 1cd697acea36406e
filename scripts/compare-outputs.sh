#!/usr/bin/env bash
# Runs two standpoint binaries over the same commands and compares what they write, byte
# for byte: scores of the seeds in every format (with and without --paragraphs, on one and
# two threads) and of the 10 MB corpus, reports in every format, explain, segment --dropped,
# training both models with the README's model-card settings, evaluate --cv loao and
# model info. Exit status 0 when every output (stdout, stderr, exit code, written files) is
# the same.
#
#   scripts/compare-outputs.sh OLD_BINARY NEW_BINARY [WORK_DIR]
#
# The 10 MB corpus is /tmp/x.jsonl, made with ../shared/peers/corpus/make_corpus.py when
# missing (set CORPUS to use another file). Model files are compared whole; should they
# differ, they are compared again without the `tool` field, which carries the version.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 OLD_BINARY NEW_BINARY [WORK_DIR]" >&2; exit 2; }
OLD=$(realpath "$1")
NEW=$(realpath "$2")
cd "$(dirname "$0")/.."
WORK=${3:-$(mktemp -d)}
mkdir -p "$WORK"
CORPUS=${CORPUS:-/tmp/x.jsonl}
if [ ! -f "$CORPUS" ]; then
  (cd ../shared/peers/corpus && python3 make_corpus.py articles --size 10MB --out "$CORPUS")
fi
LABELS=data/seed_paragraphs.jsonl

# The commands, one a line: NAME then the arguments. `@OUT@` is replaced by a file in the
# run's own directory, compared like stdout.
commands() {
  for threads in 1 2; do
    for format in jsonl csv table; do
      echo "score-seeds-$format-t$threads score seeds/ --format $format --threads $threads"
      echo "score-seeds-$format-paragraphs-t$threads score seeds/ --format $format --paragraphs --threads $threads"
    done
    echo "score-corpus-jsonl-t$threads score $CORPUS --format jsonl --threads $threads"
    echo "score-corpus-paragraphs-t$threads score $CORPUS --format jsonl --paragraphs --threads $threads"
  done
  echo "score-corpus-csv score $CORPUS --format csv"
  echo "score-out score seeds/ --out @OUT@"
  for format in table csv json md html; do
    echo "report-$format report seeds/ --format $format"
    echo "report-month-$format report seeds/ --by source,month --format $format"
  done
  echo "report-corpus-csv report $CORPUS --format csv"
  for task in stance sentiment; do
    for format in table json; do
      echo "explain-model-$task-$format explain --task $task --format $format"
      echo "explain-seeds-$task-$format explain --task $task --format $format seeds/"
    done
  done
  echo "segment-dropped segment --dropped seeds/"
  echo "segment-jsonl segment --format jsonl seeds/"
  echo "train-stance train --task stance --data $LABELS --out @OUT@"
  echo "train-sentiment train --task sentiment --data $LABELS --out @OUT@ --stop-words none --concept-weight 4 --alpha 1"
  echo "train-stance-k5 train --task stance --data $LABELS --out @OUT@ --cv 5 --threads 2"
  for task in stance sentiment; do
    echo "evaluate-loao-$task evaluate --task $task --data $LABELS --cv loao --format json"
    echo "evaluate-loao-$task-table evaluate --task $task --data $LABELS --cv loao"
    echo "evaluate-model-$task evaluate --task $task --data $LABELS --model models/$task.json --format json"
  done
  echo "model-info-json model info --format json"
  echo "model-info-table model info models/stance.json models/sentiment.json"
}

run_all() {
  local bin=$1 dir=$2
  mkdir -p "$dir"
  commands | while read -r name args; do
    local out="$dir/$name.file"
    # shellcheck disable=SC2086
    set -- ${args//@OUT@/$out}
    set +e
    "$bin" "$@" >"$dir/$name.stdout" 2>"$dir/$name.stderr" </dev/null
    echo $? >"$dir/$name.status"
    set -e
    sed -i "s|$dir/||g" "$dir/$name.stderr"
  done
}

run_all "$OLD" "$WORK/old"
run_all "$NEW" "$WORK/new"

same=0
differ=0
for f in "$WORK"/old/*; do
  name=$(basename "$f")
  g="$WORK/new/$name"
  if cmp -s "$f" "$g"; then
    same=$((same + 1))
  elif [[ $name == train-*.file ]] &&
    cmp -s <(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); m["training"].pop("tool"); print(json.dumps(m))' "$f") \
      <(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); m["training"].pop("tool"); print(json.dumps(m))' "$g"); then
    echo "same but for the tool version: $name"
    same=$((same + 1))
  else
    echo "DIFFERENT: $name"
    differ=$((differ + 1))
  fi
done
[ "$(ls "$WORK/old" | wc -l)" = "$(ls "$WORK/new" | wc -l)" ] || { echo "DIFFERENT: file lists"; differ=$((differ + 1)); }
echo "$same outputs identical, $differ different (in $WORK)"
[ "$differ" = 0 ]
