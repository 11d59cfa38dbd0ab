"""What the ``lint`` and ``rules`` commands do, apart from parsing options (cli.py does that)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from ..config import Section, read_section
from ..errors import RuleError
from .findings import Finding
from .report import render, summary_line
from .rules import Rule, RuleSet, load_rules, split_selectors

LINT_SETTINGS = {"select": "strings", "ignore": "strings", "terms": "strings"}


def configured_rules(
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    terms: Sequence[str] = (),
    config: str | None = None,
) -> RuleSet:
    """Built-in rules + term files, chosen by speechkit.yaml's ``lint:`` section and the options.

    ``--select`` replaces the configured selection; ``--ignore`` and ``--terms`` add to it.
    """
    section = read_section("lint", LINT_SETTINGS, config)
    files = [str(_config_path(section, i, t)) for i, t in enumerate(section.data.get("terms", []))]
    ruleset = load_rules([*files, *terms])
    configured = {key: split_selectors(section.data[key]) for key in ("select", "ignore") if key in section.data}
    for key, selectors in configured.items():
        try:  # check each setting on its own, so the error points at its line
            ruleset.select(selectors if key == "select" else None, selectors if key == "ignore" else ())
        except RuleError as exc:
            raise section.error(exc.message, key) from None
    cli_select = split_selectors(select) if select else None
    cli_ignore = split_selectors(ignore)
    ruleset.select(cli_select, cli_ignore, origin="command line")
    chosen = cli_select if cli_select is not None else configured.get("select")
    return ruleset.select(chosen, [*configured.get("ignore", []), *cli_ignore])


def _config_path(section: Section, index: int, value: str):
    path = section.base / value
    if not path.is_file():
        raise section.error(f"term file {value!r} not found (paths are relative to {section.file})", "terms", index)
    return path


def run_lint(
    paths: Sequence[str],
    *,
    fmt: str = "text",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    terms: Sequence[str] = (),
    config: str | None = None,
    out: TextIO,
    err: TextIO,
) -> tuple[int, list[Finding]]:
    """Lint every path and write the report. Returns (exit status 0 or 1, findings).

    All rules and all drafts are read and checked before anything is printed, so a bad term file
    or an unreadable draft stops the run with one error and no half report.
    """
    from ..drafts import read_document
    from . import lint_document

    ruleset = configured_rules(select, ignore, terms, config)
    documents = [(path, read_document(path)) for path in paths]
    findings: list[Finding] = []
    for path, document in documents:
        findings.extend(lint_document(document, ruleset, path))
    out.write(render(findings, list(paths), fmt))
    if findings and fmt == "text":
        err.write(summary_line(findings, len(paths)) + "\n")
    return (1 if findings else 0), findings


# ---------------------------------------------------------------------------------------------
# speechkit rules [CODE]


def rules_report(code: str | None = None, *, terms: Sequence[str] = (), config: str | None = None,
                 verify: bool = False) -> tuple[int, str]:
    """(exit status, text) for ``speechkit rules``: the list, one rule explained, or example failures."""
    section = read_section("lint", LINT_SETTINGS, config)
    files = [str(_config_path(section, i, t)) for i, t in enumerate(section.data.get("terms", []))]
    ruleset = load_rules([*files, *terms])
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
