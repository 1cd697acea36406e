"""train, evaluate, explain, segment and report equal the command line's output for the
same input, and take its options by name with its defaults and messages."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import standpoint
from conftest import ROOT, jsonl

SEED_LABELS = "data/seed_paragraphs.jsonl"
SEED_FILE = ROOT / "seeds" / "000_2f579bc48ea1c37d.txt"


def test_train_writes_the_same_model_file_as_the_cli(cli, tmp_path):
    cli_out, py_out = tmp_path / "cli.json", tmp_path / "py.json"
    opts = ["--stop-words", "none", "--concept-weight", "4", "--alpha", "1", "--cv", "loao"]
    cli("train", "--task", "sentiment", "--data", SEED_LABELS, *opts, "--out", cli_out)
    import os

    cwd = os.getcwd()
    os.chdir(ROOT)  # the manifest records the data path as given
    try:
        m = standpoint.train(
            "sentiment", data=[SEED_LABELS], stop_words="none", concept_weight=4, alpha=1, cv="loao", out=py_out
        )
    finally:
        os.chdir(cwd)
    assert py_out.read_bytes() == cli_out.read_bytes()
    assert m.to_json() == py_out.read_text()
    assert m.training["cv"]["scheme"].startswith("leave-one-article-out")
    # Trained again over it: the old file is kept as .bak, as the CLI keeps it.
    standpoint.train("sentiment", data=[ROOT / SEED_LABELS], cv="none", out=py_out)
    assert (tmp_path / "py.json.bak").read_bytes() == cli_out.read_bytes()


def test_a_trained_model_scores_and_is_not_written_without_out(tmp_path):
    m = standpoint.train("stance", data=[ROOT / SEED_LABELS], cv="none", ngram=(1, 2))
    assert m.training["params"]["analyzer"]["word_ngrams"] == [1, 2]
    got = standpoint.Scorer(stance=m).score("NATO and Japan sign a partnership.")
    assert got["stance"]["label"] in ("FAVOR", "AGAINST", "NONE")
    assert list(tmp_path.iterdir()) == []


def test_train_errors_are_the_cli_messages(cli, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a", "stance": "FAVOR"}\n{"text": "b", "stance": "MAYBE"}\n')
    cli_err = cli("train", "--task", "stance", "--data", bad, "--out", tmp_path / "m.json", check=False).stderr
    with pytest.raises(standpoint.InputError) as e:
        standpoint.train("stance", data=[bad])
    assert cli_err.strip() == f"standpoint: error: {e.value}"
    assert f"{bad}:2" in str(e.value)
    with pytest.raises(standpoint.ParameterError, match="invalid value 'x' for '--alpha <ALPHA>'"):
        standpoint.train("stance", data=[bad], alpha="x")
    with pytest.raises(standpoint.ParameterError, match="invalid parameter"):
        standpoint.train("stance", data=[ROOT / SEED_LABELS], alpha=-1, cv="none")
    with pytest.raises(TypeError, match="unexpected keyword argument 'alhpa'"):
        standpoint.train("stance", data=[bad], alhpa=1)
    with pytest.raises(TypeError, match="no_stem is a flag"):
        standpoint.train("stance", data=[bad], no_stem="yes")


def test_evaluate_equals_the_cli(cli):
    want = json.loads(cli("evaluate", "--task", "stance", "--data", SEED_LABELS, "--cv", "loao", "--format", "json").stdout)
    got = standpoint.evaluate("stance", data=[ROOT / SEED_LABELS], cv="loao")
    assert got == want and 0 < got["macro_f1"] < 1
    want = json.loads(
        cli("evaluate", "--task", "stance", "--data", SEED_LABELS, "--model", "models/stance.json", "--format", "json").stdout
    )
    assert standpoint.evaluate("stance", data=[ROOT / SEED_LABELS], model=standpoint.Model.builtin("stance")) == want


def test_explain_equals_the_cli(cli):
    want = jsonl(cli("explain", SEED_FILE, "--format", "json", "--paragraphs", "2", "--top", "4").stdout)
    assert standpoint.explain(SEED_FILE, paragraphs=2, top=4) == want
    want = json.loads(cli("explain", "--task", "sentiment", "--format", "json", "--top", "5").stdout)
    assert standpoint.explain(task="sentiment", top=5) == want
    text = "Forcibly meddling in regional affairs will provoke bloc confrontation."
    e = standpoint.explain(text)
    assert e["id"] == "<input>:1" and e["task"] == "stance" and len(e["paragraphs"]) == 1
    with pytest.raises(standpoint.ParameterError, match="not 'topic'"):
        standpoint.explain(text, task="topic")


def test_segment_equals_the_cli(cli):
    want = jsonl(cli("segment", "seeds/", "--format", "jsonl").stdout)
    assert standpoint.segment(ROOT / "seeds") == want
    rows = standpoint.segment("NATO summit opens\nBy Jane Roe\nLeaders met in Washington on Tuesday.\n", dropped=True)
    assert [(r["kind"], r["rule"]) for r in rows] == [("title", None), ("dropped", "byline"), ("body", None)]
    page = ROOT / "tests/fixtures/inputs/ferry-page.html"
    rows = standpoint.segment([{"id": "ferry", "html": page.read_text()}], dropped=True)
    removed = {r["rule"] for r in rows if r["kind"] == "removed"}
    assert {"navigation", "cookie-banner", "comments", "related-links", "script"} <= removed
    assert rows[0]["kind"] == "removed" and rows[-1]["kind"] == "body"
    pd = pytest.importorskip("pandas")
    frame = standpoint.segment(pd.DataFrame({"id": ["x"], "text": ["Title here\nA body line that is long enough to keep.\n"]}))
    assert list(frame["id"]) == ["x-00", "x-01"]


def test_report_equals_the_cli(cli, tmp_path):
    scored_path = tmp_path / "scored.jsonl"
    scored_path.write_text(cli("score", "seeds/", "--format", "jsonl").stdout)
    want = json.loads(cli("report", scored_path, "--format", "json").stdout)
    scored = standpoint.Scorer().score(ROOT / "seeds")
    assert standpoint.report(scored, output="dicts") == want
    frame = standpoint.report(scored)
    csv_header = cli("report", scored_path, "--format", "csv").stdout.splitlines()[0]
    assert ",".join(frame.columns) == csv_header
    assert frame["source"].tolist() == [g["source"] for g in want["groups"]]
    unknown = frame[frame["source"] == "unknown"].iloc[0]
    assert unknown["stance_index_ci_low"] == want["groups"][4]["stance_index_ci"]["low"]
    assert frame.attrs["report"] == want


def test_report_of_a_scored_frame_equals_the_cli(cli, corpus_10mb, tmp_path):
    pd = pytest.importorskip("pandas")
    scored_path = tmp_path / "scored.jsonl"
    scored_path.write_text(cli("score", corpus_10mb, "--format", "jsonl").stdout)
    want = json.loads(cli("report", scored_path, "--format", "json", "--by", "source").stdout)
    frame = standpoint.Scorer().score(pd.read_json(corpus_10mb, lines=True))
    assert standpoint.report(frame, output="dicts") == want
    assert len(standpoint.report(frame)) == len(want["groups"]) == 12


def test_report_refuses_repeated_ids_unless_dedup():
    scored = standpoint.Scorer().score(["NATO met in Tokyo.", "Asia."])
    twice = scored + scored[:1]
    with pytest.raises(standpoint.DataError, match=r"<input>:3: article id '<input>:1' was already read at <input>:1"):
        standpoint.report(twice)
    with pytest.warns(UserWarning, match="repeated id"):
        assert standpoint.report(twice, dedup=True, output="dicts")["articles"] == 2


def test_defaults_mirror_the_cli():
    opts = {o["name"]: o for o in standpoint._native.command_options("report")}
    import inspect

    sig = inspect.signature(standpoint.report).parameters
    for name in ("by", "min_articles", "resamples", "seed", "level", "dedup"):
        cli_default = opts[name]["default"]
        py_default = sig[name].default
        assert [str(py_default).lower()] == [d.lower() for d in cli_default] or (cli_default == [] and py_default is False), name


STUBS = Path(standpoint.__file__).with_name("__init__.pyi")


def stub_params(function: str) -> set:
    tree = ast.parse(STUBS.read_text())
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == function:
            a = node.args
            return {x.arg for x in a.args + a.kwonlyargs}
    raise AssertionError(f"{function} not in {STUBS}")


@pytest.mark.parametrize(
    "command, extra, excluded",
    [
        ("train", {"out"}, set()),
        ("evaluate", set(), {"format", "out"}),
        ("explain", {"articles"}, {"format", "out"}),
    ],
)
def test_stubs_list_every_option_of_the_cli(command, extra, excluded):
    cli_names = {o["name"] for o in standpoint._native.command_options(command)} - excluded
    assert stub_params(command) == cli_names | extra
