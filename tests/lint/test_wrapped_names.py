"""Names broken across a line of PDF text are found; words the break only seems to end are not."""

from __future__ import annotations

from speechkit.lint import lint_text


def test_a_name_split_by_a_line_break_is_reported_without_a_fix(rules):
    (finding,) = [f for f in lint_text("请县国土资\n源局牵头落实用地报批。", rules=rules) if f.code[0] == "T"]
    assert (finding.code, finding.line, finding.match, finding.fix) == ("T201", 1, "国土资", None)
    assert "国土资源局" in finding.message


def test_the_next_line_can_continue_the_word(rules):
    assert [f for f in lint_text("各地要加强环境保护部\n门之间的协作。", rules=rules) if f.code[0] == "T"] == []


def test_historical_uses_across_a_break_stay_clean(rules):
    assert [f for f in lint_text("原国土资\n源部印发的文件继续有效。", rules=rules) if f.code[0] == "T"] == []


def test_a_sentence_end_is_not_a_break_inside_a_name(rules):
    text = "要做好用地保障工作。\n国土资源局要加强监管。"
    assert [(f.line, f.match) for f in lint_text(text, rules=rules) if f.code[0] == "T"] == [(2, "国土资源局")]
