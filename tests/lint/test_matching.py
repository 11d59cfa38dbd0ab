"""The matching pipeline of lint-norms.md §7: longest matches, jieba boundaries, context, script."""

from __future__ import annotations

import pytest

from speechkit.lint import lint_text, simplify


def codes(text, rules, **kw):
    return [(f.code, f.match) for f in lint_text(text, rules=rules, **kw)]


# lint-norms.md §7.1: substring matching reports these; word boundaries must not.
@pytest.mark.parametrize("text", ["学生要掌握方程式的解法。", "防止工作程式化。", "优化电网路径。",
                                  "各级国土资源部门要加强协作。", "软体动物资源丰富。"])
def test_substrings_that_are_not_words_are_not_reported(rules, text):
    assert codes(text, rules) == []


def test_the_same_terms_standing_alone_are_reported(rules):
    text = "请国土资源部牵头，抓紧更新应用程式，保障政务网路和办公软体安全。"
    assert codes(text, rules) == [("T101", "国土资源部"), ("T401", "应用程式"), ("T302", "网路"), ("T301", "软体")]


def test_longest_match_wins(rules):
    # 保监会 inside 银保监会 is not a second finding; 银保监局 is not reported as 保监局.
    assert codes("按照银保监会的要求执行。", rules) == [("T121", "银保监会")]
    assert codes("省银保监局开展现场检查。", rules) == [("T209", "银保监局")]
    assert codes("国家卫生计生委印发通知。", rules) == [("T107", "国家卫生计生委")]


@pytest.mark.parametrize(("text", "expected"), [
    ("请市工商局抓好落实。", ("T206", "工商局")),   # 市工商局 is one jieba token
    ("县安监局负责督查。", ("T205", "安监局")),
    ("区卫计委作表态发言。", ("T107", "卫计委")),
    ("省银保监局开展检查。", ("T209", "银保监局")),
])
def test_administrative_prefixes_glued_by_jieba(rules, text, expected):
    assert codes(text, rules) == [expected]


@pytest.mark.parametrize("text", [
    "原银保监会的职责由国家金融监督管理总局承担。",   # jieba: 原银/保监会
    "原市工商局颁发的执照继续有效。",
    "原××省环保厅的档案已移交。",
    "原河北省环保厅的档案已移交。",
    "原市政府法制办的职责已划入市司法局。",
    "时任国土资源部部长出席会议。",
    "2017年，环境保护部印发了行动计划。",
    "按照国土资发〔2016〕23号文件，国土资源部明确了有关要求。",
    "认真学习《国土资源部关于加强城市地质工作的指导意见》。",
    "《〈环境保护部令〉解读》已经印发。",
    "国土资源部更名为自然资源部后，职责进一步整合。",
])
def test_historical_and_cited_uses_are_left_alone(rules, text):
    assert codes(text, rules) == []


def test_a_year_that_runs_up_to_now_is_not_historical(rules):
    assert codes("2016年以来，环境保护部持续推进督察。", rules) == [("T103", "环境保护部")]
    assert codes("2024年，环境保护部的要求仍未落实。", rules) == [("T103", "环境保护部")]


def test_the_word_原_at_the_start_of_a_longer_word_does_not_suppress(rules):
    assert codes("原则上由环保局负责。", rules) == [("T202", "环保局")]


def test_near_context_decides_ambiguous_terms(rules):
    assert codes("做好对口支援工作。", rules) == []
    assert codes("组织专家支援基层。", rules) == []
    assert codes("新版系统支援多种文件格式。", rules) == [("T404", "支援")]
    # the context is the sentence, not the paragraph
    assert codes("系统已经上线。组织专家支援基层。", rules) == []


def test_consistency_reports_the_minority_form(rules):
    text = "其他事项另行通知。\n其他问题及时报告。\n其它未尽事宜由办公室负责解释。"
    found = lint_text(text, rules=rules)
    assert [(f.code, f.line, f.match, f.fix.replacement, f.fix.safe) for f in found] == [
        ("C001", 3, "其它", "其他", True)]
    assert "「其他」2处、「其它」1处" in found[0].message


def test_consistency_fix_towards_the_non_preferred_form_is_unsafe(rules):
    text = "其它事项另行通知。\n其它问题及时报告。\n其他未尽事宜由办公室负责解释。"
    (finding,) = lint_text(text, rules=rules)
    assert (finding.match, finding.fix.replacement, finding.fix.safe) == ("其他", "其它", False)


def test_consistency_counts_only_words(rules):
    # 尤其他们 is 尤其/他们: not a use of 其他, so the draft does not mix the two forms.
    assert codes("其它事项另行通知。\n尤其他们要带头落实。", rules) == []


def test_positions_are_in_the_original_file(rules):
    text = "关于做好安全生产工作的通知\n\n　　请市环保局抓好落实。\n"
    (finding,) = lint_text(text, rules=rules)
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (3, 5, 3, 8)
    assert (finding.block, finding.start, finding.end) == (1, 2, 5)


def test_markdown_positions_skip_the_markup(rules):
    (finding,) = lint_text("# 标题\n\n- 请市环保局抓好落实。\n", rules=rules, markdown=True)
    assert (finding.line, finding.column, finding.match) == (3, 5, "环保局")


# ---------------------------------------------------------------------------------------------
# Traditional script.


def test_traditional_drafts_are_matched_and_reported_in_their_own_script(rules):
    text = "請國土資源部牽頭制定實施方案。\n　　各級國土資源部門要加強協作，辦公軟體要及時更新。"
    found = lint_text(text, rules=rules.select(["T"]))  # Z103 reports the script itself
    assert [(f.code, f.line, f.column, f.match, f.fix.replacement) for f in found] == [
        ("T101", 1, 2, "國土資源部", "自然資源部"),
        ("T301", 2, 19, "軟體", "軟件"),
    ]
    assert found[0].message.startswith("「國土資源部」")


def test_t2s_keeps_lengths_for_every_table_entry():
    # OpenCC 1.4's t2s maps phrases to phrases of the same length; a sample across its tables.
    sample = "於臺灣後來發現頭髮乾燥裡麵麪條著作週末鬆開歷史曆法檯燈颱風瞭解藉口乾淨捲髮"
    assert len(simplify.to_simplified(sample)) == len(sample)


def test_a_conversion_that_changes_length_falls_back_to_single_characters(monkeypatch):
    real = simplify._convert

    def stretching(text, config):
        out = real(text, config)
        return out + "多" if len(text) > 1 else out  # a phrase table entry that grows

    monkeypatch.setattr(simplify, "_convert", stretching)
    text = "國土資源部與軟體"
    result = simplify.to_simplified(text)
    assert result == "国土资源部与软体" and len(result) == len(text)


def test_characters_opencc_cannot_take_are_kept():
    text = "國\ud800土"  # a lone surrogate cannot cross into OpenCC
    assert simplify.to_simplified(text) == "国\ud800土"


def test_simplified_text_is_not_converted(monkeypatch):
    def fail(text, config):
        raise AssertionError("OpenCC was called for GB2312 text")

    monkeypatch.setattr(simplify, "_convert", fail)
    assert simplify.to_simplified("请国土资源部牵头。") == "请国土资源部牵头。"


def test_t2s_maps_every_single_character_to_one_character():
    converter = simplify._converter("t2s")
    chars = [chr(c) for c in [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00)]]
    stretched = [ch for ch in chars if len(converter.convert(ch)) != 1]
    assert stretched == []


def test_docs_list_every_rule(rules):
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "lint.md").read_text(encoding="utf-8")
    missing = [r.code for r in rules.rules if f"| {r.code} | `{r.name}` |" not in docs]
    assert missing == []
