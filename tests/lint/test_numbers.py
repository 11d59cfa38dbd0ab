"""N family: dates, the 成文日期 and 印发日期 lines, 文号, abbreviated years, numeral styles; the transforms."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechkit.lint import lint_text
from speechkit.lint import transforms as tf

from .fixing import check_fix_passes, fix_cases, fix_until_clean


def found(text, rules, prefix="N"):
    return [(f.line, f.code, f.severity, f.match, f.fix.replacement if f.fix else None)
            for f in lint_text(text, rules=rules) if f.code.startswith(prefix)]


@pytest.mark.parametrize(("rule", "example"), fix_cases("N"))
def test_every_fix_makes_its_fail_example_pass(rules, rule, example):
    check_fix_passes(rules, rule, example)


def test_a_padded_date_is_a_warning_in_the_body_and_an_error_on_the_date_line(rules):
    text = "请于2024年03月05日前报送。\n市人民政府\n2024年03月05日"
    assert found(text, rules) == [
        (1, "N101", "warn", "2024年03月05日", "2024年3月5日"),
        (3, "N201", "error", "2024年03月05日", "2024年3月5日"),
    ]


def test_chinese_numeral_dates(rules):
    # A 成文日期 in Chinese numerals is the 1999 style: one error with the whole conversion.
    assert found("市人民政府\n二○一一年九月十日", rules) == [
        (2, "N202", "error", "二○一一年九月十日", "2011年9月10日")]
    # A speech's date line may use them (speech option date_style: chinese); only a wrong zero is reported.
    speech = "在全区动员大会上的讲话\n（二零二四年三月五日）"
    assert found(speech, rules) == [(2, "N103", "error", "零", "〇")]
    # In running text: a hint (GB/T 15835 is advisory for 公文), plus the wrong zero.
    assert found("二0二四年三月五日召开了大会。", rules) == [
        (1, "N104", "info", "二0二四年三月五日", "2024年3月5日"), (1, "N103", "error", "0", "〇")]


def test_date_line_forms(rules):
    for written in ("2024.3.5", "2024-03-05", "2024/3/5", "2024．3．5"):
        assert found(f"市人民政府\n{written}", rules) == [(2, "N203", "error", written, "2024年3月5日")]
    assert found("市人民政府办公室　　2024年3月5日印发", rules) == []
    assert found("市人民政府办公室　　二〇二四年三月五日印发", rules)[0][1:3] == ("N202", "error")


def test_docnumber_faults_get_separate_non_overlapping_fixes(rules):
    text = "市政发[2024]第012号"
    assert found(text, rules) == [
        (1, "N301", "error", "[2024]", "〔2024〕"), (1, "N303", "error", "第", ""), (1, "N304", "error", "0", "")]
    fixed, rounds = fix_until_clean(text, rules.select(["N"]))
    assert (fixed, rounds) == ("市政发〔2024〕12号", 1)


def test_docnumber_brackets_are_not_punctuation_findings(rules):
    assert [f.code for f in lint_text("按照国办发(2024)5号文件执行。", rules=rules)] == ["N301"]


def test_abbreviated_years_but_not_durations(rules):
    assert [m for *_, m, _ in found("18年7月、98年底、05年初", rules)] == ["18", "98", "05"]
    assert found("他已在基层工作12年。12年来成效显著。国发〔2018〕12号", rules) == []


def test_invalid_dates(rules):
    assert [m for *_, m, _ in found("2023年2月29日、2024年2月29日、2024年4月31日、2024年12月31日", rules)] == [
        "2023年2月29日", "2024年4月31日"]


def test_mixed_styles_are_counted_per_document_and_fixed_expressions_do_not_count(rules):
    text = "今年计划改造126个小区。\n“十四五”期间累计改造三百个。\n“十三五”期间改造200个。"
    assert [(line, code, m) for line, code, _, m, _ in found(text, rules)] == [(2, "N404", "三百")]
    message = next(f.message for f in lint_text(text, rules=rules) if f.code == "N404")
    assert message == "计数写法不统一（阿拉伯数字2处、汉字数字1处）：「三百」宜与全文一致，用阿拉伯数字"
    assert found("“十四五”期间累计改造三百个。\n百分之百完成，合格率95%。", rules) == []


def test_approximate_numbers_are_not_counts(rules):
    assert found("涉及居民三万四千余户，计划改造126个。", rules) == []


# ---------------------------------------------------------------------------------------------
# Transforms, on their own.


@pytest.mark.parametrize(("text", "expected"), [
    ("二〇二四年三月五日", "2024年3月5日"), ("二○一一年十二月三十一日", "2011年12月31日"),
    ("二O二O年十月", "2020年10月"), ("一九九八年", "1998年"),
])
def test_chinese_date(text, expected):
    assert tf.chinese_date(text, None) == expected


def test_other_transforms():
    assert tf.strip_zeros("2024年03月05日", None) == "2024年3月5日"
    assert tf.strip_zeros("012", None) == "12"
    assert tf.digits_date("2024-03-05", None) == "2024年3月5日"
    assert tf.full_year("98", None) == "1998" and tf.full_year("24", None) == "2024"
    assert tf.full_width(" , ", None) == "，"
    assert tf.collapse("？？！！", None) == "？！"
    assert (tf.full_stop("局", None), tf.full_stop("；", None)) == ("局。", "。")
    assert (tf.colon("门", None), tf.colon("，", None)) == ("门：", "：")
    assert tf.restore_script("此件公開發布", "此件公开发布", "（此件公开发布）") == "（此件公開發布）"


# ---------------------------------------------------------------------------------------------
# Property: spans are exact and the safe fixes settle, on text made of the characters dates and 文号 use.

ALPHABET = st.sampled_from(list("0123456789年月日号第〔〕[]()（）【】〇○零O一二三四五六七八九十市政发印%～-—.，。 "))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(ALPHABET, min_size=1, max_size=30), min_size=1, max_size=3))
def test_spans_are_exact_and_safe_fixes_settle(rules, lines):
    text = "\n".join(line.strip() or "空" for line in lines)
    only = rules.select(["N"])
    raw = text.split("\n")
    for f in lint_text(text, rules=only):
        assert raw[f.line - 1][f.column - 1 : f.column - 1 + f.end - f.start] == f.match
    fixed, _ = fix_until_clean(text, only, unsafe=False)
    assert not [f for f in lint_text(fixed, rules=only) if f.fix and f.fix.safe]


def test_number_rules_compile_with_multiline_anchors(rules):
    for rule in rules.rules:
        if rule.code[0] in "NPS" and rule.engine == "pattern":
            assert rule.params["pattern"].flags & re.M
