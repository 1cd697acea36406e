"""Shared fixtures: the command-line binary to compare with, the seeds, and corpora made
with the peers' generator (``../shared/peers/corpus/make_corpus.py``).

Environment: ``STANDPOINT_BIN`` (default ``target/release/standpoint``, built with cargo
when missing), ``SHARED`` (default ``../shared`` beside the repository), and
``STANDPOINT_REQUIRE_ALL=1`` (CI) to fail instead of skipping a test whose data, Java or
pyspark is missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("SHARED", ROOT.parent / "shared"))
REQUIRE_ALL = os.environ.get("STANDPOINT_REQUIRE_ALL") == "1"


def need(ok: bool, why: str) -> None:
    """Skips the test unless ``ok``; under STANDPOINT_REQUIRE_ALL=1 fails instead."""
    if not ok:
        if REQUIRE_ALL:
            pytest.fail(f"{why} (STANDPOINT_REQUIRE_ALL=1)")
        pytest.skip(why)


@pytest.fixture(scope="session")
def cli_bin() -> Path:
    path = Path(os.environ.get("STANDPOINT_BIN", ROOT / "target" / "release" / "standpoint"))
    if not path.exists():
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return path


@pytest.fixture(scope="session")
def cli(cli_bin):
    """Runs the command line; returns its standard output (fails on a non-zero exit)."""

    def run(*args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
        p = subprocess.run(
            [str(cli_bin), *map(str, args)],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if check and p.returncode != 0:
            raise AssertionError(f"standpoint {' '.join(map(str, args))} failed: {p.stderr}")
        return p

    return run


def jsonl(text: str) -> list:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("corpus")


def make_corpus(out: Path, *args: str) -> Path:
    gen = SHARED / "peers" / "corpus" / "make_corpus.py"
    need(gen.exists(), f"{gen} is missing (set SHARED)")
    if not out.exists():
        subprocess.run(
            [sys.executable, str(gen), "articles", *args, "--out", str(out)],
            cwd=gen.parent,
            check=True,
            capture_output=True,
        )
    return out


@pytest.fixture(scope="session")
def corpus_10mb(corpus_dir) -> Path:
    """The 10 MB benchmark corpus: 2,045 articles of about 5 KB."""
    return make_corpus(corpus_dir / "articles_10mb.jsonl", "--size", "10MB")


@pytest.fixture(scope="session")
def corpus_small_articles(corpus_dir) -> Path:
    """11,345 articles of 1.5–3 KB (24 MB): over 10,000 articles for the Spark test."""
    return make_corpus(
        corpus_dir / "articles_24mb.jsonl", "--size", "24MB", "--min-bytes", "1500", "--max-bytes", "3000"
    )


def read_jsonl(path: Path) -> list:
    with open(path, encoding="utf-8") as f:
        return jsonl(f.read())


def flat(d: dict) -> dict:
    """A scored article (``score --format jsonl``) as the columns of a scored frame."""
    st, se = d["stance"], d["sentiment"]
    return {
        "id": d["id"],
        "source": d["source"],
        "title": d["title"],
        "date": d.get("date"),
        "author": d.get("author"),
        "url": d.get("url"),
        "stance": st and st["label"],
        "stance_index": st and st["index"],
        "p_favor": st and st["probs"]["FAVOR"],
        "p_against": st and st["probs"]["AGAINST"],
        "p_none": st and st["probs"]["NONE"],
        "sentiment": se and se["label"],
        "p_positive": se and se["probs"]["positive"],
        "p_negative": se and se["probs"]["negative"],
        "p_neutral": se and se["probs"]["neutral"],
        "paragraphs": d["paragraphs"],
    }
