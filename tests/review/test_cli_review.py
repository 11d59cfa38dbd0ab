"""``speechkit lint --fix --track-changes`` end to end, on the flawed example made into a .docx from elsewhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.review.ooxml import W, draft_with_runs, libreoffice_views, ooxml_problems, part, texts

FLAWED = [line for line in (EXAMPLES / "flawed-draft.txt").read_text(encoding="utf-8").split("\n") if line.strip()]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def speechkit(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "speechkit", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(params=[0, 3, 11])
def draft(request, tmp_path) -> Path:
    path = tmp_path / "draft.docx"
    path.write_bytes(draft_with_runs(FLAWED, request.param))
    return path


@pytest.mark.parametrize("fix", ["--fix", "--unsafe-fixes"])
def test_accepting_all_gives_the_fix_output_and_rejecting_all_the_draft(draft, fix):
    cwd = draft.parent
    tracked = speechkit("lint", draft.name, fix, "--track-changes", "-o", "reviewed.docx", cwd=cwd)
    plain = speechkit("lint", draft.name, fix, "-o", "fixed.docx", cwd=cwd)
    assert tracked.returncode == plain.returncode == 1, tracked.stderr
    reviewed, fixed, original = ((cwd / n).read_bytes() for n in ("reviewed.docx", "fixed.docx", draft.name))
    assert texts(reviewed) == texts(fixed) != texts(original)
    assert texts(reviewed, "original") == texts(original)
    assert ooxml_problems(reviewed) == []
    assert tracked.stdout == plain.stdout  # the same findings remain


def test_revisions_carry_the_author_and_date_given(draft):
    run = speechkit("lint", draft.name, "--fix", "--track-changes", "--author", "县政府办公室", "--date",
                    "2026-03-16", "-o", "r.docx", cwd=draft.parent)
    assert run.returncode == 1
    marks = list(part((draft.parent / "r.docx").read_bytes(), "word/document.xml").iter(f"{W}ins", f"{W}del"))
    assert marks and {(m.get(f"{W}author"), m.get(f"{W}date")) for m in marks} == {
        ("县政府办公室", "2026-03-16T00:00:00Z")}


def test_same_draft_same_bytes(draft):
    for name in ("a.docx", "b.docx"):
        speechkit("lint", draft.name, "--fix", "--track-changes", "-o", name, cwd=draft.parent)
    assert (draft.parent / "a.docx").read_bytes() == (draft.parent / "b.docx").read_bytes()


def test_annotate_with_track_changes_comments_each_revision(draft):
    cwd = draft.parent
    run = speechkit("lint", draft.name, "--fix", "--track-changes", "--annotate", "reviewed.docx", cwd=cwd)
    assert run.returncode == 1, run.stderr
    data = (cwd / "reviewed.docx").read_bytes()
    assert ooxml_problems(data) == []
    assert texts(data, "original") == texts(draft.read_bytes())
    doc = part(data, "word/document.xml")
    revisions = {m.get(f"{W}id"): m for m in doc.iter(f"{W}ins", f"{W}del")}
    comments = part(data, "word/comments.xml")
    assert revisions and comments is not None
    # every revision lies inside a comment's range, and no range mark sits inside a revision
    body = list(doc.iter())
    open_ranges: set[str] = set()
    covered = set()
    for el in body:
        if el.tag == f"{W}commentRangeStart":
            open_ranges.add(el.get(f"{W}id"))
            assert el.getparent().tag not in (f"{W}ins", f"{W}del")
        elif el.tag == f"{W}commentRangeEnd":
            open_ranges.discard(el.get(f"{W}id"))
        elif el.tag in (f"{W}ins", f"{W}del") and open_ranges:
            covered.add(el.get(f"{W}id"))
    assert covered == set(revisions)
    texts_of_comments = ["".join(c.itertext()) for c in comments.iter(f"{W}comment")]
    assert any(t.startswith("T") for t in texts_of_comments)  # an outdated name, fixed and explained
    assert "处修改写成修订" in run.stderr


def test_a_draft_with_revisions_keeps_them_and_is_linted_as_accepted(draft):
    cwd = draft.parent
    speechkit("lint", draft.name, "--fix", "--track-changes", "--author", "甲", "-o", "one.docx", cwd=cwd)
    one = (cwd / "one.docx").read_bytes()
    again = speechkit("lint", "one.docx", "--unsafe-fixes", "--track-changes", "--author", "乙", "-o", "two.docx",
                      cwd=cwd)
    assert "已有" in again.stderr and "修订" in again.stderr
    two = (cwd / "two.docx").read_bytes()
    authors = {m.get(f"{W}author") for m in part(two, "word/document.xml").iter(f"{W}ins", f"{W}del")}
    assert "甲" in authors
    assert texts(two, "original") == texts(draft.read_bytes())
    assert ooxml_problems(two) == []
    # --accepted (the default) sees the first reviewer's fixes; --original sees the draft as written
    assert speechkit("lint", "one.docx", cwd=cwd).stdout.replace("one.docx", "x") == speechkit(
        "lint", "one.docx", "--accepted", cwd=cwd).stdout.replace("one.docx", "x")
    original = speechkit("lint", "one.docx", "--original", cwd=cwd).stdout.replace("one.docx", "x")
    assert original == speechkit("lint", draft.name, cwd=cwd).stdout.replace(draft.name, "x")
    assert len(one) > 0


@pytest.mark.parametrize("args, pattern", [
    (["--track-changes"], "--track-changes"),
    (["--fix", "--original"], "--original"),
])
def test_option_errors(draft, args, pattern):
    run = speechkit("lint", draft.name, *args, cwd=draft.parent)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and pattern in run.stderr and "Traceback" not in run.stderr


def test_track_changes_takes_docx_only(tmp_path):
    (tmp_path / "d.txt").write_text("\n".join(FLAWED), encoding="utf-8")
    run = speechkit("lint", "d.txt", "--fix", "--track-changes", "-o", "o.txt", cwd=tmp_path)
    assert run.returncode == 2 and "d.txt" in run.stderr and ".docx" in run.stderr
    assert not (tmp_path / "o.txt").exists()


@pytest.mark.layout
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: apt-get install "
                    "libreoffice-writer-nogui")
def test_libreoffice_reads_the_same_two_texts(tmp_path):
    draft = tmp_path / "draft.docx"
    draft.write_bytes(draft_with_runs(FLAWED, 5))
    assert speechkit("lint", "draft.docx", "--unsafe-fixes", "--track-changes", "--annotate", "r.docx",
                     cwd=tmp_path).returncode == 1
    speechkit("lint", "draft.docx", "--unsafe-fixes", "-o", "fixed.docx", cwd=tmp_path)
    accepted, original = libreoffice_views((tmp_path / "r.docx").read_bytes(), SOFFICE)
    assert [t for t in accepted if t] == [t for t in texts((tmp_path / "fixed.docx").read_bytes()) if t]
    assert [t for t in original if t] == [t for t in texts(draft.read_bytes()) if t]
