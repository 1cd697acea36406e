"""Scorer: the output equals the command line's for the same articles — the seeds, the
10 MB corpus, frames — and errors carry its messages."""

from __future__ import annotations

import json
import math
import threading
import time
from pathlib import Path

import pytest

import standpoint
from conftest import ROOT, flat, jsonl, read_jsonl

SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def scorer():
    return standpoint.Scorer()


def none_for_nan(rows):
    def fix(v):
        return None if isinstance(v, float) and math.isnan(v) else v

    return [{k: fix(v) for k, v in r.items()} for r in rows]


def test_seeds_with_paragraphs_equal_the_cli(scorer, cli):
    want = jsonl(cli("score", "seeds/", "--format", "jsonl", "--paragraphs").stdout)
    got = scorer.score(SEEDS, paragraphs=True)
    assert len(want) == 7
    assert got == want


def test_records_of_the_10mb_corpus_equal_the_cli_with_paragraphs(scorer, cli, corpus_10mb):
    records = read_jsonl(corpus_10mb)
    want = jsonl(cli("score", corpus_10mb, "--format", "jsonl", "--paragraphs").stdout)
    got = scorer.score(records, paragraphs=True)
    assert len(got) == len(records) == 2045
    # Item i is line i + 1, as in the file: the paragraphs' line numbers agree too.
    assert got == want


def test_texts_alone_are_read_as_jsonl_lines_of_text(scorer, cli):
    texts = ["NATO and Japan sign a partnership programme in Tokyo.", "Meddling in Asia stokes bloc confrontation."]
    stdin = "".join(json.dumps({"text": t}) + "\n" for t in texts)
    want = jsonl(cli("score", "-", "--format", "jsonl", stdin=stdin).stdout)
    got = scorer.score(texts)
    assert [g["id"] for g in got] == ["<input>:1", "<input>:2"]
    for w in want:
        w["id"] = w["id"].replace("-:", "<input>:")
    assert got == want
    assert scorer.score(texts[1]) == dict(want[1], id="<input>:1")


def test_pandas_frame_gets_the_cli_scores_beside_its_columns(scorer, cli, corpus_10mb):
    pd = pytest.importorskip("pandas")
    records = read_jsonl(corpus_10mb)
    frame = pd.DataFrame.from_records(records).rename(columns={"text": "body"})
    frame.index = [f"row{i}" for i in range(len(frame))]
    want = [flat(d) for d in jsonl(cli("score", corpus_10mb, "--format", "jsonl").stdout)]
    got = scorer.score(frame, text_col="body")
    assert list(got.index) == list(frame.index)
    assert list(got.columns) == ["body"] + list(want[0])
    assert (got["body"] == frame["body"]).all()
    assert none_for_nan(got.drop(columns="body").to_dict("records")) == want


def test_polars_frame_gets_the_cli_scores(scorer, cli, corpus_10mb):
    pl = pytest.importorskip("polars")
    records = read_jsonl(corpus_10mb)[:500]
    frame = pl.DataFrame(records)
    want = [flat(d) for d in scorer.score(records)]
    got = scorer.score(frame)
    assert isinstance(got, pl.DataFrame)
    assert got.columns == ["text"] + list(want[0])
    assert got.drop("text").to_dicts() == want


def test_list_in_frame_out_and_series(scorer):
    pd = pytest.importorskip("pandas")
    texts = ["NATO opens a liaison office in Tokyo.", "The alliance met in Brussels."]
    want = [flat(d) for d in scorer.score(texts)]
    got = scorer.score(texts, output="pandas")
    assert none_for_nan(got.to_dict("records")) == want
    series = pd.Series(texts, index=[10, 20])
    s = scorer.score(series)
    assert list(s.index) == [10, 20] and "id" not in s.columns
    assert s["stance_index"].tolist() == [w["stance_index"] for w in want]


def test_frame_metadata_columns_are_resolved_and_clashes_refused(scorer):
    pd = pytest.importorskip("pandas")
    text = "Source: Xinhua\nNATO extending tentacles into Asia-Pacific\nForcibly meddling in regional affairs will stoke tensions.\n"
    frame = pd.DataFrame({"text": [text, text], "source": ["Daily A", None], "outlet": ["x", "y"]})
    got = scorer.score(frame)
    # Given where the frame has it, found in the text where not (as the CLI does).
    assert got["source"].tolist() == ["Daily A", "Xinhua"]
    assert got["outlet"].tolist() == ["x", "y"]
    with pytest.raises(ValueError, match="'stance'"):
        scorer.score(frame.assign(stance=["FAVOR", "NONE"]))
    with pytest.raises(KeyError, match="body"):
        scorer.score(frame, text_col="body")


def test_threads_do_not_change_the_output(corpus_10mb):
    records = read_jsonl(corpus_10mb)[:300]
    one = standpoint.Scorer(threads=1).score(records, paragraphs=True)
    two = standpoint.Scorer(threads=2).score(records, paragraphs=True)
    assert one == two


def test_bad_articles_raise_the_cli_message_or_are_skipped(scorer, cli, tmp_path):
    lines = [{"id": "a", "text": "NATO met."}, {"id": "b", "text": "  "}, {"id": "c", "text": "Asia."}]
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in lines))
    cli_err = cli("score", path, check=False).stderr.strip()
    assert cli_err == f"standpoint: error: {path}:2: empty article (no text to score)"
    with pytest.raises(standpoint.InputError) as e:
        scorer.score(lines)
    assert str(e.value) == "<input>:2: empty article (no text to score)"
    assert isinstance(e.value, ValueError)
    with pytest.raises(standpoint.InputError, match=r"^<input>:1: field 'date' must be a string, found an array$"):
        scorer.score([{"text": "x", "date": [2024]}])
    with pytest.raises(standpoint.InputError, match=r"^<input>:1: missing field 'text' \(a string\), or 'html' \(a saved page\)$"):
        scorer.score([{"title": "no text"}])
    with pytest.warns(UserWarning) as caught:
        kept = scorer.score(lines, skip_bad=True)
    assert [str(w.message) for w in caught] == [
        "skipped: <input>:2: empty article (no text to score)",
        "1 bad input(s) skipped (skip_bad=True)",
    ]
    assert [k["id"] for k in kept] == ["a", "c"]
    pd = pytest.importorskip("pandas")
    with pytest.warns(UserWarning):
        frame = scorer.score(pd.DataFrame.from_records(lines), skip_bad=True)
    assert frame["stance"].isna().tolist() == [False, True, False]
    assert frame["id"].tolist() == ["a", "b", "c"]


def test_model_errors_carry_the_cli_message(cli, tmp_path):
    missing = tmp_path / "nope.json"
    cli_err = cli("score", "seeds/", "--model", missing, check=False).stderr.strip()
    with pytest.raises(standpoint.FileError) as e:
        standpoint.Scorer(stance=missing)
    assert cli_err == f"standpoint: error: {e.value}"
    assert isinstance(e.value, OSError)
    with pytest.raises(standpoint.InputError, match="is a 'sentiment' model, but a 'stance' model is needed"):
        standpoint.Scorer(stance=standpoint.Model.builtin("sentiment"))
    with pytest.raises(standpoint.ParameterError, match="encoding 'klingon'"):
        standpoint.Scorer(encoding="klingon")


def test_models_load_once_per_scorer_not_per_call(corpus_10mb):
    before = standpoint._native.load_count()
    s = standpoint.Scorer()
    assert standpoint._native.load_count() == before + 1
    for _ in range(3):
        s.score(["NATO met in Tokyo."])
    assert standpoint._native.load_count() == before + 1


def test_scoring_releases_the_gil(corpus_10mb):
    records = read_jsonl(corpus_10mb) * 2
    s = standpoint.Scorer(threads=1)
    done = threading.Event()
    spins = 0

    def work():
        s.score(records)
        done.set()

    t = threading.Thread(target=work)
    t.start()
    start = time.perf_counter()
    while not done.is_set():
        spins += 1
    elapsed = time.perf_counter() - start
    t.join()
    # Held, the GIL would stop this loop for the whole call (about 0.4 s on 2 cores).
    assert elapsed > 0.05 and spins > 10_000, (elapsed, spins)


def test_a_model_object_scores_as_its_file(tmp_path):
    m = standpoint.Model.builtin("stance")
    path = tmp_path / "stance.json"
    m.save(path)
    text = ["Japan and NATO agreed to deepen their cooperation."]
    assert standpoint.Scorer(stance=m).score(text) == standpoint.Scorer(stance=path).score(text)
    assert standpoint.Scorer(model_dir=ROOT / "models").score(text) == standpoint.Scorer().score(text)
    assert standpoint.Model.load(path).to_json() == m.to_json()
    assert m.task == "stance" and m.labels == ["AGAINST", "FAVOR", "NONE"]
    assert m.training["label_field"] == "stance"


def test_help_describes_inputs_outputs_and_options():
    doc = standpoint.Scorer.__doc__
    for word in ("model_dir", "paragraphs=True", "skip_bad", "DataFrame", "text_col", "<input>"):
        assert word in doc
    assert "min_df" in standpoint.train.__doc__ and "Drop terms in fewer documents" in standpoint.train.__doc__
