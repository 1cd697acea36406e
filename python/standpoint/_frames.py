"""Articles from Python values, and scores back as Python values: lists of texts or
records, pandas and polars DataFrames (and Series), paths. pandas and polars are imported
only when a frame of theirs is given or asked for."""

from __future__ import annotations

import os
from typing import Any, Dict, List, Mapping, Optional, Tuple

from . import _native

#: The article fields a frame's columns can give (``text`` is required).
FIELDS = ("text", "id", "source", "title", "author", "date", "url")

#: The score columns of a scored frame and the kind of value each holds.
SCORE_COLUMNS: List[Tuple[str, str]] = list(_native.frame_columns())


def column_names(text_col: str, **cols: Optional[str]) -> Dict[str, Optional[str]]:
    """The columns asked for each article field: ``text_col`` and ``FIELD_col`` keywords
    (``id_col=…``); a field not named is ``None`` (the column of its own name, if any)."""
    names: Dict[str, Optional[str]] = {f: None for f in FIELDS}
    names["text"] = text_col
    for key, col in cols.items():
        field = key[: -len("_col")]
        if not key.endswith("_col") or field not in names or field == "text":
            raise TypeError(f"unexpected keyword argument {key!r}")
        names[field] = col
    return names


def kind(obj: Any) -> str:
    """``pandas``, ``polars``, ``pandas-series``, ``polars-series``, ``paths``, ``text``,
    ``list`` or ``other``."""
    if isinstance(obj, str):
        return "text"
    if isinstance(obj, os.PathLike):
        return "paths"
    mod = type(obj).__module__.split(".")[0]
    name = type(obj).__name__
    if mod == "pandas":
        return {"DataFrame": "pandas", "Series": "pandas-series"}.get(name, "other")
    if mod == "polars":
        return {"DataFrame": "polars", "Series": "polars-series"}.get(name, "other")
    if isinstance(obj, (list, tuple)):
        if obj and all(isinstance(x, os.PathLike) for x in obj):
            return "paths"
        return "list"
    return "other"


def _pandas_values(series: Any, field: str) -> list:
    import pandas as pd

    if field == "date" and pd.api.types.is_datetime64_any_dtype(series):
        series = series.dt.strftime("%Y-%m-%d")
    values = series.astype(object)
    return values.where(series.notna(), None).tolist()


def _polars_values(series: Any, field: str) -> list:
    import polars as pl

    if field == "date" and series.dtype in (pl.Date, pl.Datetime):
        series = series.dt.strftime("%Y-%m-%d")
    return series.to_list()


def columns_of(frame: Any, how: str, names: Mapping[str, Optional[str]]) -> Tuple[Dict[str, list], Dict[str, str]]:
    """The article fields of a frame's columns: ``names`` maps each field to the column
    asked for (``None``: the column of the field's own name, if the frame has one).
    Returns the columns by field and the frame columns they came from."""
    present = list(frame.columns)
    values = _pandas_values if how == "pandas" else _polars_values
    cols: Dict[str, list] = {}
    used: Dict[str, str] = {}
    for field in FIELDS:
        asked = names.get(field)
        col = asked if asked is not None else field
        if col not in present:
            if asked is not None or field == "text":
                raise KeyError(
                    f"no column {col!r} for the article's {field} (columns: {', '.join(map(str, present))}); "
                    f"name it with {field}_col="
                )
            continue
        cols[field] = values(frame[col], field)
        used[field] = col
    return cols, used


def series_columns(series: Any, how: str) -> Dict[str, list]:
    """The texts of a Series."""
    values = _pandas_values if how == "pandas-series" else _polars_values
    return {"text": values(series, "text")}


def frame_from_columns(cols: Dict[str, list], how: str, index: Any = None) -> Any:
    """A pandas or polars frame of score columns, typed by ``SCORE_COLUMNS``."""
    if how == "pandas":
        import pandas as pd

        frame = pd.DataFrame(cols, index=index)
        for name, k in SCORE_COLUMNS:
            # All-missing columns keep their kind rather than becoming objects of None.
            if name in frame and k == "float":
                frame[name] = frame[name].astype("float64")
        return frame
    import polars as pl

    types = {"str": pl.Utf8, "float": pl.Float64, "int": pl.Int64}
    schema = {name: types[k] for name, k in SCORE_COLUMNS if name in cols and k != "paragraphs"}
    data = {k: v for k, v in cols.items() if k in schema}
    frame = pl.DataFrame(data, schema=schema)
    if "paragraph_scores" in cols:
        frame = frame.with_columns(pl.Series("paragraph_scores", cols["paragraph_scores"], strict=False))
    return frame


def join(frame: Any, scores: Any, how: str, used: Dict[str, str]) -> Any:
    """The input frame with the score columns after its own. A column the scores were read
    from and that a score column is named after (``source``, ``title`` …) is replaced by the
    resolved value — the same where the input had one; any other column of a score column's
    name is an error, since it would be lost."""
    replaced = {col for field, col in used.items() if col == field}
    clash = [c for c in scores.columns if c in set(frame.columns) and c not in replaced]
    if clash:
        raise ValueError(
            f"the input has column(s) {', '.join(map(repr, clash))}, which the scores would replace; "
            "rename or drop them first"
        )
    keep = [c for c in frame.columns if c not in set(scores.columns)]
    # A row skipped with skip_bad has no scores; it keeps the values it came with.
    carried = [c for c in replaced if c in scores.columns]
    if how == "pandas":
        import pandas as pd

        skipped = scores["paragraphs"].isna()
        if skipped.any():
            scores = scores.copy()
            for c in carried:
                scores[c] = scores[c].astype(object).where(~skipped, frame[c])
        return pd.concat([frame[keep], scores], axis=1)
    import polars as pl

    if scores["paragraphs"].null_count():
        skipped = scores["paragraphs"].is_null()
        scores = scores.with_columns(
            [pl.when(skipped).then(frame[c].cast(pl.Utf8, strict=False)).otherwise(scores[c]).alias(c) for c in carried]
        )
    return frame.select(keep).hstack(scores)


def frame_kind(output: Optional[str], default: str) -> str:
    """The kind of frame asked for: ``pandas``, ``polars`` or ``dicts``."""
    out = output or default
    if out not in ("pandas", "polars", "dicts"):
        raise ValueError(f"output={output!r}: expected 'pandas', 'polars' or 'dicts'")
    return out


def records_frame(records: List[dict], how: str) -> Any:
    """A frame of records (dicts with the same keys)."""
    if how == "pandas":
        import pandas as pd

        return pd.DataFrame.from_records(records)
    import polars as pl

    return pl.DataFrame(records, infer_schema_length=None)


def warn_all(warnings: List[str], what: str) -> None:
    """Issues the native code's warnings as Python warnings (one summary line at the end
    when inputs were skipped)."""
    import warnings as w

    for msg in warnings:
        w.warn(msg, stacklevel=3)
    skipped = sum(m.startswith("skipped: ") for m in warnings)
    if skipped:
        w.warn(f"{skipped} bad input(s) skipped ({what})", stacklevel=3)
