"""standpoint scores news articles' **stance** toward a target — NATO taking a larger role
in Asia and the Indo-Pacific: FAVOR / AGAINST / NONE, with a stance index in [-1, 1] — and
their **sentiment** (positive / negative / neutral), with the standpoint library (Rust)
underneath: the same models, the same numbers as the ``standpoint`` command line.

>>> import standpoint
>>> scorer = standpoint.Scorer()                       # the built-in models
>>> scorer.score("NATO opens an office in Tokyo ...")  # one text → one dict
>>> scorer.score(df, text_col="body")                  # a pandas / polars frame → the frame with scores
>>> standpoint.report(scorer.score(df))                # per-source summary with intervals

Also: :func:`train`, :func:`evaluate`, :func:`explain`, :func:`segment`, :class:`Model`,
and :mod:`standpoint.spark` for scoring an archive on a Spark cluster. Errors are the
exceptions of :mod:`standpoint.errors`, with the command line's messages.
"""

from __future__ import annotations

from ._native import Model, __version__
from ._scorer import Scorer
from ._commands import evaluate, explain, report, segment, train
from .errors import DataError, FileError, FitError, InputError, ParameterError, StandpointError

__all__ = [
    "Scorer",
    "Model",
    "train",
    "evaluate",
    "report",
    "segment",
    "explain",
    "StandpointError",
    "InputError",
    "ParameterError",
    "DataError",
    "FitError",
    "FileError",
    "__version__",
]
