"""Accuracy on real public documents (tests/lint/realdocs/manifest.yaml): what must not be flagged is not.

Recall is printed by ``python benchmarks/lint_corpus.py``; here the hard lines: the clean recent documents
give no T or C finding, no annotated must-not span is flagged, and every annotation still matches its text.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "lint_corpus.py"
_spec = importlib.util.spec_from_file_location("lint_corpus", _BENCH)
corpus = sys.modules.setdefault("lint_corpus", importlib.util.module_from_spec(_spec))
if not hasattr(corpus, "load_realdocs"):
    _spec.loader.exec_module(corpus)

DOCS = corpus.load_realdocs()


def test_the_corpus_is_large_and_varied():
    assert len(DOCS) >= 25
    years = {d.meta["year"] for d in DOCS if d.meta.get("year")}
    assert min(years) <= 2008 and max(years) >= 2024
    assert len([d for d in DOCS if d.clean and d.meta["year"] >= 2023]) >= 3
    assert all(d.meta.get("source", "").startswith("http") for d in DOCS)


@pytest.mark.parametrize("doc", [d for d in DOCS if d.clean], ids=lambda d: d.file)
def test_clean_recent_documents_give_no_term_finding(doc, rules):
    found = [(code, doc.text[a:b]) for family, a, b, code in corpus.speechkit_hits(doc, rules) if family in "TC"]
    assert found == []


@pytest.mark.parametrize("doc", [d for d in DOCS if any(s.kind == "not" for s in d.spans)], ids=lambda d: d.file)
def test_must_not_spans_are_not_flagged(doc, rules):
    hits = corpus.speechkit_hits(doc, rules)
    flagged = [(s.text, code) for s in doc.spans if s.kind == "not"
               for family, a, b, code in hits if family == s.family and s.overlaps(a, b)]
    assert flagged == []


def test_an_annotation_that_matches_nothing_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("市环保局要加强监管。\n", encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "documents:\n  - file: a.txt\n    find:\n      - {T: 国土资源局}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not in the text"):
        corpus.load_realdocs(tmp_path)


def test_scoring_counts_misses_and_false_alarms(tmp_path):
    (tmp_path / "a.txt").write_text("市环保局和县农业局要加强监管。\n原县国土资源局的档案移交县档案馆。\n",
                                    encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "documents:\n  - file: a.txt\n    find:\n      - {T: 环保局}\n      - {T: 农业局}\n"
        "    not:\n      - {T: 原县国土资源局}\n", encoding="utf-8")
    (doc,) = corpus.load_realdocs(tmp_path)
    hits = [("T", 1, 4, "T202"), ("T", 18, 23, "T201")]  # 环保局 found, 农业局 missed, 国土资源局 wrongly flagged
    result = corpus.score([doc], lambda d: hits)
    assert (result.annotated["T"], result.found["T"], result.recall("T")) == (2, 1, 0.5)
    assert [m[2] for m in result.misses] == ["农业局"]
    assert [f[2] for f in result.false_alarms] == ["国土资源局"] and len(result.not_flagged) == 1
