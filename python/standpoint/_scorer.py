"""The Scorer: stance and sentiment of articles held in Python or read from paths."""

from __future__ import annotations

import os
from typing import Any, Optional, Union

from . import _frames, _native

ModelLike = Union[str, "os.PathLike[str]", _native.Model]


class Scorer:
    """Scores articles' stance toward NATO taking a larger role in Asia and the
    Indo-Pacific (FAVOR / AGAINST / NONE, stance index = P(FAVOR) − P(AGAINST)) and their
    sentiment (positive / negative / neutral), exactly as ``standpoint score`` does.

    The models are loaded once, when the scorer is made: ``Scorer()`` uses the built-in
    models; ``Scorer(model_dir="models/")`` reads ``stance.json`` and ``sentiment.json``
    there; ``Scorer(stance="my_stance.json")`` (a path or a :class:`Model`) replaces one
    of them. Scoring runs on ``threads`` workers (default: the cores available) — the
    command line's worker pool — with the GIL released.

    ``score`` takes:

    * a text (``str``) → one dict;
    * a list of texts or of records (dicts in the JSONL article shape: ``text`` and
      optionally ``id``, ``source``, ``title``, ``author``, ``date``, ``url``) → a list of
      dicts, each what ``standpoint score --format jsonl`` prints for that record;
    * a pandas or polars DataFrame → the same kind of frame: its columns followed by the
      score columns (``source``, ``title``, ``date``, ``author``, ``url``, ``stance``,
      ``stance_index``, ``p_favor``, ``p_against``, ``p_none``, ``sentiment``,
      ``p_positive``, ``p_negative``, ``p_neutral``, ``paragraphs``; ``id`` when the frame
      has ids). Article fields come from the columns named by ``text_col`` (default
      ``"text"``) and ``id_col``, ``source_col``, … (default: the column of the field's
      name, when there is one). Metadata the frame lacks is taken from the text, as the
      command line does, so the ``source`` / ``title`` … columns are replaced by the
      resolved values (unchanged where the frame had one);
    * a pandas or polars Series of texts → a frame of the score columns;
    * a :class:`pathlib.Path` (or a list of them): files, directories and ``.jsonl`` files
      read as ``standpoint score PATH…`` reads them → a list of dicts.

    Data held in Python is read as a JSONL stream would be: item ``i`` is line ``i + 1``
    of an input named ``<input>``, which gives the default ids (``<input>:1`` …) and the
    ``line`` of each paragraph. ``paragraphs=True`` adds each article's paragraph scores
    (``paragraph_scores``: kind, line, text, quoted share, weight, stance, sentiment).
    A bad article (empty or missing text, a field that is not a string, past a limit)
    raises :class:`standpoint.InputError` naming it; with ``skip_bad=True`` it is skipped
    with a warning instead — left out of a list, a row of missing scores in a frame.
    ``output="pandas"`` / ``"polars"`` / ``"dicts"`` asks for another form of result.

    >>> s = Scorer()
    >>> s.score(["NATO and Japan deepen their partnership.", "The summit opened."])
    [{'id': '<input>:1', 'source': 'unknown', ..., 'stance': {'label': ..., 'index': ...}, ...}, ...]
    >>> s.score(df, text_col="body", source_col="outlet")  # doctest: +SKIP
    """

    def __init__(
        self,
        stance: Optional[ModelLike] = None,
        sentiment: Optional[ModelLike] = None,
        *,
        model_dir: Optional[Union[str, "os.PathLike[str]"]] = None,
        threads: Optional[int] = None,
        max_article_bytes: Optional[int] = None,
        max_line_bytes: Optional[int] = None,
        max_paragraphs: Optional[int] = None,
        encoding: Optional[str] = None,
    ) -> None:
        self._native = _native.Scorer(
            stance,
            sentiment,
            model_dir,
            threads,
            max_article_bytes,
            max_line_bytes,
            max_paragraphs,
            encoding,
        )

    @property
    def threads(self) -> int:
        """Worker threads used to score."""
        return self._native.threads

    @property
    def stance_model(self) -> _native.Model:
        """The stance model."""
        return self._native.stance

    @property
    def sentiment_model(self) -> _native.Model:
        """The sentiment model."""
        return self._native.sentiment

    def __repr__(self) -> str:
        return f"Scorer(stance={self.stance_model!r}, sentiment={self.sentiment_model!r}, threads={self.threads})"

    def _dicts(self, items: Any, paragraphs: bool, skip_bad: bool) -> list:
        """Scored dicts of a list or columns, skipped inputs left out."""
        result, warnings = self._native.score(items, paragraphs, skip_bad)
        _frames.warn_all(warnings, "skip_bad=True")
        return [r for r in result if r is not None]

    def score(
        self,
        articles: Any,
        *,
        paragraphs: bool = False,
        skip_bad: bool = False,
        output: Optional[str] = None,
        text_col: str = "text",
        id_col: Optional[str] = None,
        source_col: Optional[str] = None,
        title_col: Optional[str] = None,
        author_col: Optional[str] = None,
        date_col: Optional[str] = None,
        url_col: Optional[str] = None,
    ) -> Any:
        """Scores ``articles`` (see the class's documentation for what it takes and
        returns)."""
        how = _frames.kind(articles)
        native = self._native
        if how == "text":
            (result,), warnings = native.score([articles], paragraphs, skip_bad)
            _frames.warn_all(warnings, "skip_bad=True")
            return result
        if how == "paths":
            paths = [articles] if isinstance(articles, os.PathLike) else list(articles)
            out = _frames.frame_kind(output, "dicts")
            result, warnings = native.score_paths(paths, paragraphs, skip_bad, out != "dicts")
            _frames.warn_all(warnings, "skip_bad=True")
            return result if out == "dicts" else _frames.frame_from_columns(result, out)
        if how == "list":
            out = _frames.frame_kind(output, "dicts")
            items = articles if isinstance(articles, list) else list(articles)
            if out == "dicts":
                return self._dicts(items, paragraphs, skip_bad)
            cols, warnings = native.score_columns(items, paragraphs, skip_bad, True)
            _frames.warn_all(warnings, "skip_bad=True")
            return _frames.frame_from_columns(cols, out)
        if how in ("pandas-series", "polars-series"):
            lib = how.split("-")[0]
            out = _frames.frame_kind(output, lib)
            texts = _frames.series_columns(articles, how)
            if out == "dicts":
                return self._dicts(texts, paragraphs, skip_bad)
            cols, warnings = native.score_columns(texts, paragraphs, skip_bad, False)
            _frames.warn_all(warnings, "skip_bad=True")
            index = articles.index if lib == "pandas" and out == "pandas" else None
            return _frames.frame_from_columns(cols, out, index)
        if how in ("pandas", "polars"):
            names = _frames.column_names(
                text_col,
                id_col=id_col,
                source_col=source_col,
                title_col=title_col,
                author_col=author_col,
                date_col=date_col,
                url_col=url_col,
            )
            return score_frame(self, articles, how, names, paragraphs, skip_bad, output)
        raise TypeError(
            "Scorer.score() takes a str, a list of texts or records, a pandas or polars "
            f"DataFrame or Series, or pathlib.Path(s); got {type(articles).__name__}"
        )



def score_frame(
    scorer: Scorer,
    frame: Any,
    how: str,
    names: dict,
    paragraphs: bool,
    skip_bad: bool,
    output: Optional[str],
    text_lines: bool = False,
) -> Any:
    """Scores a pandas or polars frame: the frame with the score columns (see
    :class:`Scorer`); with ``text_lines``, paragraph lines count within each text."""
    cols, used = _frames.columns_of(frame, how, names)
    out = _frames.frame_kind(output, how)
    if out == "dicts":
        return scorer._dicts(cols, paragraphs, skip_bad)
    scored, warnings = scorer._native.score_columns(cols, paragraphs, skip_bad, "id" in used, text_lines)
    _frames.warn_all(warnings, "skip_bad=True")
    if out != how:
        return _frames.frame_from_columns(scored, out)
    index = frame.index if how == "pandas" else None
    scores = _frames.frame_from_columns(scored, how, index)
    return _frames.join(frame, scores, how, used)
