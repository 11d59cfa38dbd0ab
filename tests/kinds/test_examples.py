"""Every example and starter outline renders, deterministically, through the CLI as a user runs it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from speechkit.cli import cli
from speechkit.docx_io import read_docx
from tests.conftest import EXAMPLES

KINDS = ("plan", "decision", "notice", "notice-issue")


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.mark.parametrize("name", KINDS)
@pytest.mark.parametrize("fmt", ["docx", "txt", "md"])
def test_example_renders_the_same_bytes_twice(tmp_path, name, fmt):
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    for out in (first, second):
        result = run("render", str(EXAMPLES / f"{name}.yaml"), "-o", str(out))
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_size > 1000


@pytest.mark.parametrize("name", ["decision", "notice"])
def test_gongwen_parts_read_back_as_their_blocks(tmp_path, name):
    out = tmp_path / "out.docx"
    assert run("render", str(EXAMPLES / f"{name}.yaml"), "-o", str(out)).exit_code == 0
    blocks = read_docx(out).blocks
    kinds = [b.kind for b in blocks]
    assert kinds[:3] == ["organ", "docnumber", "title"]
    assert kinds[-3:] == ["cc", "imprint", "imprint_date"]
    assert blocks[-1].text.endswith("印发")
    assert "attachment_label" in kinds
    note = next(b for b in blocks if b.kind == "attachment")
    assert note.text.startswith("附件：") and "\t" not in note.text


@pytest.mark.parametrize("kind", ["speech", "plan", "decision", "notice"])
def test_starter_outline_is_valid_as_written(tmp_path, kind):
    starter = tmp_path / f"{kind}.yaml"
    result = run("new", kind, "-o", str(starter))
    assert result.exit_code == 0, result.output
    text = starter.read_text(encoding="utf-8")
    assert text.startswith("#") and f"kind: {kind}" in text
    result = run("render", str(starter), "-o", str(tmp_path / f"{kind}.docx"))
    assert result.exit_code == 0, result.output


def test_templates_lists_every_kind_with_a_description():
    result = run("templates")
    assert result.exit_code == 0, result.output
    lines = dict(line.split(None, 1) for line in result.output.strip().splitlines())
    assert set(lines) >= {"speech", "plan", "decision", "notice"}
    assert lines["decision"].startswith("表彰决定") and lines["notice"].startswith("通知")
    assert "_gongwen" not in lines  # shared parts are not a kind


def test_plan_issued_inline_or_as_attachment(tmp_path):
    import yaml

    notice = yaml.safe_load((EXAMPLES / "notice-issue.yaml").read_text(encoding="utf-8"))
    notice.pop("issued_file")
    notice["issued"] = yaml.safe_load((EXAMPLES / "plan.yaml").read_text(encoding="utf-8"))
    notice["issued"].pop("kind")
    notice["as_attachment"] = True
    src = tmp_path / "n.yaml"
    src.write_text(yaml.safe_dump(notice, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "n.txt"
    result = run("render", str(src), "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "附件：江澄市2026年背街小巷环境整治提升工作实施方案\n" in text
    assert "\n附件\n\n江澄市2026年背街小巷环境整治提升工作实施方案\n" in text
