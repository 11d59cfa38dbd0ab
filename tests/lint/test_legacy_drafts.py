"""Drafts in the formats people have: .doc, .wps, .rtf and .odt are linted, read back and format-checked
through LibreOffice; a folder of mixed drafts is linted in one process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from speechkit import soffice
from speechkit.cli import cli
from tests.conftest import EXAMPLES, ROOT
from tests.legacy import convert, needs_soffice

DRAFT = """关于开展岁末年初安全生产大检查的通知

各乡镇人民政府，县工商局、县食品药品监督管理局：
为切实做好岁末年初安全生产工作，现将有关事项通知如下。
"""
LEGACY = ("doc", "wps", "rtf", "odt")


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """The draft as .txt and as LibreOffice saves it in every legacy format."""
    if soffice.find_soffice() is None:
        return {}
    folder = tmp_path_factory.mktemp("legacy")
    text = folder / "notice.txt"
    text.write_text(DRAFT, encoding="utf-8")
    return {"txt": text, **{suffix: convert(text, suffix, folder) for suffix in LEGACY}}


def findings(path: Path) -> list[tuple[int, int, str]]:
    result = run("lint", "--format", "json", path)
    assert result.exit_code == 1, result.output
    return [(f["line"], f["column"], f["code"]) for f in json.loads(result.stdout)["findings"]]


@needs_soffice
@pytest.mark.parametrize("suffix", LEGACY)
def test_legacy_draft_is_linted_like_the_text(made, suffix):
    assert made[suffix].read_bytes()[:4] != b"PK\x03\x04" or suffix == "odt"  # not a .docx in disguise
    expected = findings(made["txt"])
    assert len(expected) == 2
    assert findings(made[suffix]) == expected


@needs_soffice
@pytest.mark.parametrize("option", [["--fix"], ["--diff"], ["--unsafe-fixes", "-o", "out.docx"],
                                    ["--annotate", "out.docx"], ["--fix", "--track-changes"]])
def test_fixing_a_legacy_draft_is_refused(made, option, tmp_path):
    copy = tmp_path / "notice.doc"
    shutil.copy(made["doc"], copy)
    result = run("lint", *option, copy)
    assert result.exit_code == 2
    assert result.stderr == (f"speechkit: 错误：{copy}: .doc 文件只能检查，不能修改或加批注：请先另存为 .docx"
                             "（或运行 soffice --headless --convert-to docx notice.doc），再对 .docx 使用此选项\n")
    assert copy.read_bytes() == made["doc"].read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notice.doc"]


@needs_soffice
@pytest.mark.parametrize("suffix", LEGACY)
def test_legacy_draft_reads_back_and_is_format_checked(tmp_path, suffix):
    docx = tmp_path / "notice.docx"
    assert run("render", EXAMPLES / "notice.yaml", "-o", docx).exit_code == 0
    legacy = convert(docx, suffix, tmp_path / "made")
    out = tmp_path / "back.yaml"
    result = run("outline", legacy, "-o", out)
    assert result.exit_code == 0, result.output
    assert "文种：notice" in result.stderr
    direct = tmp_path / "direct.yaml"
    assert run("outline", docx, "-o", direct).exit_code == 0
    back, expected = (yaml.safe_load(p.read_text(encoding="utf-8")) for p in (out, direct))
    # LibreOffice's .doc/.rtf export repeats the imprint's text in a frame, read back as an attachment.
    parts = ("organ", "doc_number", "title", "addressee", "preamble", "items", "date", "cc", "imprint")
    assert {k: back.get(k) for k in parts} == {k: expected.get(k) for k in parts}
    checked = run("check-format", "--format", "json", legacy)
    assert checked.exit_code in (0, 1), checked.output
    assert json.loads(checked.stdout)["files"] == [str(legacy)]


def test_missing_soffice_is_one_chinese_line(tmp_path, monkeypatch):
    draft = tmp_path / "旧稿.wps"
    draft.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    monkeypatch.setattr(soffice, "find_soffice", lambda: None)
    for command in (["lint"], ["check-format"]):
        result = run(*command, draft)
        assert result.exit_code == 2
        assert result.stderr == (f"speechkit: 错误：{draft}: 读取.wps文件需要 LibreOffice，但未找到 soffice"
                                 "（请安装 LibreOffice，或设置 SPEECHKIT_SOFFICE，或先另存为 .docx）\n")
    result = run("outline", draft, "-o", tmp_path / "x.yaml")
    assert result.exit_code == 2 and "未找到 soffice" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["旧稿.wps"]


def test_a_table_is_not_a_draft(tmp_path):
    sheet = tmp_path / "名单.xls"
    sheet.write_bytes(b"\xd0\xcf\x11\xe0")
    result = run("lint", sheet)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"speechkit: 错误：{sheet}: .xls 是表格，不是文稿")


# ---------------------------------------------------------------------------------------------
# Folders.


def test_folder_walk_glob_and_empty_folder(tmp_path):
    (tmp_path / "sub" / ".hidden").mkdir(parents=True)
    (tmp_path / "b.txt").write_text("县工商局要加强监管。\n", encoding="utf-8")
    (tmp_path / "sub" / "a.md").write_text("县工商局要加强监管。\n", encoding="utf-8")
    (tmp_path / "sub" / ".hidden" / "c.txt").write_text("县工商局要加强监管。\n", encoding="utf-8")
    (tmp_path / "sub" / "~$lock.docx").write_bytes(b"\0")
    (tmp_path / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    result = run("lint", tmp_path)
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        str(tmp_path / "b.txt"), str(tmp_path / "sub" / "a.md")]
    only = run("lint", "--glob", "*.MD", tmp_path)
    assert [line.split(":")[0] for line in only.stdout.splitlines()] == [str(tmp_path / "sub" / "a.md")]
    empty = run("lint", "--glob", "*.pdf", tmp_path)
    assert empty.exit_code == 2
    assert empty.stderr == f"speechkit: 错误：{tmp_path}: 文件夹中没有与 *.pdf 相符的文稿\n"
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "a.txt").write_text("现将有关事项通知如下。\n", encoding="utf-8")
    assert run("lint", clean).exit_code == 0


# Run in a child process so the counts are of one fresh `speechkit lint` process, not of the test run's.
_COUNTING = """
import sys
from speechkit import cli, segment, soffice
counts = {"jieba": 0, "soffice": 0}
load, start = segment.Segmenter._load, soffice._run
def counted_load(self):
    counts["jieba"] += 1
    return load(self)
def counted_run(*args):
    counts["soffice"] += 1
    return start(*args)
segment.Segmenter._load, soffice._run = counted_load, counted_run
end = cli._exit
def counted_exit(code):
    sys.stderr.write(f"COUNTS {counts['jieba']} {counts['soffice']}\\n")
    end(code)
cli._exit = counted_exit
sys.argv = ["speechkit", "lint", "--format", "json", sys.argv[1]]
cli.main()
"""


@needs_soffice
def test_two_hundred_mixed_drafts_in_one_process(made, tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    docx = tmp_path / "notice.docx"
    assert run("render", EXAMPLES / "notice.yaml", "-o", docx).exit_code == 0
    sources = [made["txt"], docx, *(made[s] for s in LEGACY)]
    for n in range(200):
        source = sources[n % len(sources)] if n % 20 else made["doc"]
        if n % 3 == 0 and source.suffix == ".txt":
            target = folder / f"d{n:03d}.md"
        else:
            target = folder / f"{'sub/' if n % 2 else ''}d{n:03d}{source.suffix}"
        target.parent.mkdir(exist_ok=True)
        shutil.copy(source, target)
    done = subprocess.run([sys.executable, "-c", _COUNTING, str(folder)], capture_output=True, text=True,
                          cwd=tmp_path, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin",
                                             "HOME": str(tmp_path)}, timeout=600)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert len(report["files"]) == 200
    paths = [f["path"] for f in report["findings"]]
    assert len(set(paths)) == len([p for p in report["files"] if not p.endswith(".docx")])
    assert paths == sorted(paths, key=report["files"].index)  # grouped per file, in folder order
    assert done.stderr.splitlines()[-1] == "COUNTS 1 1"  # one jieba load, one LibreOffice run for all legacy files
