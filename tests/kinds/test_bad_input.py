"""Bad outlines and bad templates: one located line, exit status 2, and no file left behind."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from speechkit.cli import cli
from tests.conftest import EXAMPLES


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def fails_cleanly(tmp_path, *args: str) -> str:
    """Run, check the failure contract, return the one error line."""
    before = sorted(p.name for p in tmp_path.iterdir())
    out = tmp_path / "out.docx"
    result = run(*args, "-o", str(out))
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("speechkit: 错误："), result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written, no temporary files
    return lines[0]


def copy_example(tmp_path, name: str, old: str = "", new: str = "") -> str:
    text = (EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


def test_impossible_date_names_the_field(tmp_path):
    src = copy_example(tmp_path, "notice", "date: 2026-04-08", "date: 2026-02-30")
    line = fails_cleanly(tmp_path, "render", src)
    number = open(src, encoding="utf-8").read().splitlines().index("date: 2026-02-30") + 1
    assert line == f"speechkit: 错误：{src}:{number}: date: 日期 2026-02-30 不存在；请核对年月日"


def test_zero_padded_serial(tmp_path):
    src = copy_example(tmp_path, "notice", "serial: 19", "serial: 019")
    assert "doc_number.serial: 发文顺序号不编虚位：请写成 19" in fails_cleanly(tmp_path, "render", src)


def test_missing_plan_file_is_located(tmp_path):
    src = copy_example(tmp_path, "notice-issue", "issued_file: plan.yaml", "issued_file: nothere.yaml")
    line = fails_cleanly(tmp_path, "render", src)
    number = open(src, encoding="utf-8").read().splitlines().index("issued_file: nothere.yaml") + 1
    assert f"{src}:{number}: issued_file: 找不到方案提纲 " in line and line.endswith("；请检查 issued_file 的路径")


def test_error_inside_the_issued_plan_points_into_the_plan(tmp_path):
    shutil.copy(EXAMPLES / "notice-issue.yaml", tmp_path / "notice-issue.yaml")
    plan = copy_example(tmp_path, "plan", "end: 2026-03-15", "end: 2026-03-32")
    line = fails_cleanly(tmp_path, "render", str(tmp_path / "notice-issue.yaml"))
    assert line.startswith(f"speechkit: 错误：{plan}:")
    assert "steps[0].end: 日期 2026-03-32 不存在" in line


def test_notice_with_both_variants_is_refused(tmp_path):
    src = copy_example(tmp_path, "notice", "attachments:", "issued_file: plan.yaml\nattachments:")
    shutil.copy(EXAMPLES / "plan.yaml", tmp_path / "plan.yaml")
    assert "items: 印发类通知只印发方案，不写 items" in fails_cleanly(tmp_path, "render", src)


def test_notice_with_neither_variant_is_refused(tmp_path):
    src = tmp_path / "n.yaml"
    src.write_text("kind: notice\norgan: 某局\ndoc_number: {code: 某发, serial: 1}\ntitle: 关于某事的通知\n"
                   "addressee: 各单位\ndate: 2026-03-01\n", encoding="utf-8")
    line = fails_cleanly(tmp_path, "render", str(src))
    assert "n.yaml:1: 通知须有 items（部署类），或有 issued / issued_file（印发类）" in line


def test_unknown_key_lists_the_known_ones(tmp_path):
    src = copy_example(tmp_path, "decision", "call:", "calls:")
    line = fails_cleanly(tmp_path, "render", src)
    assert "calls: 未知的键「calls」（此处可用：kind、organ、doc_number、" in line and line.endswith("）；请检查拼写")


def test_existing_output_survives_a_failed_render(tmp_path):
    src = copy_example(tmp_path, "decision", "serial: 12", "serial: 0")
    out = tmp_path / "out.docx"
    out.write_bytes(b"keep")
    result = run("render", src, "-o", str(out), "--force")
    assert result.exit_code == 2 and out.read_bytes() == b"keep"


# User templates: a broken one, or one reaching outside the sandbox, is reported at its own line.


def user_template(tmp_path, body: str) -> str:
    folder = tmp_path / "mine" / "decision"
    folder.mkdir(parents=True)
    (folder / "template.j2").write_text("@title {{ title }}\n@blank\n" + body + "\n", encoding="utf-8")
    return str(tmp_path / "mine")


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("{{ title.__class__.__mro__ }}", "模板沙箱不允许这样做（access to attribute '__class__'"),
        ("{{ cycler.__init__.__globals__ }}", "模板沙箱不允许这样做"),
        ("{{ ''.__class__.__subclasses__() }}", "模板沙箱不允许这样做"),
        ('{% include "../../../../etc/passwd" %}', "模板出错（"),
        ('{% include "/etc/passwd" %}', "not found in search paths"),
        ("{{ organ }", "模板语法错误（"),
        ("{% for x in awards %}", "模板语法错误（"),
        ("{{ awardees }}", "模板中的「awardees」未定义；请检查拼写，或在提纲中补上这个字段"),
        ("{{ awards[0].units[99] }}", "模板引用了不存在的值（"),
    ],
)
def test_bad_user_template_is_located(tmp_path, body, needle):
    mine = user_template(tmp_path, body)
    line = fails_cleanly(tmp_path, "render", str(EXAMPLES / "decision.yaml"), "--templates", mine)
    assert line.startswith(f"speechkit: 错误：{mine}/decision/template.j2:3: "), line
    assert needle in line


def test_template_output_that_is_not_markup_is_located(tmp_path):
    mine = user_template(tmp_path, "@seal 红章")
    line = fails_cleanly(tmp_path, "render", str(EXAMPLES / "decision.yaml"), "--templates", mine)
    assert f"{mine}/decision/template.j2 (output):3: 未知的块类型 @seal（可用：para、title、" in line


def test_user_template_overrides_and_adds_kinds_from_the_config(tmp_path, monkeypatch):
    folder = tmp_path / "mine" / "memo"
    folder.mkdir(parents=True)
    (folder / "template.j2").write_text("@title {{ title }}\n{{ body }}\n", encoding="utf-8")
    (folder / "meta.yaml").write_text("kind: memo\nname: 便函\ndescription: 便函：一段正文\n", encoding="utf-8")
    (tmp_path / "speechkit.yaml").write_text("templates:\n  dirs: mine\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text("kind: memo\ntitle: 关于某事的函\nbody: 请予支持。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    listed = run("templates").output
    memo = next(line for line in listed.splitlines() if line.startswith("memo "))
    assert "便函：一段正文" in memo and memo.endswith("mine/memo]")
    result = run("render", "m.yaml", "-o", "m.txt")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m.txt").read_text(encoding="utf-8") == "关于某事的函\n　　请予支持。\n"


def test_bad_template_config_is_located(tmp_path, monkeypatch):
    (tmp_path / "speechkit.yaml").write_text("templates:\n  dirs: [nothere]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("templates")
    assert result.exit_code == 2
    # the config is found in the current folder, so both paths are as the user would write them
    assert result.output.strip() == "speechkit: 错误：speechkit.yaml:2: templates.dirs[0]: 模板文件夹 nothere 不存在"


def test_broken_meta_yaml_is_located(tmp_path):
    folder = tmp_path / "mine" / "memo"
    folder.mkdir(parents=True)
    (folder / "template.j2").write_text("@title x\n", encoding="utf-8")
    (folder / "meta.yaml").write_text("kind: memo\ndescription: [oops\n", encoding="utf-8")
    result = run("templates", "--templates", str(tmp_path / "mine"))
    assert result.exit_code == 2
    assert result.output.startswith(f"speechkit: 错误：{folder / 'meta.yaml'}:")
