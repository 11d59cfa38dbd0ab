"""check-format's F rules in the rule registry: listed and explained by `speechkit rules`, with examples
described as data (corpora/layout/format.yaml) that are built into .docx files and checked here."""

from __future__ import annotations

import dataclasses

import pytest
from click.testing import CliRunner

from speechkit.cli import cli
from speechkit.errors import RuleError
from speechkit.layout.checkformat import check_format, checks
from speechkit.layout.examples import example_docx, verify_layout_example
from speechkit.lint.rules import format_rules, load_file

RULES = format_rules()
CASES = [
    pytest.param(rule, example, id=f"{rule.code}-{'fail' if example.fires else 'pass'}{i}")
    for rule in RULES
    for i, example in enumerate(rule.examples)
]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_example(rule, example):
    assert verify_layout_example(rule, example) is None


def test_fail_examples_report_their_rule():
    rule = RULES[0]
    example = next(e for e in rule.examples if e.fires)
    codes = [f.code for f in check_format("draft.docx", example_docx(example.given))]
    assert rule.code in codes and sorted(codes) == sorted(example.given.reports)


def test_a_wrong_example_is_caught():
    rule = next(r for r in RULES if r.code == "F002")
    example = next(e for e in rule.examples if e.fires)
    wrong = dataclasses.replace(example, given=dataclasses.replace(example.given, reports=["F002", "F006"]))
    assert verify_layout_example(rule, wrong) == "应报出 F002、F006，check-format 报出：F002"
    unchanged = dataclasses.replace(example.given, change=type(example.given.change)())
    clean = verify_layout_example(rule, dataclasses.replace(example, given=unchanged))
    assert clean == "未报出（check-format 报出：无）"
    passing = next(e for e in rule.examples if not e.fires)
    assert verify_layout_example(rule, dataclasses.replace(passing, given=example.given)) == "通过示例中却报出了此规则"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_every_rule_has_both_kinds_of_example(rule):
    assert any(e.fires for e in rule.examples) and any(not e.fires for e in rule.examples)


def test_the_registry_holds_what_check_format_reports():
    assert [r.code for r in RULES] == [f"F{n:03d}" for n in range(1, 14)]
    finding = check_format("draft.docx", example_docx(RULES[4].examples[0].given))[0]
    rule = checks()[finding.code]
    assert (finding.code, finding.name, finding.severity) == (rule.code, rule.name, rule.severity)


def test_rules_explains_an_f_rule_with_its_examples():
    result = run("rules", "F005")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "F005 east-asia-font"
    assert "引擎：layout" in lines[1]
    assert "  提示：正文设置中文字体（w:eastAsia），不依赖主题或默认字体" in lines
    assert "    ✗ 删去文档默认的中文字体（w:eastAsia），正文的中文字体无处可查" in lines
    assert any(line.startswith("    ✓ ") for line in lines)


def test_rules_lists_and_verifies_the_f_rules():
    listing = run("rules").output.splitlines()
    codes = [line.split()[0] for line in listing]
    assert {f"F{n:03d}" for n in range(1, 14)} <= set(codes) and "T101" in codes
    assert codes == sorted(codes)
    result = run("rules", "F", "--verify")
    assert result.exit_code == 0
    assert result.output == f"13 条规则的 {sum(len(r.examples) for r in RULES)} 个示例全部与所述相符\n"


def test_a_user_file_cannot_define_layout_rules(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("rules:\n  - code: U001\n    name: my-page\n    engine: layout\n    severity: warn\n"
                    "    message: 纸张\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"rules\[0\] U001: engine: 引擎 layout 只用于内置规则"):
        load_file(path, user=True)


def test_a_bad_layout_example_is_located(tmp_path):
    path = tmp_path / "format.yaml"
    path.write_text("rules:\n  - code: F001\n    name: page-size\n    engine: layout\n    severity: error\n"
                    "    message: 纸张为A4\n    examples:\n      fail:\n        - text: 纸张\n"
                    "          outline: speech\n"
                    "          change: {page: {width_mm: wide, height_mm: 279}}\n", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_file(path)
    assert str(caught.value) == (f"{path}:11: rules[0] F001: examples.fail[0].change.page.width_mm: "
                                 "应为数字，却是「wide」")
