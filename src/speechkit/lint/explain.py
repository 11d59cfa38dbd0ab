"""``speechkit rules [CODE]``: the rule list, one rule explained with its examples, or the examples run."""

from __future__ import annotations

from collections.abc import Sequence

from .rules import Rule, RuleSet
from .run import all_rules


def rules_report(code: str | None = None, *, terms: Sequence[str] = (), config: str | None = None,
                 verify: bool = False) -> tuple[int, str]:
    """(exit status, text) for ``speechkit rules``: the list, one rule explained, or example failures."""
    ruleset = all_rules(terms, config)
    rules = ruleset.rules
    if code is not None:
        ruleset.select([code], origin="rules")  # names the problem if CODE matches nothing
        rules = ruleset.matching(code)
    text = rule_explanation(rules[0]) if len(rules) == 1 else rules_listing(rules)
    if not verify:
        return 0, text
    problems = verify_examples(ruleset, rules)
    count = sum(len(r.examples) for r in rules)
    if problems:
        return 1, "".join(p + "\n" for p in problems) + f"{len(problems)} of {count} examples failed\n"
    return 0, f"all {count} examples of {len(rules)} rules behave as stated\n"


def rules_listing(rules: Sequence[Rule]) -> str:
    width = max((len(r.name) for r in rules), default=0)
    lines = [f"{r.code}  {r.severity:<5}  {r.name:<{width}}  {r.summary(limit=4)}" for r in rules]
    return "\n".join(lines) + "\n"


def rule_explanation(rule: Rule) -> str:
    fix = {"safe": "safe (applied by --fix)", "unsafe": "offered, needs review", "none": "none"}[rule.fix_kind]
    out = [
        f"{rule.code} {rule.name}",
        f"  severity: {rule.severity}    engine: {rule.engine}    fix: {fix}",
        f"  defined:  {rule.location}",
        f"  matches:  {rule.summary()}",
        f"  message:  {rule.message}",
    ]
    if rule.description:
        out.append("  " + rule.description.strip().replace("\n", "\n  "))
    fails = [e for e in rule.examples if e.fires]
    passes = [e for e in rule.examples if not e.fires]
    if fails:
        out.append("  reported:")
        out.extend(f"    ✗ {_one_line(e.text)}" for e in fails)
    if passes:
        out.append("  left alone:")
        out.extend(f"    ✓ {_one_line(e.text)}" for e in passes)
    return "\n".join(out) + "\n"


def _one_line(text: str) -> str:
    return text.strip().replace("\n", " ⏎ ")


def verify_examples(ruleset: RuleSet, rules: Sequence[Rule] | None = None) -> list[str]:
    """Run every example of ``rules`` (default: all) against the whole rule set; describe failures."""
    from . import lint_text

    problems = []
    for rule in rules if rules is not None else ruleset.rules:
        for example in rule.examples:
            found = [f for f in lint_text(example.text, rules=ruleset) if f.code == rule.code]
            where = f"{rule.file}:{example.line}: {rule.code}"
            if example.fires and not found:
                problems.append(f"{where}: not reported: {_one_line(example.text)}")
            elif not example.fires and found:
                problems.append(f"{where}: reported {found[0].match!r} in a pass example: {_one_line(example.text)}")
            elif example.fires:
                if example.match is not None and example.match not in [f.match for f in found]:
                    got = ", ".join(repr(f.match) for f in found)
                    problems.append(f"{where}: expected the match {example.match!r}, got {got}")
                if example.fix is not None and example.fix not in [f.fix.replacement for f in found if f.fix]:
                    problems.append(f"{where}: expected the fix {example.fix!r}")
    return problems
