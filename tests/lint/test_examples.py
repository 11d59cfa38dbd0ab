"""Every rule's pass/fail examples, as data: a corpus entry whose examples fail is a failing test."""

from __future__ import annotations

import pytest

from speechkit.lint import lint_text, load_rules
from speechkit.lint.rules import builtin_rules

RULES = builtin_rules()
CASES = [
    pytest.param(rule, example, id=f"{rule.code}-{'fail' if example.fires else 'pass'}{i}")
    for rule in RULES
    for i, example in enumerate(rule.examples)
]


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_example(rules, rule, example):
    found = [f for f in lint_text(example.text, rules=rules) if f.code == rule.code]
    if not example.fires:
        assert not found, f"{rule.code} reported {[f.match for f in found]} in a pass example"
        return
    assert found, f"{rule.code} did not report: {example.text}"
    if example.match is not None:
        assert example.match in [f.match for f in found]
    if example.fix is not None:
        assert example.fix in [f.fix.replacement for f in found if f.fix]


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_every_rule_has_both_kinds_of_example(rule):
    assert any(e.fires for e in rule.examples), f"{rule.code} has no fail: example"
    assert any(not e.fires for e in rule.examples), f"{rule.code} has no pass: example"


def test_codes_names_and_messages():
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    for rule in RULES:
        assert rule.code[0] in "TCSPNZ"
        assert rule.severity in ("error", "warn", "info")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.message), rule.code


def test_fail_examples_report_the_rule_alone():
    # Run with only the rule selected too: an example must not depend on another rule's matches.
    full = load_rules()
    for rule in RULES:
        only = full.select([rule.code])
        for example in rule.examples:
            found = [f.code for f in lint_text(example.text, rules=only)]
            assert bool(found) == example.fires, (rule.code, example.text)
