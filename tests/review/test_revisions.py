"""Fixes written as tracked changes, read back by speechkit, by the XML rules Word keeps, and by LibreOffice."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from speechkit.docx_io.edit import ParagraphEdit
from speechkit.docx_io.revisions import apply_paragraph_revisions, revision_date
from speechkit.errors import DocumentError
from tests.review.ooxml import W, draft_with_runs, libreoffice_views, ooxml_problems, part, texts

PARAGRAPHS = [
    "各县（市、区）国土资源局、工商局：",
    "为深入贯彻落实省委、省政府关于优化营商环境的决策部署，现将有关事项通知如下。",
    "一、提高认识，切实增强做好此项工作的紧迫感",
    "请于2026年3月31日前将工作总结报送市政府办公室，联系电话：0571-86802101。",
]
DATE = "2026-03-16T00:00:00Z"


def expected_after(paragraphs: list[str], edits: list[ParagraphEdit]) -> list[str]:
    out = list(paragraphs)
    for edit in sorted(edits, key=lambda e: (e.paragraph, e.start, e.end), reverse=True):
        text = out[edit.paragraph - 1]
        out[edit.paragraph - 1] = text[: edit.start] + edit.text + text[edit.end :]
    return out


EDITS = [
    ParagraphEdit(1, 7, 12, "自然资源局", expect="国土资源局"),
    ParagraphEdit(1, 13, 16, "市场监管局", expect="工商局"),
    ParagraphEdit(2, 0, 0, "　　"),  # an insertion at the start
    ParagraphEdit(2, 37, 38, "："),  # one character at the end
    ParagraphEdit(3, 17, 20, ""),  # a deletion alone
]


@pytest.mark.parametrize("seed", range(8))
def test_accepting_gives_the_fixed_text_and_rejecting_the_original(seed):
    data = draft_with_runs(PARAGRAPHS, seed)
    out, skipped, _ = apply_paragraph_revisions(data, EDITS, author="speechkit", date=DATE)
    assert skipped == []
    assert [t for t in texts(out) if t] == expected_after(PARAGRAPHS, EDITS)
    assert [t for t in texts(out, "original") if t] == PARAGRAPHS
    assert ooxml_problems(out) == []


def _rpr_of_char(data: bytes, paragraph: int, index: int) -> bytes:
    """The serialised w:rPr of the run holding character ``index`` of a paragraph."""
    p = list(part(data, "word/document.xml").iter(f"{W}p"))[paragraph - 1]
    pos = 0
    for run in p.iter(f"{W}r"):
        text = "".join(t.text or "" for t in run.iter(f"{W}t", f"{W}delText"))
        if pos <= index < pos + len(text):
            rpr = run.find(f"{W}rPr")
            return etree.tostring(rpr) if rpr is not None else b""
        pos += len(text)
    raise AssertionError("no such character")


@pytest.mark.parametrize("seed", range(6))
def test_each_revision_keeps_the_formatting_of_the_text_it_replaces(seed):
    data = draft_with_runs(PARAGRAPHS, seed)
    out, _, _ = apply_paragraph_revisions(data, EDITS[:1], author="speechkit", date=DATE)
    inserted = next(part(out, "word/document.xml").iter(f"{W}ins"))[0]
    rpr = inserted.find(f"{W}rPr")
    assert (etree.tostring(rpr) if rpr is not None else b"") == _rpr_of_char(data, 1, 7)
    for deleted in part(out, "word/document.xml").iter(f"{W}del"):  # deleted text keeps its own runs' formatting
        assert deleted[0].find(f"{W}delText") is not None


def test_author_and_date_are_written_and_ids_are_unique():
    data = draft_with_runs(PARAGRAPHS, 1)
    out, _, _ = apply_paragraph_revisions(data, EDITS, author="办公室　张三", date=DATE)
    marks = list(part(out, "word/document.xml").iter(f"{W}ins", f"{W}del"))
    assert {m.get(f"{W}author") for m in marks} == {"办公室　张三"}
    assert {m.get(f"{W}date") for m in marks} == {DATE}
    assert len({m.get(f"{W}id") for m in marks}) == len(marks) >= 7


def test_same_input_same_bytes():
    data = draft_with_runs(PARAGRAPHS, 2)
    a = apply_paragraph_revisions(data, EDITS, author="speechkit", date=DATE)[0]
    b = apply_paragraph_revisions(data, EDITS, author="speechkit", date=DATE)[0]
    assert a == b


def test_existing_revisions_are_kept_and_never_nested():
    data = draft_with_runs(PARAGRAPHS, 4)
    first, _, _ = apply_paragraph_revisions(data, EDITS[:1], author="审核人", date=DATE)
    # the second round's fix falls inside the first reviewer's insertion: it is not written there
    inside = ParagraphEdit(1, 9, 11, "资源", expect="资源")
    out, skipped, _ = apply_paragraph_revisions(first, [inside, EDITS[1]], author="speechkit", date=DATE)
    assert skipped == [inside]
    assert ooxml_problems(out) == []
    assert [t for t in texts(out, "original") if t] == PARAGRAPHS
    assert [t for t in texts(out) if t][0] == "各县（市、区）自然资源局、市场监管局："


def test_a_later_round_edits_its_own_insertion():
    data = draft_with_runs(PARAGRAPHS, 5)
    first, _, _ = apply_paragraph_revisions(data, EDITS[:1], author="speechkit", date=DATE)
    again, skipped, _ = apply_paragraph_revisions(first, [ParagraphEdit(1, 9, 11, "规划", expect="资源")],
                                               author="speechkit", date=DATE)
    assert skipped == []
    assert [t for t in texts(again) if t][0].startswith("各县（市、区）自然规划局")
    assert [t for t in texts(again, "original") if t] == PARAGRAPHS
    assert ooxml_problems(again) == []


def test_an_edit_that_does_not_hold_its_expected_text_is_skipped():
    data = draft_with_runs(PARAGRAPHS, 0)
    wrong = ParagraphEdit(1, 7, 12, "自然资源局", expect="环境保护局")
    out, skipped, _ = apply_paragraph_revisions(data, [wrong], author="speechkit", date=DATE)
    assert skipped == [wrong] and out == data


def test_revision_date():
    data = draft_with_runs(PARAGRAPHS, 0)
    assert revision_date(data, "x.docx", "2026-03-16") == "2026-03-16T00:00:00Z"
    assert revision_date(data, "x.docx", "2026-03-16T09:30:00Z") == "2026-03-16T09:30:00Z"
    with pytest.raises(DocumentError, match="修订日期"):
        revision_date(data, "x.docx", "下周一")
    stamped = revision_date(data, "x.docx")  # python-docx's template carries its own date
    assert len(stamped) == 20 and stamped.endswith("Z")


@st.composite
def draft_and_edits(draw):
    alphabet = st.sampled_from(list("国土资源局工商质监食药的和与，。、；：“”（）0123456789ab "))
    paragraphs = draw(st.lists(st.text(alphabet, min_size=1, max_size=40).filter(lambda s: s.strip() == s and s),
                               min_size=1, max_size=4))
    edits = []
    for number, text in enumerate(paragraphs, start=1):
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
        for a, b in zip(cuts[::2], cuts[1::2], strict=False):
            if edits and edits[-1].paragraph == number and a < edits[-1].end:
                continue
            if a == b and edits and edits[-1].paragraph == number and edits[-1].end == a:
                continue
            edits.append(ParagraphEdit(number, a, b, draw(st.text(alphabet, max_size=5)), expect=text[a:b]))
    return paragraphs, [e for e in edits if e.start != e.end or e.text], draw(st.integers(0, 10**6))


@settings(max_examples=150, deadline=None)
@given(draft_and_edits())
def test_property_random_drafts_split_at_random(case):
    paragraphs, edits, seed = case
    data = draft_with_runs(paragraphs, seed)
    out, skipped, _ = apply_paragraph_revisions(data, edits, author="speechkit", date=DATE)
    assert skipped == []
    assert [t for t in texts(out)][-len(paragraphs):] == expected_after(paragraphs, edits)
    assert [t for t in texts(out, "original")][-len(paragraphs):] == paragraphs
    assert ooxml_problems(out) == []


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.layout
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: apt-get install "
                    "libreoffice-writer-nogui")
def test_libreoffice_recognises_the_revisions():
    data = draft_with_runs(PARAGRAPHS, 6)
    out, _, _ = apply_paragraph_revisions(data, EDITS, author="speechkit", date=DATE)
    accepted, original = libreoffice_views(out, SOFFICE)
    assert [t for t in accepted if t] == expected_after(PARAGRAPHS, EDITS)
    assert [t for t in original if t] == PARAGRAPHS
