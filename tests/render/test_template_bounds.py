"""A template that would hang, exhaust memory or recurse ends in one located Chinese error, within bounds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from speechkit.cli import cli
from speechkit.errors import TemplateError
from speechkit.outline import load_yaml
from speechkit.render import templating
from speechkit.render.build import build, parse_outline

OUTLINE = "kind: {kind}\ntitle: 关于做好安全生产工作的通知\n"


def user_kind(tmp_path: Path, kind: str, template: str | bytes) -> Path:
    folder = tmp_path / "tpl" / kind
    folder.mkdir(parents=True)
    data = template.encode("utf-8") if isinstance(template, str) else template
    (folder / "template.j2").write_bytes(data)
    return tmp_path / "tpl"


def render_kind(tmp_path: Path, kind: str, template: str | bytes) -> str:
    templates = [user_kind(tmp_path, kind, template)]
    outline = parse_outline(load_yaml(OUTLINE.format(kind=kind), "提纲.yaml"), templates)
    document = build(outline, templates)
    return "".join(block.text for block in document.blocks if hasattr(block, "text"))


CASES = [
    ("rec", "@title {{ title }}\n{% macro m(n) %}{{ m(n) }}{% endmacro %}\n{{ m(1) }}\n", 2,
     f"宏嵌套过深.*{templating.MAX_MACRO_DEPTH} 层"),
    ("inc", "@title {{ title }}\n\n{% include 'inc/template.j2' %}\n", 3, "模板嵌套过深.*include 自身"),
    ("mul", "@title {{ title }}\n{{ 'a' * 10**12 }}\n", 2, f"重复的结果过长.*{templating.MAX_SEQUENCE} 项"),
    ("rmul", "@title {{ title }}\n\n{{ 10**12 * [1] }}\n", 3, "重复的结果过长"),
    ("pow", "@title {{ title }}\n{{ 9 ** 99999999 }}\n", 2, f"乘方结果过大.*{templating.MAX_POWER_DIGITS} 位"),
    ("cat", "@title {{ title }}\n{% set ns = namespace(s='ab') %}\n{% for i in range(64) %}\n"
     "{% set ns.s = ns.s + ns.s %}\n{% endfor %}\n", 4, "拼接的结果过长"),
    ("loop", "@title {{ title }}\n{% for i in range(99999) %}{% for j in range(99999) %}x{% endfor %}{% endfor %}\n",
     2, f"循环次数过多.*range\\(\\) 合计不能超过 {templating.MAX_RANGE_TOTAL} 次"),
    ("big", "@title {{ title }}\n{% for i in range(100000) %}\n{{ 'x' * 100 }}\n{% endfor %}\n", 3,
     f"模板生成的内容过多.*超过 {templating.MAX_OUTPUT} 个字符"),
]


@pytest.mark.parametrize(("kind", "template", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_bound_is_a_located_template_error(tmp_path, kind, template, line, message):
    with pytest.raises(TemplateError) as caught:
        render_kind(tmp_path, kind, template)
    error = caught.value
    assert error.file and Path(error.file).name == "template.j2" and Path(error.file).parent.name == kind
    assert error.line == line
    assert re.search(message, error.message), error.message
    assert "\n" not in str(error)


def test_template_not_utf8_names_the_file_and_line(tmp_path):
    with pytest.raises(TemplateError) as caught:
        render_kind(tmp_path, "gb", "@title {{ title }}\n讲话内容\n".encode("gb18030"))
    error = caught.value
    assert error.file == str(tmp_path / "tpl" / "gb" / "template.j2") and error.line == 2
    assert "不是 UTF-8 编码" in error.message and "UTF-8 另存" in error.message


def test_an_included_template_not_utf8_is_named_itself(tmp_path):
    templates = user_kind(tmp_path, "main", "@title {{ title }}\n{% include 'parts/bad.j2' %}\n")
    (templates / "parts").mkdir()
    (templates / "parts" / "bad.j2").write_bytes("正文\n".encode("gb18030"))
    outline = parse_outline(load_yaml(OUTLINE.format(kind="main"), "提纲.yaml"), [templates])
    with pytest.raises(TemplateError) as caught:
        build(outline, [templates])
    assert caught.value.file == str(templates / "parts" / "bad.j2")
    assert "不是 UTF-8 编码" in caught.value.message


def test_within_bounds_renders(tmp_path):
    template = ("@title {{ title }}\n{% macro m(n) %}{{ n }}{% if n < 40 %}{{ m(n + 1) }}{% endif %}{% endmacro %}\n"
                "{{ m(1) }}\n{{ '一' * 1000 }}{{ 2 ** 100 }}\n"
                "{% for i in range(1000) %}{% for j in range(900) %}{% endfor %}{% endfor %}末段\n")
    text = render_kind(tmp_path, "ok", template)
    assert "一" * 1000 in text and str(2**100) in text and "末段" in text


def test_budget_is_per_render(tmp_path):
    """range() totals start afresh for every render: a batch's rows do not add up."""
    templates = [user_kind(tmp_path, "rows", "@title {{ title }}\n{% for i in range(90000) %}{% endfor %}正文\n")]
    outline = parse_outline(load_yaml(OUTLINE.format(kind="rows"), "提纲.yaml"), templates)
    env = templating.environment(templates)
    for _ in range(15):
        build(outline, templates, env=env)


def test_cli_render_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    user_kind(tmp_path, "mul", "@title {{ title }}\n{{ 'a' * 10**12 }}\n")
    Path("提纲.yaml").write_text(OUTLINE.format(kind="mul"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", "提纲.yaml", "-o", "提纲.docx", "--templates", "tpl"],
                                catch_exceptions=False)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and re.search(r"tpl/mul/template\.j2:2: 重复的结果过长", lines[0]), lines
    assert not Path("提纲.docx").exists()


def test_batch_stops_on_a_bound_before_writing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    user_kind(tmp_path, "loop", "@title {{ title }}\n{% for i in range(99999) %}{% for j in range(99999) %}x"
                                "{% endfor %}{% endfor %}\n")
    Path("提纲.yaml").write_text("kind: loop\ntitle: \"{{ 区县 }}通知\"\n", encoding="utf-8")
    Path("t.csv").write_text("区县\n东城区\n西城区\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", "提纲.yaml", "t.csv", "-o", "out", "--templates", "tpl"],
                                catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert re.search(r"tpl/loop/template\.j2:2: 循环次数过多", result.output), result.output
    assert not list(Path("out").glob("*.docx")) if Path("out").exists() else True
