"""``speechkit rules [CODE]``: the rule list, one rule explained with its examples, or the examples run.

The list is every rule of the registry: lint's, with the user's term files, and check-format's F rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .rules import Example, Rule, RuleSet, check_unique, format_rules
from .run import all_rules

# Checks an example that is not a text (an F rule's described .docx): a problem, or None. The caller
# gives it, because what builds those examples lives above lint (layout/examples.py).
GivenCheck = Callable[[Rule, Example], "str | None"]


def rules_report(code: str | None = None, *, terms: Sequence[str] = (), config: str | None = None,
                 verify: bool = False, check_given: GivenCheck | None = None) -> tuple[int, str]:
    """(exit status, text) for ``speechkit rules``: the list, one rule explained, or example failures."""
    ruleset = all_rules(terms, config)
    check_unique([*ruleset.rules, *format_rules()])  # a user's F001 would shadow check-format's
    catalog = RuleSet([*ruleset.rules, *format_rules()], ruleset.segmenter)
    rules = catalog.rules
    if code is not None:
        catalog.select([code], origin="rules")  # names the problem if CODE matches nothing
        rules = catalog.matching(code)
    text = rule_explanation(rules[0]) if len(rules) == 1 else rules_listing(rules)
    if not verify:
        return 0, text
    problems = verify_examples(ruleset, rules, check_given)
    count = sum(len(r.examples) for r in rules)
    if problems:
        return 1, "".join(p + "\n" for p in problems) + f"{count} 个示例中有 {len(problems)} 处与所述不符\n"
    return 0, f"{len(rules)} 条规则的 {count} 个示例全部与所述相符\n"


def rules_listing(rules: Sequence[Rule]) -> str:
    width = max((len(r.name) for r in rules), default=0)
    lines = [f"{r.code}  {r.severity:<5}  {r.name:<{width}}  {r.summary(limit=4)}" for r in rules]
    return "\n".join(lines) + "\n"


def rule_explanation(rule: Rule) -> str:
    fix = {"safe": "安全（--fix 直接修改）", "unsafe": "给出修改，须审阅（--unsafe-fixes）",
           "none": "无"}[rule.fix_kind]
    out = [
        f"{rule.code} {rule.name}",
        f"  级别：{rule.severity}    引擎：{rule.engine}    修改：{fix}",
        f"  定义：{rule.location}",
        f"  查找：{rule.summary()}",
        f"  提示：{rule.message}",
    ]
    if out[-2].endswith(rule.message):  # an F rule: what it matches is what the standard asks
        del out[-2]
    if rule.description:
        out.append("  " + rule.description.strip().replace("\n", "\n  "))
    fails = [e for e in rule.examples if e.fires]
    passes = [e for e in rule.examples if not e.fires]
    if fails:
        out.append("  应报告：")
        out.extend(f"    ✗ {_one_line(e.text)}" for e in fails)
    if passes:
        out.append("  不应报告：")
        out.extend(f"    ✓ {_one_line(e.text)}" for e in passes)
    return "\n".join(out) + "\n"


def _one_line(text: str) -> str:
    return text.strip().replace("\n", " ⏎ ")


def verify_examples(ruleset: RuleSet, rules: Sequence[Rule] | None = None,
                    check_given: GivenCheck | None = None) -> list[str]:
    """Run every example of ``rules`` (default: all) against the whole rule set; describe failures.
    An example described as data (``given``) is run by ``check_given``."""
    problems: list[str] = []
    for rule in rules if rules is not None else ruleset.rules:
        for example in rule.examples:
            where = f"{rule.file}:{example.line}: {rule.code}"
            if example.given is None:
                problems.extend(f"{where}: {p}" for p in _text_problems(ruleset, rule, example))
            elif check_given is None:
                problems.append(f"{where}: 此示例须由专门的检查程序验证：{_one_line(example.text)}")
            elif (problem := check_given(rule, example)) is not None:
                problems.append(f"{where}: {problem}: {_one_line(example.text)}")
    return problems


def _text_problems(ruleset: RuleSet, rule: Rule, example: Example) -> list[str]:
    from . import lint_text

    found = [f for f in lint_text(example.text, rules=ruleset) if f.code == rule.code]
    if example.fires and not found:
        return [f"未报告：{_one_line(example.text)}"]
    if not example.fires and found:
        return [f"pass 示例中报告了「{found[0].match}」：{_one_line(example.text)}"]
    problems = []
    if example.fires:
        if example.match is not None and example.match not in [f.match for f in found]:
            got = "、".join(f"「{f.match}」" for f in found)
            problems.append(f"应报告「{example.match}」，实际报告{got}")
        if example.fix is not None and example.fix not in [f.fix.replacement for f in found if f.fix]:
            problems.append(f"应给出修改「{example.fix}」，实际未给出")
    return problems
