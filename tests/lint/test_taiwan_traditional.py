"""Taiwan-style terms in traditional script: found before t2s erases them, and after it where it does not."""

from __future__ import annotations

from functools import lru_cache

import opencc
import pytest

from speechkit.errors import RuleError
from speechkit.lint import lint_text
from speechkit.lint.fix import fix_bytes
from speechkit.lint.rules import builtin_rules, load_file


@lru_cache(maxsize=1)
def to_taiwan_script():
    return opencc.OpenCC("s2tw")


TAIWAN = [r for r in builtin_rules() if r.file.endswith("taiwan.yaml")]
FAIL_EXAMPLES = [
    pytest.param(rule, example, id=f"{rule.code}-{i}")
    for rule in TAIWAN
    for i, example in enumerate(e for e in rule.examples if e.fires)
]


@pytest.mark.parametrize(("rule", "example"), FAIL_EXAMPLES)
def test_every_taiwan_example_written_in_taiwan_script_is_still_found(rules, rule, example):
    # The draft a Taiwan source gives: the example in Taiwan's traditional characters (s2tw: characters
    # only, so the Taiwan word stays the word of the example). Whatever t2s makes of it, the rule must
    # still see it: after conversion for most terms, before it for the T342 spellings.
    taiwan = to_taiwan_script().convert(example.text)
    found = [f for f in lint_text(taiwan, rules=rules) if f.code == rule.code]
    assert found, f"{rule.code} lost {example.text!r} written as {taiwan!r}"
    if example.match is not None:
        assert to_taiwan_script().convert(example.match) in [f.match for f in found] or \
            example.match in [f.match for f in found]


def test_spellings_that_t2s_erases_are_matched_as_read(rules):
    text = "本計畫由各縣市政府負責執行。\n請各單位按照计划抓好落實。\n"
    found = [(f.line, f.code, f.match, f.fix.replacement) for f in lint_text(text, rules=rules) if f.code == "T342"]
    assert found == [(1, "T342", "計畫", "計劃")]


def test_a_simplified_draft_never_looks_for_traditional_spellings():
    from speechkit.lint import load_rules
    from speechkit.lint.engines import MatchEngine

    fresh = load_rules()
    assert not [f for f in lint_text("各单位要按照计划抓好落实。\n", rules=fresh) if f.code.startswith("T")]
    matchers = [e for e in fresh.engines() if isinstance(e, MatchEngine)]
    assert matchers and all(e._traditional_automaton is None for e in matchers)
    assert [f.match for f in lint_text("本計畫已經完成。\n", rules=fresh) if f.code == "T342"] == ["計畫"]


def test_a_disabled_line_is_not_reported(rules):
    text = "本計畫由各縣市政府負責執行。<!-- speechkit-disable-line T342 -->\n本計畫另行通知。\n"
    assert [f.line for f in lint_text(text, rules=rules) if f.code == "T342"] == [2]


def test_fixing_a_traditional_draft_ends_with_the_mainland_word(rules):
    data = "本計畫由各縣市政府負責執行，請各單位做好軟體更新。\n".encode()
    result = fix_bytes("a.txt", data, rules)
    assert result.after.decode("utf-8") == "本计划由各县市政府负责执行，请各单位做好软件更新。\n"


@pytest.mark.parametrize(("value", "message"), [
    ("[計畫]", "traditional: 应为「繁体写法: 简体推荐写法」的映射"),
    ("{計畫: 計畫}", "traditional: 「計畫」：繁体写法应与推荐写法不同"),
    ("{計畫: 計劃}", "traditional: 「計畫」的推荐写法应为简体"),
])
def test_a_bad_traditional_mapping_is_located(tmp_path, value, message):
    path = tmp_path / "t.yaml"
    path.write_text(f"rules:\n  - code: U001\n    name: u-plan\n    traditional: {value}\n", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_file(path, user=True)
    assert message in str(caught.value) and str(caught.value).startswith(f"{path}:4: ")
