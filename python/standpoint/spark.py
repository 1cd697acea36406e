"""Scoring a Spark DataFrame: :func:`score` adds standpoint's score columns to a
DataFrame of articles, on the executors, through ``mapInPandas`` (Arrow batches). Each
executor's Python worker process loads the models once and keeps them for every batch and
task it runs (``spark.python.worker.reuse``, on by default), so the cost of loading is paid
per process, not per row or per batch.

>>> from standpoint.spark import score
>>> scored = score(spark.read.json("archive/*.jsonl"), text_col="text")
>>> scored.groupBy("source").avg("stance_index").show()

The package must be installed where the executors run Python (see the README's "Scoring
an archive on a cluster": a packed virtual environment shipped with ``--archives``). The
built-in models are inside the package; model files given by path must exist on every
executor (ship them with ``--files``), while :class:`standpoint.Model` objects travel with
the job.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any, Dict, Iterator, Optional, Union

from . import _frames, _native
from .errors import InputError
from ._scorer import Scorer, score_frame

#: The scorer of this process for each model setting (see :func:`_worker_scorer`).
_SCORERS: Dict[str, Scorer] = {}


def _model_spec(model: Any) -> Optional[Dict[str, str]]:
    """A model setting that can travel to the executors: a path, or a model's JSON."""
    if model is None:
        return None
    if isinstance(model, _native.Model):
        return {"json": model.to_json(), "task": model.task}
    return {"path": os.fspath(model)}


def _model_arg(spec: Optional[Dict[str, str]]) -> Any:
    if spec is None:
        return None
    if "json" in spec:
        return _native.Model.from_json(spec["json"], f"the {spec['task']} model given")
    return spec["path"]


def _worker_scorer(config: Dict[str, Any]) -> Scorer:
    """This process's scorer for ``config``, made (and its models loaded) on first use."""
    key = hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()
    scorer = _SCORERS.get(key)
    if scorer is None:
        scorer = Scorer(
            _model_arg(config["stance"]),
            _model_arg(config["sentiment"]),
            model_dir=config["model_dir"],
            threads=config["threads"],
            **config["limits"],
        )
        _SCORERS[key] = scorer
    return scorer


def _spark_type(kind: str, paragraphs_type: Any) -> Any:
    from pyspark.sql import types as T

    return {
        "str": T.StringType(),
        "float": T.DoubleType(),
        "int": T.LongType(),
        "paragraphs": paragraphs_type,
    }[kind]


def paragraph_scores_type() -> Any:
    """The Spark type of ``paragraph_scores``: an array of the paragraphs' structs, the
    fields of ``score --paragraphs``."""
    from pyspark.sql import types as T

    def probs(*names: str) -> Any:
        return T.StructType([T.StructField(n, T.DoubleType()) for n in names])

    return T.ArrayType(
        T.StructType(
            [
                T.StructField("n", T.LongType()),
                T.StructField("kind", T.StringType()),
                T.StructField("line", T.LongType()),
                T.StructField("text", T.StringType()),
                T.StructField("quoted", T.DoubleType()),
                T.StructField("weight", T.DoubleType()),
                T.StructField(
                    "stance",
                    T.StructType(
                        [
                            T.StructField("label", T.StringType()),
                            T.StructField("index", T.DoubleType()),
                            T.StructField("probs", probs("FAVOR", "AGAINST", "NONE")),
                        ]
                    ),
                ),
                T.StructField(
                    "sentiment",
                    T.StructType(
                        [
                            T.StructField("label", T.StringType()),
                            T.StructField("probs", probs("positive", "negative", "neutral")),
                        ]
                    ),
                ),
            ]
        )
    )


def batch_scorer(config: Dict[str, Any], names: Dict[str, Optional[str]], columns: list) -> Any:
    """The function :func:`score` hands to ``mapInPandas``: scores each pandas batch with
    this process's scorer for ``config`` and yields the batch with the score columns, in
    the order of ``columns``. A paragraph's ``line`` is its line in the article's text (a
    batch's row positions mean nothing), and a bad article is named by its id."""
    paragraphs, skip_bad = config["paragraphs"], config["skip_bad"]
    models = {k: v for k, v in config.items() if k not in ("paragraphs", "skip_bad")}

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        scorer = _worker_scorer(models)
        for batch in batches:
            try:
                scored = score_frame(scorer, batch, "pandas", names, paragraphs, skip_bad, None, text_lines=True)
            except InputError as e:
                raise InputError(_name_row(str(e), batch, names)) from None
            yield scored[columns]

    return run


def _name_row(message: str, batch: Any, names: Dict[str, Optional[str]]) -> str:
    """An error about row N of a batch (``<input>:N: …``), naming the row's article id."""
    head, _, rest = message.partition(": ")
    row = head.rpartition(":")[2]
    id_col = names["id"] or "id"
    if head.startswith("<input>:") and row.isdigit() and id_col in batch.columns:
        return f"article {batch[id_col].iloc[int(row) - 1]!r}: {rest}"
    return message


def score(df: Any, text_col: str = "text", **options: Any) -> Any:
    """``df`` with standpoint's score columns added, computed on the executors: the same
    columns and values as :meth:`standpoint.Scorer.score` gives for a pandas frame of the
    same rows (``stance``, ``stance_index``, ``p_favor`` … ``paragraphs``, the resolved
    ``source``, ``title``, ``date``, ``author``, ``url``, and ``id`` when the frame has
    ids), and so the same as ``standpoint score --format jsonl`` for those articles.

    Columns are named as for ``Scorer.score``: ``text_col`` (default ``"text"``), and
    ``id_col``, ``source_col``, ``title_col``, ``author_col``, ``date_col``, ``url_col``
    (default: the column of the field's name, if any). ``paragraphs=True`` adds
    ``paragraph_scores`` (an array of structs; a paragraph's ``line`` counts within its
    article's text). A row without text fails the job, naming the article's id, unless
    ``skip_bad=True`` gives it missing scores. The models: ``stance``, ``sentiment`` (a
    path every executor can read, or a :class:`standpoint.Model`, which travels with the
    job) and ``model_dir``, as for ``Scorer``; ``threads`` is per Python worker (default
    1: Spark runs one worker per core); ``max_article_bytes``, ``max_line_bytes`` and
    ``max_paragraphs`` are ``score``'s limits. The result is lazy like any DataFrame:
    nothing is scored until an action runs.
    """
    schema, function = plan(df, text_col, **options)
    return df.mapInPandas(function, schema)


def plan(
    df: Any,
    text_col: str = "text",
    *,
    id_col: Optional[str] = None,
    source_col: Optional[str] = None,
    title_col: Optional[str] = None,
    author_col: Optional[str] = None,
    date_col: Optional[str] = None,
    url_col: Optional[str] = None,
    paragraphs: bool = False,
    skip_bad: bool = False,
    stance: Optional[Union[str, "os.PathLike[str]", _native.Model]] = None,
    sentiment: Optional[Union[str, "os.PathLike[str]", _native.Model]] = None,
    model_dir: Optional[Union[str, "os.PathLike[str]"]] = None,
    threads: int = 1,
    max_article_bytes: Optional[int] = None,
    max_line_bytes: Optional[int] = None,
    max_paragraphs: Optional[int] = None,
) -> Any:
    """The output schema of :func:`score` for ``df`` and the function it runs on each
    partition's pandas batches (``df.mapInPandas(function, schema)``)."""
    from pyspark.sql import types as T

    names = _frames.column_names(
        text_col,
        id_col=id_col,
        source_col=source_col,
        title_col=title_col,
        author_col=author_col,
        date_col=date_col,
        url_col=url_col,
    )
    present = set(df.columns)
    used = {}
    for field in _frames.FIELDS:
        col = names[field] if names[field] is not None else field
        if col in present:
            used[field] = col
        elif names[field] is not None or field == "text":
            raise KeyError(f"no column {col!r} for the article's {field} (columns: {', '.join(df.columns)})")
    ptype = paragraph_scores_type()
    score_fields = [
        T.StructField(name, _spark_type(kind, ptype))
        for name, kind in _frames.SCORE_COLUMNS
        if (name != "id" or "id" in used) and (name != "paragraph_scores" or paragraphs)
    ]
    score_names = {f.name for f in score_fields}
    replaced = {col for field, col in used.items() if col == field}
    clash = [c for c in df.columns if c in score_names and c not in replaced]
    if clash:
        raise ValueError(
            f"the input has column(s) {', '.join(map(repr, clash))}, which the scores would replace; "
            "rename or drop them first"
        )
    kept = [f for f in df.schema.fields if f.name not in score_names]
    schema = T.StructType(kept + score_fields)
    config = {
        "stance": _model_spec(stance),
        "sentiment": _model_spec(sentiment),
        "model_dir": os.fspath(model_dir) if model_dir is not None else None,
        "threads": threads,
        "limits": {
            "max_article_bytes": max_article_bytes,
            "max_line_bytes": max_line_bytes,
            "max_paragraphs": max_paragraphs,
        },
        "paragraphs": paragraphs,
        "skip_bad": skip_bad,
    }
    # Fail here, on the driver, for a model that cannot load, rather than on every executor.
    _worker_scorer({k: v for k, v in config.items() if k not in ("paragraphs", "skip_bad")})
    return schema, batch_scorer(config, names, [f.name for f in schema.fields])
