# Type stubs of the standpoint package. train, evaluate and explain take the command
# line's options by name (tests/test_commands.py checks that these lists are the CLI's).
from os import PathLike
from typing import Any, Dict, List, Literal, Mapping, Optional, Sequence, Tuple, Union

from ._native import Model as Model
from .errors import DataError as DataError
from .errors import FileError as FileError
from .errors import FitError as FitError
from .errors import InputError as InputError
from .errors import ParameterError as ParameterError
from .errors import StandpointError as StandpointError

__version__: str

_Path = Union[str, PathLike[str]]
_Paths = Union[_Path, Sequence[_Path]]
_Range = Union[str, Tuple[int, int]]
_Output = Optional[Literal["pandas", "polars", "dicts"]]
_Encoding = Literal["utf8", "latin1", "gbk", "big5", "shift_jis", "euc-kr"]
# A text, a list of texts or records, a pandas / polars DataFrame or Series, or paths.
_Articles = Any

class Scorer:
    def __init__(
        self,
        stance: Optional[Union[_Path, Model]] = None,
        sentiment: Optional[Union[_Path, Model]] = None,
        *,
        model_dir: Optional[_Path] = None,
        threads: Optional[int] = None,
        max_article_bytes: Optional[int] = None,
        max_line_bytes: Optional[int] = None,
        max_paragraphs: Optional[int] = None,
        encoding: Optional[_Encoding] = None,
    ) -> None: ...
    @property
    def threads(self) -> int: ...
    @property
    def stance_model(self) -> Model: ...
    @property
    def sentiment_model(self) -> Model: ...
    def score(
        self,
        articles: _Articles,
        *,
        paragraphs: bool = False,
        skip_bad: bool = False,
        output: _Output = None,
        text_col: str = "text",
        id_col: Optional[str] = None,
        source_col: Optional[str] = None,
        title_col: Optional[str] = None,
        author_col: Optional[str] = None,
        date_col: Optional[str] = None,
        url_col: Optional[str] = None,
    ) -> Any: ...

def train(
    task: str,
    *,
    out: Optional[_Path] = None,
    data: Optional[Sequence[_Path]] = None,
    lines: Optional[Union[Mapping[_Path, str], Sequence[str]]] = None,
    text_field: Optional[Union[str, Sequence[str]]] = None,
    group_field: Optional[str] = None,
    where: Optional[Union[Mapping[str, str], Sequence[str]]] = None,
    polarity_field: Optional[str] = None,
    opposites: Optional[Union[str, Tuple[str, str]]] = None,
    encoding: Optional[_Encoding] = None,
    extra: Optional[Sequence[_Path]] = None,
    train_also: Optional[Sequence[_Path]] = None,
    prefer: Optional[Literal["neither", "base", "extra"]] = None,
    allow_conflicts: bool = False,
    cv: Optional[Union[str, int]] = None,
    seed: Optional[int] = None,
    threads: Optional[int] = None,
    search: bool = False,
    auto: bool = False,
    search_budget: Optional[int] = None,
    alpha_rule: Optional[Literal["best", "one-se"]] = None,
    target_name: Optional[str] = None,
    target_definition: Optional[str] = None,
    preset: Optional[Literal["auto", "small", "large"]] = None,
    ngram: Optional[_Range] = None,
    char_ngram: Optional[_Range] = None,
    stop_words: Optional[str] = None,
    concepts: Optional[str] = None,
    concept_weight: Optional[float] = None,
    char_weight: Optional[float] = None,
    view_norm: bool = False,
    no_view_norm: bool = False,
    negation: Optional[int] = None,
    no_stem: bool = False,
    no_sublinear_tf: bool = False,
    no_smooth_idf: bool = False,
    min_df: Optional[Union[int, float]] = None,
    max_df: Optional[Union[int, float]] = None,
    max_features: Optional[int] = None,
    alpha: Optional[float] = None,
    balance: Optional[Literal["none", "oversample", "balanced"]] = None,
    nb: bool = False,
    no_nb: bool = False,
    extra_weight: Optional[float] = None,
    max_iter: Optional[int] = None,
    tol: Optional[float] = None,
    solver: Optional[Literal["auto", "linfa", "sparse"]] = None,
    two_step: Optional[str] = None,
    flat: bool = False,
    quiet: bool = False,
) -> Model: ...
def evaluate(
    task: str,
    *,
    model: Optional[Union[_Path, Model]] = None,
    data: Optional[Sequence[_Path]] = None,
    lines: Optional[Union[Mapping[_Path, str], Sequence[str]]] = None,
    text_field: Optional[Union[str, Sequence[str]]] = None,
    group_field: Optional[str] = None,
    where: Optional[Union[Mapping[str, str], Sequence[str]]] = None,
    polarity_field: Optional[str] = None,
    opposites: Optional[Union[str, Tuple[str, str]]] = None,
    encoding: Optional[_Encoding] = None,
    extra: Optional[Sequence[_Path]] = None,
    train_also: Optional[Sequence[_Path]] = None,
    prefer: Optional[Literal["neither", "base", "extra"]] = None,
    allow_conflicts: bool = False,
    cv: Optional[Union[str, int]] = None,
    seed: Optional[int] = None,
    threads: Optional[int] = None,
    folds_out: Optional[_Path] = None,
    test: Optional[Sequence[_Path]] = None,
    predictions_out: Optional[_Path] = None,
    search: bool = False,
    auto: bool = False,
    search_budget: Optional[int] = None,
    alpha_rule: Optional[Literal["best", "one-se"]] = None,
    preset: Optional[Literal["auto", "small", "large"]] = None,
    ngram: Optional[_Range] = None,
    char_ngram: Optional[_Range] = None,
    stop_words: Optional[str] = None,
    concepts: Optional[str] = None,
    concept_weight: Optional[float] = None,
    char_weight: Optional[float] = None,
    view_norm: bool = False,
    no_view_norm: bool = False,
    negation: Optional[int] = None,
    no_stem: bool = False,
    no_sublinear_tf: bool = False,
    no_smooth_idf: bool = False,
    min_df: Optional[Union[int, float]] = None,
    max_df: Optional[Union[int, float]] = None,
    max_features: Optional[int] = None,
    alpha: Optional[float] = None,
    balance: Optional[Literal["none", "oversample", "balanced"]] = None,
    nb: bool = False,
    no_nb: bool = False,
    extra_weight: Optional[float] = None,
    max_iter: Optional[int] = None,
    tol: Optional[float] = None,
    solver: Optional[Literal["auto", "linfa", "sparse"]] = None,
    two_step: Optional[str] = None,
    flat: bool = False,
    quiet: bool = False,
) -> Dict[str, Any]: ...
def explain(
    articles: _Articles = None,
    *,
    model: Optional[Union[_Path, Model]] = None,
    task: Optional[Literal["stance", "sentiment"]] = None,
    top: Optional[int] = None,
    paragraphs: Optional[int] = None,
    encoding: Optional[_Encoding] = None,
    max_article_bytes: Optional[int] = None,
    max_line_bytes: Optional[int] = None,
    max_paragraphs: Optional[int] = None,
    text_field: Optional[str] = None,
    id_field: Optional[str] = None,
    source_field: Optional[str] = None,
    title_field: Optional[str] = None,
    date_field: Optional[str] = None,
    quiet: bool = False,
) -> Any: ...
def segment(
    articles: _Articles,
    *,
    dropped: bool = False,
    output: _Output = None,
    max_article_bytes: Optional[int] = None,
    max_line_bytes: Optional[int] = None,
    max_paragraphs: Optional[int] = None,
    encoding: Optional[_Encoding] = None,
) -> Any: ...
def report(
    scored: Any,
    *,
    by: str = "source",
    min_articles: int = 1,
    resamples: int = 2000,
    seed: int = 0,
    level: float = 0.95,
    dedup: bool = False,
    output: _Output = None,
) -> Any: ...
