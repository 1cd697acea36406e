"""``train``, ``evaluate``, ``explain``, ``segment`` and ``report``: the command line's
commands as functions, taking its options by name (``--min-df 2`` is ``min_df=2``, a flag
such as ``--no-stem`` is ``no_stem=True``, a repeatable option takes a list) with its
defaults, checks and messages, and returning data instead of printing."""

from __future__ import annotations

import logging
import os
import tempfile
from typing import Any, Dict, List, Optional, Union

from . import _frames, _native, _options

log = logging.getLogger("standpoint")

PathLike = Union[str, "os.PathLike[str]"]


def _notes(warnings: List[str], notes: List[str]) -> None:
    _frames.warn_all(warnings, "")
    for n in notes:
        log.info(n)


def train(task: str, *, out: Optional[PathLike] = None, **options: Any) -> _native.Model:
    """Trains a model on labelled paragraphs, as ``standpoint train`` does, and returns it
    as a :class:`Model` (pass it to ``Scorer(stance=...)``). With ``out`` it is also
    written there as the command line writes it: atomically, an existing file kept as
    ``FILE.bak``. Warnings (``allow_conflicts``) become Python warnings; what the command
    prints as it goes (the merge, the α chosen by ``search``) is logged to the
    ``standpoint`` logger. The figures of ``cv`` are in ``model.training["cv"]``.

    >>> m = standpoint.train("stance", data=["data/seed_paragraphs.jsonl"])
    >>> m = standpoint.train("sentiment", lines={"rt.pos": "positive", "rt.neg": "negative"},
    ...                      encoding="latin1", cv="none", ngram=(1, 2))
    """
    argv = ["--task", task] + _options.argv("train", "train", options, exclude={"task", "out"})
    model, warnings, notes = _native.train(argv, os.fspath(out) if out is not None else None)
    _notes(warnings, notes)
    return model


def evaluate(task: str, *, model: Optional[Union[PathLike, _native.Model]] = None, **options: Any) -> Dict[str, Any]:
    """Measures a model on labelled paragraphs (``model=``: a path or a :class:`Model`),
    or the training settings by cross-validation (``cv="loao"``, ``cv=10``,
    ``cv="holdout:test"``), as ``standpoint evaluate`` does; returns what
    ``evaluate --format json`` prints: ``n``, ``accuracy``, ``macro_f1``, ``f_avg``,
    ``per_class``, ``confusion``, ``log_loss``, ``brier``, ``ece`` (and ``folds`` with
    ``cv``).

    >>> standpoint.evaluate("stance", data=["data/seed_paragraphs.jsonl"], cv="loao")["macro_f1"]
    """
    with _model_file(model) as path:
        argv = ["--task", task] + _options.argv("evaluate", "evaluate", options, exclude={"task", "model", "format", "out"})
        if path is not None:
            argv += ["--model", path]
        report, _title, warnings, notes = _native.evaluate(argv)
    _notes(warnings, notes)
    return report


class _model_file:
    """A path for ``model``: itself, or a :class:`Model` written to a temporary file."""

    def __init__(self, model: Optional[Union[PathLike, _native.Model]]) -> None:
        self.model = model
        self.dir: Optional[tempfile.TemporaryDirectory] = None

    def __enter__(self) -> Optional[str]:
        if self.model is None:
            return None
        if isinstance(self.model, _native.Model):
            self.dir = tempfile.TemporaryDirectory(prefix="standpoint-")
            path = os.path.join(self.dir.name, f"{self.model.task}.json")
            self.model.save(path)
            return path
        return os.fspath(self.model)

    def __exit__(self, *exc: Any) -> None:
        if self.dir is not None:
            self.dir.cleanup()


def explain(
    articles: Any = None,
    *,
    model: Optional[Union[PathLike, _native.Model]] = None,
    **options: Any,
) -> Any:
    """Why articles scored as they did, as ``standpoint explain`` shows it: for each
    article its index, and the paragraphs that contribute most (``paragraphs``, default
    3) with their strongest terms (``top``, default 12). ``task`` is ``"stance"`` (the
    default) or ``"sentiment"``; ``model`` replaces that task's built-in model (a path or
    a :class:`Model`).

    ``articles`` is a text (→ one dict), a list of texts or records, a frame, or paths (→
    a list of dicts, ``explain --format json``'s lines). Without articles, returns the
    model's strongest features per class: ``{"task", "target", "classes": [{"label", "terms"}]}``.
    """
    exclude = {"format", "out", "model"}
    given = model if isinstance(model, _native.Model) else None
    if model is not None and given is None:
        options = dict(options, model=model)
        exclude.discard("model")
    argv = _options.argv("explain", "explain", options, exclude=exclude)
    if articles is None:
        return _native.explain_model(argv, given)
    how = _frames.kind(articles)
    if how == "paths":
        paths = [articles] if isinstance(articles, os.PathLike) else list(articles)
        return _native.explain(argv + ["--"] + [os.fspath(p) for p in paths], None, given)
    items, one = _items(articles, how)
    result = _native.explain(argv, items, given)
    return result[0] if one else result


def _items(articles: Any, how: str) -> Any:
    """Articles held in Python as the native code takes them, and whether there was one."""
    if how == "text":
        return [articles], True
    if how == "list":
        return list(articles), False
    if how in ("pandas", "polars"):
        return _frames.columns_of(articles, how, {})[0], False
    if how in ("pandas-series", "polars-series"):
        return _frames.series_columns(articles, how), False
    raise TypeError(f"expected a str, a list, a DataFrame, a Series or paths; got {type(articles).__name__}")


def segment(
    articles: Any,
    *,
    dropped: bool = False,
    output: Optional[str] = None,
    max_article_bytes: Optional[int] = None,
    max_line_bytes: Optional[int] = None,
    max_paragraphs: Optional[int] = None,
    encoding: Optional[str] = None,
) -> Any:
    """The paragraphs the scorer sees, as ``standpoint segment --format jsonl`` lists them:
    one record per paragraph — ``article``, ``id`` (``ARTICLE-NN``), ``kind`` (title,
    subtitle, body), ``line``, ``source``, ``text`` — the skeleton of a label file.
    ``dropped=True`` also lists each line dropped as boilerplate (``kind`` ``"dropped"``,
    its ``rule``), in line order, as ``segment --dropped`` shows them, after what HTML
    extraction removed from a saved page (``kind`` ``"removed"``, ``rule`` what it was —
    ``navigation``, ``cookie-banner``, ``comments``, … —, ``line`` None).

    ``articles`` is a text, a list of texts or records, a frame or paths; the records come
    as a list of dicts, or as a frame when given one (``output`` chooses).
    """
    how = _frames.kind(articles)
    limits = (max_article_bytes, max_line_bytes, max_paragraphs, encoding)
    if how == "paths":
        paths = [articles] if isinstance(articles, os.PathLike) else list(articles)
        segmented = _native.segment(None, paths, *limits)
    else:
        segmented = _native.segment(_items(articles, how)[0], [], *limits)
    records: List[dict] = []
    for art in segmented:
        rows = list(art["paragraphs"])
        if dropped:
            for r in rows:
                r["rule"] = None
            for d in art["dropped"]:
                rows.append(
                    {"article": art["id"], "id": None, "kind": "dropped", "line": d["line"],
                     "source": art["source"], "text": d["text"], "rule": d["rule"]}
                )
            rows.sort(key=lambda r: r["line"])
            rows[:0] = [
                {"article": art["id"], "id": None, "kind": "removed", "line": None,
                 "source": art["source"], "text": r["text"], "rule": r["what"]}
                for r in art["removed"]
            ]
        records += rows
    default = how if how in ("pandas", "polars") else "dicts"
    out = _frames.frame_kind(output, default)
    return records if out == "dicts" else _frames.records_frame(records, out)


#: The columns of :func:`report`'s frame: ``report --format csv``'s, at full precision.
REPORT_COLUMNS = [
    "source", "month", "articles", "paragraphs", "stance_index", "stance_index_ci_low",
    "stance_index_ci_high", "share_favor", "share_against", "share_none", "sentiment",
    "sentiment_ci_low", "sentiment_ci_high", "most_favourable", "most_favourable_index",
    "most_critical", "most_critical_index",
]


def report(
    scored: Any,
    *,
    by: str = "source",
    min_articles: int = 1,
    resamples: int = 2000,
    seed: int = 0,
    level: float = 0.95,
    dedup: bool = False,
    output: Optional[str] = None,
) -> Any:
    """How each source leans, as ``standpoint report`` summarises it: per source (or per
    source and month, ``by="source,month"``) the articles and paragraphs, the mean stance
    index with a percentile-bootstrap interval (``resamples``, ``seed``, ``level``), the
    shares of FAVOR / AGAINST / NONE articles, the mean sentiment (P(positive) −
    P(negative)) with its interval, and the most favourable and most critical article.
    Rows go from the most favourable source to the most critical; a source of one article
    has no interval (missing bounds). Groups under ``min_articles`` are left out. A
    repeated article id is a :class:`DataError` unless ``dedup=True`` keeps the first.

    ``scored`` is what :meth:`Scorer.score` returned: a list of dicts, or a frame (rows
    without an id column are named by their position). Returns a pandas frame with the
    columns of ``report --format csv`` (a polars frame when given one, or ``output=
    "polars"``; ``output="dicts"`` gives ``report --format json``'s object); a pandas
    frame holds that object in ``frame.attrs["report"]``.
    """
    how = _frames.kind(scored)
    if how in ("pandas", "polars"):
        records = _scored_records(scored, how)
    elif how == "list":
        records = list(scored)
    else:
        raise TypeError(f"report() takes the scores of Scorer.score (a list of dicts or a frame); got {type(scored).__name__}")
    result, warnings = _native.report(records, by, min_articles, resamples, seed, level, dedup)
    _frames.warn_all(warnings, "")
    out = _frames.frame_kind(output, how if how == "polars" else "pandas")
    if out == "dicts":
        return result
    by_month = "month" in result["by"]
    rows = []
    for g in result["groups"]:
        ci, sci = g["stance_index_ci"] or {}, g["sentiment_ci"] or {}
        row = {
            "source": g["source"], "month": g.get("month"), "articles": g["articles"],
            "paragraphs": g["paragraphs"], "stance_index": g["stance_index"],
            "stance_index_ci_low": ci.get("low"), "stance_index_ci_high": ci.get("high"),
            "share_favor": g["shares"]["FAVOR"], "share_against": g["shares"]["AGAINST"],
            "share_none": g["shares"]["NONE"], "sentiment": g["sentiment"],
            "sentiment_ci_low": sci.get("low"), "sentiment_ci_high": sci.get("high"),
            "most_favourable": g["most_favourable"]["id"],
            "most_favourable_index": g["most_favourable"]["index"],
            "most_critical": g["most_critical"]["id"],
            "most_critical_index": g["most_critical"]["index"],
        }
        if not by_month:
            del row["month"]
        rows.append(row)
    columns = [c for c in REPORT_COLUMNS if by_month or c != "month"]
    if out == "pandas":
        import pandas as pd

        frame = pd.DataFrame.from_records(rows, columns=columns)
        for c in ("stance_index_ci_low", "stance_index_ci_high", "sentiment_ci_low", "sentiment_ci_high"):
            frame[c] = frame[c].astype("float64")
        frame.attrs["report"] = result
        return frame
    import polars as pl

    return pl.DataFrame(rows, schema=columns, orient="row", infer_schema_length=None)


def _scored_records(frame: Any, how: str) -> List[dict]:
    """A scored frame's rows in ``score --format jsonl``'s shape."""
    need = ["source", "stance", "stance_index", "p_favor", "p_against", "p_none",
            "sentiment", "p_positive", "p_negative", "p_neutral", "paragraphs"]
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise KeyError(f"not the scores of Scorer.score: no column(s) {', '.join(missing)}")
    if how == "pandas":
        get = {c: _frames._pandas_values(frame[c], c) for c in frame.columns if c in need + ["id", "title", "date"]}
        ids = get.get("id") or [str(i) for i in frame.index]
    else:
        get = {c: frame[c].to_list() for c in frame.columns if c in need + ["id", "title", "date"]}
        ids = get.get("id") or [str(i) for i in range(frame.height)]
    n = len(ids)
    out = []
    for i in range(n):
        label = get["stance"][i]
        stance = None if label is None else {
            "label": label, "index": get["stance_index"][i],
            "probs": {"FAVOR": get["p_favor"][i], "AGAINST": get["p_against"][i], "NONE": get["p_none"][i]},
        }
        slabel = get["sentiment"][i]
        sentiment = None if slabel is None else {
            "label": slabel,
            "probs": {"positive": get["p_positive"][i], "negative": get["p_negative"][i], "neutral": get["p_neutral"][i]},
        }
        paras = get["paragraphs"][i]
        out.append({
            "id": ids[i], "source": get["source"][i],
            "title": get.get("title", [None] * n)[i], "date": get.get("date", [None] * n)[i],
            "stance": stance, "sentiment": sentiment, "paragraphs": 0 if paras is None else int(paras),
        })
    return out


train.__doc__ = (train.__doc__ or "") + "\n" + _options.describe("train", exclude={"task", "out"})
evaluate.__doc__ = (evaluate.__doc__ or "") + "\n" + _options.describe("evaluate", exclude={"task", "format", "out"})
explain.__doc__ = (explain.__doc__ or "") + "\n" + _options.describe("explain", exclude={"format", "out"})
