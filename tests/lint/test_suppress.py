"""Inline suppression comments in .txt and .md drafts."""

from __future__ import annotations

from speechkit.lint import lint_text


def found(text, rules, markdown=False):
    return [(f.line, f.code) for f in lint_text(text, rules=rules, markdown=markdown)]


def test_disable_next_line(rules):
    text = "<!-- speechkit-disable-next-line T202 -->\n请市环保局牵头。\n请市环保局配合。\n"
    assert found(text, rules) == [(3, "T202")]


def test_disable_next_line_skips_blank_lines_and_takes_prefixes(rules):
    text = "<!-- speechkit-disable-next-line T2, T3 -->\n\n请市环保局更新办公软体。\n"
    assert found(text, rules) == []


def test_disable_line_at_the_end_of_a_line(rules):
    text = "请市环保局更新办公软体。<!-- speechkit-disable-line T202 -->\n"
    assert found(text, rules) == [(1, "T301")]


def test_a_range_and_enable(rules):
    text = (
        "请市环保局牵头。\n"
        "<!-- speechkit-disable -->\n"
        "请市环保局牵头，更新办公软体。\n"
        "<!-- speechkit-enable -->\n"
        "请市环保局牵头。\n"
    )
    assert found(text, rules, markdown=True) == [(1, "T202"), (5, "T202")]


def test_enable_some_codes_again(rules):
    text = (
        "<!-- speechkit-disable T2 T3 -->\n"
        "请市环保局牵头，更新办公软体。\n"
        "<!-- speechkit-enable T3 -->\n"
        "请市环保局牵头，更新办公软体。\n"
    )
    assert found(text, rules) == [(4, "T301")]


def test_disable_file(rules):
    text = "请市环保局牵头。\n<!-- speechkit-disable-file T202 -->\n请县安监局配合。\n"
    assert found(text, rules) == [(3, "T205")]


def test_directive_lines_are_not_linted_and_positions_do_not_move(rules):
    text = "<!-- speechkit-disable-line C001 --> 请市环保局牵头。\n"
    (finding,) = lint_text(text, rules=rules)
    assert (finding.code, finding.column, finding.match) == ("T202", 40, "环保局")


def test_a_directive_mentioning_nothing_else_is_harmless(rules):
    assert found("<!-- speechkit-enable -->\n抓好落实。\n", rules) == []
