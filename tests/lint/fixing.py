"""Apply findings' fixes to a text the way an editor would: by line and column, checking the match.

Used by the family tests to show that a fix object is exact (its span holds ``match``) and right
(the fixed text passes the rule). Independent of speechkit.lint.fix on purpose.
"""

from __future__ import annotations

from speechkit.lint import lint_text


def apply(text: str, findings, *, unsafe: bool = True) -> str:
    """One round: every non-overlapping fix, leftmost first, applied to ``text`` (one paragraph a line)."""
    lines = text.split("\n")
    taken: dict[int, list[tuple[int, int, str]]] = {}
    for f in sorted(findings, key=lambda f: (f.line, f.column, -(f.end - f.start))):
        if f.fix is None or not (f.fix.safe or unsafe):
            continue
        line = lines[f.line - 1]
        a = f.column - 1
        b = a + (f.end - f.start)
        assert line[a:b] == f.match, (f.code, line, f.match)
        edits = taken.setdefault(f.line, [])
        if any(a < e and s < b or a == s for s, e, _ in edits):
            continue
        edits.append((a, b, f.fix.replacement))
    for number, edits in taken.items():
        line = lines[number - 1]
        for a, b, replacement in sorted(edits, reverse=True):
            line = line[:a] + replacement + line[b:]
        lines[number - 1] = line
    return "\n".join(lines)


def fix_until_clean(text: str, rules, *, unsafe: bool = True, rounds: int = 6) -> tuple[str, int]:
    """Fix and lint again until no fix is left; (text, rounds used). Fails if it does not settle."""
    for n in range(rounds):
        findings = [f for f in lint_text(text, rules=rules) if f.fix and (f.fix.safe or unsafe)]
        if not findings:
            return text, n
        fixed = apply(text, findings, unsafe=unsafe)
        assert fixed != text, [(f.code, f.match, f.fix) for f in findings]
        text = fixed
    raise AssertionError(f"fixes did not settle in {rounds} rounds: {text!r}")


def fix_cases(family: str):
    """(rule, example) for every fail example of the family's rules that offer a fix."""
    import pytest

    from speechkit.lint.rules import builtin_rules

    return [
        pytest.param(rule, example, id=f"{rule.code}-fail{i}")
        for rule in builtin_rules() if rule.code.startswith(family) and rule.fix_kind != "none"
        for i, example in enumerate(e for e in rule.examples if e.fires)
    ]


def check_fix_passes(rules, rule, example) -> None:
    """Each finding of ``rule`` in the example carries an exact fix, and the fixed text passes the rule."""
    only = rules.select([rule.code])
    found = [f for f in lint_text(example.text, rules=only) if f.code == rule.code]
    assert found and all(f.fix is not None for f in found), (rule.code, example.text)
    for f in found:
        assert f.fix.replacement != f.match
        assert f.fix.safe == (rule.fix_kind == "safe") or rule.engine in ("pairs", "script")
    fixed, _ = fix_until_clean(example.text, only)
    assert not [f for f in lint_text(fixed, rules=only) if f.code == rule.code], fixed
    assert fix_until_clean(fixed, only) == (fixed, 0)  # a second run changes nothing
