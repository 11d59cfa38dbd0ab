"""P family: half-width marks and straight quotes in Chinese text, ellipsis, dashes and ranges, 顿号,
ordinals and stacked marks; what they must leave alone; their fixes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechkit.lint import lint_text

from .fixing import apply, check_fix_passes, fix_cases, fix_until_clean


def found(text, rules, prefix="P"):
    return [(f.code, f.match, f.fix.replacement if f.fix else None) for f in lint_text(text, rules=rules)
            if f.code.startswith(prefix)]


@pytest.mark.parametrize(("rule", "example"), fix_cases("P"))
def test_every_fix_makes_its_fail_example_pass(rules, rule, example):
    check_fix_passes(rules, rule, example)


# Half-width marks that are right where they are: the false positives the issue warns about.
LEAVE_ALONE = [
    "会议于上午9:30在市政府第一会议室召开，12:00结束。",
    "详见https://www.gov.cn/zhengce/content/2024-03/05/content_1.htm?id=3&p=2，请查阅。",
    "来信请寄szb@jiangcheng.gov.cn，或登录www.jiangcheng.gov.cn留言。",
    "今年安排专项资金1,200万元，同比增长3.5%，比例为3:2。",
    "平台支持Python, Java, Go等语言，口号是“Keep it simple!”。",
    "1.明确责任分工。",
    "(一)加强组织领导。",
    "按照国办发(2024)5号文件和国办发[2023]12号文件执行。",
    "详见[《实施办法》](https://www.gov.cn/a(1).html)。",
    "依据GB/T 9704-2012排版，出生日期写作2024-03-05。",
    "运行时加上参数--verbose即可，It's done.",
    "有关情况…………（整段省略）",
    "活动时间为3月1日—15日，2024—2025年度考核同步开展。",
    "认真学习《条例》（2019年修订）、《规定》。",
    "四、五年级学生参加测试，第三、四季度加快进度。",
]


@pytest.mark.parametrize("text", LEAVE_ALONE)
def test_leaves_alone(rules, text):
    assert found(text, rules) == []


def test_the_span_of_a_half_width_mark_takes_its_spaces(rules):
    assert found("会议指出 , 要抓好落实。", rules) == [("P101", " , ", "，")]
    assert found("难道不该反思吗??", rules) == [("P101", "??", "？")]  # not ？？, which P402 flags


def test_fixes_that_feed_another_rule_are_seen_by_plain_lint(rules):
    # A straight quote is looked through for the context: plain lint reports the ellipsis --fix would.
    assert found('"总结报告"...', rules) == [("P104", '"', "“"), ("P104", '"', "”"), ("P201", "...", "……")]
    assert found("请大家注意!!", rules) == [("P101", "!!", "！")]
    assert found("请大家注意?!", rules) == [("P101", "?!", "？！")]


def test_brackets_pair_by_nesting_and_may_pair_with_full_width_marks(rules):
    assert found("各区(县(市))教育局", rules) == [
        ("P103", "(", "（"), ("P103", "(", "（"), ("P103", ")", "）"), ("P103", ")", "）")]
    assert found("各区（县)教育局", rules) == [("P103", ")", "）")]
    assert found("f(x) = 1", rules) == []


def test_quotes_pair_in_order_and_an_unpaired_one_is_only_a_suggestion(rules):
    assert found('要抓好"三农"工作，落实"两个确保"。', rules) == [
        ("P104", '"', "“"), ("P104", '"', "”"), ("P104", '"', "“"), ("P104", '"', "”")]
    lone = [f for f in lint_text('他强调："安全生产是头等大事。', rules=rules) if f.code == "P104"]
    assert [(f.fix.replacement, f.fix.safe) for f in lone] == [("“", False)]
    closing = [f for f in lint_text('安全生产是头等大事。"', rules=rules) if f.code == "P104"]
    assert [(f.fix.replacement, f.fix.safe) for f in closing] == [("”", False)]


def test_ordinal_series_follows_the_series_that_opened_the_paragraph(rules):
    text = "第一，统一思想。其次，压实责任。第三，强化督查。"
    assert found(text, rules) == [("P304", "其次", None)]
    assert "本段以「第一、第二」开头" in next(f.message for f in lint_text(text, rules=rules) if f.code == "P304")


def test_stacked_marks_error_and_repeated_marks_hint(rules):
    text = "难道不该反思吗？？？？这样的作风要不得！！"
    assert [(f.code, f.severity, f.match) for f in lint_text(text, rules=rules) if f.code[0] == "P"] == [
        ("P401", "error", "？？？？"), ("P402", "info", "！！")]


def test_fixes_in_a_traditional_paragraph_keep_its_script(rules):
    text = "各單位(縣)要抓好落實,確保按時完成."
    fixed, _ = fix_until_clean(text, rules.select(["P"]))
    assert fixed == "各單位（縣）要抓好落實，確保按時完成。"


# ---------------------------------------------------------------------------------------------
# Property: on any text, every P finding's span holds its match, and the safe fixes settle
# (applying them never re-creates a finding another fix undoes).

ALPHABET = st.sampled_from(list("会议指出要抓好落实三农工作各区县") + list(",.;:?!()\"'~-—…") +
                           list("，。；：？！（）“”、《》") + list("0123456789") + list("abcXY "))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(ALPHABET, min_size=1, max_size=40), min_size=1, max_size=3))
def test_spans_are_exact_and_safe_fixes_settle(rules, lines):
    text = "\n".join(line.strip() or "空" for line in lines)
    only = rules.select(["P"])
    findings = lint_text(text, rules=only)
    raw = text.split("\n")
    for f in findings:
        line = raw[f.line - 1]
        assert line[f.column - 1 : f.column - 1 + f.end - f.start] == f.match
    fixed, _ = fix_until_clean(text, only, unsafe=False)
    assert not [f for f in lint_text(fixed, rules=only) if f.fix and f.fix.safe]
    assert apply(fixed, lint_text(fixed, rules=only), unsafe=False) == fixed
