#!/usr/bin/env python3
"""Times the Python package on a JSONL corpus, for scripts/side_by_side.py.

    py_score_bench.py score CORPUS [--threads N]   # Scorer.score(texts, output="pandas")
    py_score_bench.py spark CORPUS [--partitions P] # standpoint.spark.score on local[2]

Prints one JSON object: the seconds of the timed part, the rows, and peak resident
memory (MiB) — of this process for `score`, of the largest Python worker for `spark`.
"""

import argparse
import json
import os
import resource
import sys
import time


def rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def score(a):
    import standpoint

    with open(a.corpus, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    scorer = standpoint.Scorer(threads=a.threads)
    start = time.perf_counter()
    frame = scorer.score(texts, output="pandas")
    call = time.perf_counter() - start
    print(json.dumps({"seconds": call, "rows": len(frame), "rss_mib": rss_mib()}))


def spark(a):
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    import standpoint.spark as ss

    t0 = time.perf_counter()
    session = (
        SparkSession.builder.master("local[2]")
        .appName("standpoint-bench")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    df = session.read.json(a.corpus).repartition(a.partitions).cache()
    rows = df.count()
    started = time.perf_counter() - t0
    schema, fn = ss.plan(df)

    def with_rss(batches):
        for out in fn(batches):
            out["worker_rss_mib"] = rss_mib()
            yield out

    traced = df.mapInPandas(with_rss, T.StructType(schema.fields + [T.StructField("worker_rss_mib", T.DoubleType())]))
    t1 = time.perf_counter()
    agg = traced.agg(F.count("stance").alias("n"), F.max("worker_rss_mib").alias("rss")).collect()[0]
    job = time.perf_counter() - t1
    session.stop()
    print(json.dumps({"seconds": job, "rows": rows, "scored": agg["n"], "rss_mib": agg["rss"], "startup_s": started}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["score", "spark"])
    ap.add_argument("corpus")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--partitions", type=int, default=8)
    a = ap.parse_args()
    score(a) if a.mode == "score" else spark(a)


if __name__ == "__main__":
    main()
