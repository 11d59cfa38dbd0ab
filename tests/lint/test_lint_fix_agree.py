"""Lint and fix agree: a finding's message names what its fix writes, a fix never names one body twice in a
list, and --fix makes in its first round exactly the safe fixes plain lint reports, leaving nothing that a safe
fix would change."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechkit.lint import lint_text, load_rules
from speechkit.lint.fix import fix_bytes
from speechkit.lint.simplify import to_simplified

RULES = load_rules()
FAIL_EXAMPLES = [e.text for r in RULES.rules for e in r.examples if e.fires and e.given is None]
PROSE = ["现将有关事项通知如下。", "各单位要高度重视，认真抓好落实。", "请于3月5日前报送。", "会议强调，要压实责任。",
         "县自然资源局、县市场监督管理局要加强协作。", "一、总体要求", "（一）加强组织领导。"]


def test_a_fix_that_would_name_one_body_twice_in_a_list_is_not_offered():
    text = "县国土资源局、县工商局、县食品药品监督管理局要加强协作。"
    found = [(f.code, f.match, f.fix.replacement if f.fix else None, f.message) for f in lint_text(text, rules=RULES)]
    assert [f[:3] for f in found] == [("T201", "国土资源局", "自然资源局"), ("T206", "工商局", "市场监督管理局"),
                                      ("T206", "食品药品监督管理局", None)]
    assert found[2][3].endswith("；但改后与同一列举中的「县工商局」重复，应合并为一项（不自动修改）")
    already = [f for f in lint_text("县市场监督管理局、县质监局要加强协作。", rules=RULES)]
    assert [(f.code, f.fix) for f in already] == [("T206", None)]
    assert "「县市场监督管理局」重复" in already[0].message
    # Different bodies in a list keep their fixes: 市 and 县 are two offices.
    assert all(f.fix for f in lint_text("市工商局、县工商局要加强协作。", rules=RULES))


def _rules_with_a_named_fix():
    return [r for r in RULES.rules if "{preferred}" in r.message or "{fix}" in r.message]


@pytest.mark.parametrize("rule", _rules_with_a_named_fix(), ids=lambda r: r.code)
def test_the_message_names_what_the_fix_writes(rule):
    checked = 0
    for example in rule.examples:
        if not example.fires or example.given is not None:
            continue
        for f in lint_text(example.text, rules=RULES):
            if f.code == rule.code and f.fix is not None:
                # A draft in traditional script gets the fix in its own script; the message names it simplified.
                named = {f"「{f.fix.replacement}」", f"「{to_simplified(f.fix.replacement)}」"}
                assert any(n in f.message for n in named), (f.message, f.fix.replacement)
                checked += 1
    assert checked, f"{rule.code}: no fail example with a fix"


def test_one_preferred_name_per_body_in_t206():
    rule = next(r for r in RULES.rules if r.code == "T206")
    fixes = {f.fix.replacement for e in rule.examples if e.fires for f in lint_text(e.text, rules=RULES)
             if f.code == "T206"}
    assert fixes == {"市场监督管理局"}


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FAIL_EXAMPLES + PROSE), min_size=1, max_size=6))
def test_fix_makes_at_once_what_lint_reports(lines):
    text = "\n".join(lines) + "\n"
    reported = {(f.line, f.column, f.code) for f in lint_text(text, rules=RULES) if f.fix and f.fix.safe}
    result = fix_bytes("draft.txt", text.encode("utf-8"), RULES)
    applied = {(a.finding.line, a.finding.column, a.finding.code) for a in result.applied}
    assert {a.round for a in result.applied} <= {1}, [(a.round, a.finding.code, a.finding.match)
                                                     for a in result.applied]
    assert applied <= reported
    after = result.after.decode("utf-8")
    left = [(f.code, f.match) for f in lint_text(after, rules=RULES) if f.fix and f.fix.safe]
    assert left == [], (text, after)
    assert re.sub(r"\s", "", after)  # nothing fixed away
