"""standpoint on a real local Spark (pyspark from PyPI, a system Java): the scores of
over 10,000 articles equal the command line's; models load once per worker process; the
command line as a streaming filter under RDD.pipe."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import standpoint
import standpoint.spark
from conftest import ROOT, flat, jsonl, need


def none_for_nan(rows):
    return [{k: None if isinstance(v, float) and math.isnan(v) else v for k, v in r.items()} for r in rows]


def java_found() -> bool:
    home = os.environ.get("JAVA_HOME")
    return bool(shutil.which("java") or (home and os.path.exists(os.path.join(home, "bin", "java"))))


@pytest.fixture(scope="module")
def spark():
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        need(False, "pyspark is not installed")
    need(java_found(), "no Java runtime (java on PATH or JAVA_HOME)")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("standpoint-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_scores_over_10000_articles_as_the_cli(spark, cli, corpus_small_articles):
    want = {d["id"]: flat(d) for d in jsonl(cli("score", corpus_small_articles, "--format", "jsonl").stdout)}
    assert len(want) >= 10_000
    df = spark.read.json(str(corpus_small_articles)).repartition(6)
    scored = standpoint.spark.score(df, text_col="text")
    assert scored.columns == ["text"] + list(next(iter(want.values())))
    rows = [r.asDict() for r in scored.drop("text").collect()]
    assert len(rows) == len(want)
    got = {r["id"]: r for r in rows}
    assert got == want


def test_models_load_once_per_worker_process(spark, corpus_small_articles):
    import standpoint.spark as ss
    from pyspark.sql import types as T

    df = spark.read.json(str(corpus_small_articles)).limit(4000).repartition(16)
    # The function score() gives mapInPandas, with each batch's process and that
    # process's count of model loads beside the scores.
    scored_schema, inner = ss.plan(df)
    schema = T.StructType(scored_schema.fields + [T.StructField("pid", T.LongType()), T.StructField("loads", T.LongType())])

    def traced(batches):
        for out in inner(batches):
            out["pid"] = os.getpid()
            out["loads"] = standpoint._native.load_count()
            yield out

    rows = df.mapInPandas(traced, schema).select("pid", "loads").collect()
    assert len(rows) == 4000
    by_pid = {}
    for r in rows:
        by_pid.setdefault(r["pid"], set()).add(r["loads"])
    # 16 partitions of 250 rows, 4 batches of 1,000 rows at most each: each worker process
    # loaded the models once, whatever number of partitions and batches it ran.
    assert all(loads == {1} for loads in by_pid.values()), by_pid
    assert 1 <= len(by_pid) <= 2 < 16


def test_paragraphs_and_bad_rows(spark):
    texts = [("a", "NATO opens an office in Tokyo.\nMeddling in Asia stokes confrontation."), ("b", "  "), ("c", None)]
    df = spark.createDataFrame(texts, "id string, text string")
    with pytest.raises(Exception, match="article 'b': empty article"):
        standpoint.spark.score(df).collect()
    rows = {r["id"]: r for r in standpoint.spark.score(df, skip_bad=True, paragraphs=True).collect()}
    assert rows["b"]["stance"] is None and rows["c"]["paragraphs"] is None
    want = standpoint.Scorer().score(texts[0][1], paragraphs=True)
    got = rows["a"]["paragraph_scores"]
    assert [p.asDict(recursive=True) for p in got] == want["paragraph_scores"]
    assert rows["a"]["stance_index"] == want["stance"]["index"]


def test_the_cli_as_a_streaming_filter_under_rdd_pipe(spark, cli, cli_bin, corpus_10mb):
    want = jsonl(cli("score", corpus_10mb, "--format", "jsonl").stdout)
    lines = spark.sparkContext.textFile(str(corpus_10mb), minPartitions=4)
    out = lines.pipe(f"{cli_bin} score - --format jsonl --threads 1").collect()
    got = sorted(jsonl("\n".join(out)), key=lambda d: d["id"])
    assert got == sorted(want, key=lambda d: d["id"])


def test_the_archive_job_under_spark_submit(cli, corpus_10mb, tmp_path):
    """The README's cluster job, run by spark-submit with a local master."""
    need(java_found(), "no Java runtime (java on PATH or JAVA_HOME)")
    submit = Path(sys.executable).with_name("spark-submit")
    need(submit.exists(), f"{submit} is missing (pyspark is not installed)")
    pd = pytest.importorskip("pandas")
    out = tmp_path / "scored"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    job = ROOT / "python" / "examples" / "score_archive.py"
    subprocess.run(
        [str(submit), "--master", "local[2]", "--conf", "spark.ui.enabled=false", str(job), str(corpus_10mb), str(out)],
        check=True, env=env, capture_output=True,
    )
    got = pd.read_parquet(out).sort_values("id").reset_index(drop=True)
    want = pd.DataFrame([flat(d) for d in jsonl(cli("score", corpus_10mb, "--format", "jsonl").stdout)])
    want = want.sort_values("id").reset_index(drop=True)
    assert list(got.columns) == list(want.columns)
    assert none_for_nan(got.to_dict("records")) == none_for_nan(want.to_dict("records"))
