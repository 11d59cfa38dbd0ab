"""A new rule family plugs in through the engine registry: its rules load from YAML with located
errors, run beside the built-ins, are selected, suppressed, reported and listed like them."""

from __future__ import annotations

import re

import pytest

from speechkit.errors import RuleError
from speechkit.lint import engines, lint_text, load_rules
from speechkit.lint.explain import rules_listing, verify_examples
from speechkit.lint.rules import load_file


class RepeatedMark(engines.Engine):
    """Toy family: four or more ？ or ！ in a row (the real one belongs to part 2)."""

    names = ("toy-repeat",)
    keys = {"toy-repeat": {"marks": "str", "at_least": "int"}}
    placeholders = {"toy-repeat": ("match", "count")}

    @classmethod
    def check_params(cls, engine, params, fail):
        if params.get("at_least", 0) < 2:
            fail("must be at least 2", "at_least")
        return params

    @classmethod
    def fix_kind(cls, rule):
        return "safe"

    def run(self, draft):
        for rule in self.rules:
            pattern = re.compile(f"[{re.escape(rule.params['marks'])}]{{{rule.params['at_least']},}}")
            for m in pattern.finditer(draft.joined):
                message = rule.message.format(match=m.group(), count=len(m.group()))
                yield draft.finding(rule, m.start(), m.end(), message, m.group()[0], True)


RULES = """\
rules:
  - code: P901
    name: toy-repeated-marks
    engine: toy-repeat
    severity: error
    marks: ？！
    at_least: 4
    message: 「{match}」连用{count}个标点
    examples:
      fail: [难道不该反思吗？？？？]
      pass: [难道不该反思吗？]
"""


@pytest.fixture
def toy(tmp_path, monkeypatch):
    monkeypatch.setitem(engines.ENGINES, "toy-repeat", RepeatedMark)
    path = tmp_path / "toy.yaml"
    path.write_text(RULES, encoding="utf-8")
    return path


def test_a_registered_engine_runs_beside_the_builtins(toy):
    ruleset = load_rules([toy]).select(["T", "C", "P9"])  # the built-in P family reports ？？？？ too
    text = "请市环保局说明：为什么迟迟不整改？？？？\n<!-- speechkit-disable-next-line P9 -->\n为什么？？？？\n"
    found = [(f.line, f.code, f.match, f.fix.replacement if f.fix else None) for f in lint_text(text, rules=ruleset)]
    assert found == [(1, "T202", "环保局", "生态环境局"), (1, "P901", "？？？？", "？")]
    assert [f.code for f in lint_text(text, rules=ruleset.select(["P"]))] == ["P901"]
    assert verify_examples(ruleset, [ruleset.by_code["P901"]]) == []
    assert "P901  error  toy-repeated-marks" in rules_listing(ruleset.rules)
    assert ruleset.by_code["P901"].fix_kind == "safe"


def test_its_keys_are_checked_with_locations(toy):
    toy.write_text(RULES.replace("at_least: 4", "at_least: 1"), encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_file(toy)
    assert str(caught.value) == f"{toy}:7: rules[0] P901: at_least: must be at least 2"
    toy.write_text(RULES.replace("{count}", "{total}"), encoding="utf-8")
    with pytest.raises(RuleError, match=r"未知的占位符 \{total\}"):
        load_file(toy)
