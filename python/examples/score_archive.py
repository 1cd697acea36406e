"""Scores an archive of articles on a Spark cluster and writes the scores as Parquet.

    spark-submit [Spark options] score_archive.py INPUT OUTPUT [--text-col text] [--format json|parquet]

INPUT is what ``spark.read`` takes — JSON Lines in the shape ``standpoint score`` reads
(``{"id","source","title","date","url","text"}``, only ``text`` required) or Parquet —
and OUTPUT a directory for the Parquet files: the input's columns but the text, and the
score columns of ``standpoint.spark.score``. The README's "Scoring an archive on a
cluster" gives the spark-submit command; ``python/tests/test_spark.py`` runs this file
with ``spark-submit --master local[2]``.
"""

import argparse

from pyspark.sql import SparkSession

import standpoint.spark


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--text-col", default="text")
    ap.add_argument("--format", choices=["json", "parquet"], default="json")
    ap.add_argument("--keep-text", action="store_true", help="keep the text column in the output")
    a = ap.parse_args()
    spark = SparkSession.builder.appName("standpoint: score an archive").getOrCreate()
    articles = spark.read.format(a.format).load(a.input)
    scored = standpoint.spark.score(articles, text_col=a.text_col)
    if not a.keep_text:
        scored = scored.drop(a.text_col)
    scored.write.mode("errorifexists").parquet(a.output)
    spark.stop()


if __name__ == "__main__":
    main()
