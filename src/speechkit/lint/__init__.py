"""LINT: drafts → findings. Term rules are data (corpora/terms/*.yaml) run by generic engines.

    >>> from speechkit.lint import lint_text
    >>> [f.code for f in lint_text("请国土资源部牵头制定实施方案。")]
    ['T101']

Importing this package is cheap: jieba, OpenCC and the automaton load only when a draft needs them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..lazy import lazy_attributes

if TYPE_CHECKING:
    from ..blocks import Document
    from .draft import Draft
    from .findings import SEVERITIES, Finding, Fix
    from .rules import Example, Rule, RuleSet, load_rules

# Loaded on first use: ``import speechkit`` binds :func:`lint` eagerly, and `speechkit render` or
# `speechkit batch` should not pay for the rule machinery.
_EXPORTS = {"Draft": "draft", "SEVERITIES": "findings", "Finding": "findings", "Fix": "findings",
            "Example": "rules", "Rule": "rules", "RuleSet": "rules", "load_rules": "rules"}

__all__ = [
    "SEVERITIES",
    "Draft",
    "Example",
    "Finding",
    "Fix",
    "Rule",
    "RuleSet",
    "lint",
    "lint_document",
    "lint_text",
    "load_rules",
]


__getattr__ = lazy_attributes(__name__, _EXPORTS, globals())


def lint_document(document: Document, rules: RuleSet, path: str = "-", *, whole_text: bool = False) -> list[Finding]:
    """Findings for one Document, sorted by position. ``whole_text`` segments everything up front
    (the reference behaviour the lazy path is checked against; slower)."""
    from .draft import Draft
    from .suppress import scan as scan_suppressions

    suppressions = scan_suppressions(document, path)
    draft = Draft.build(path, document, rules.segmenter, skip=suppressions.directive_only,
                        blank=suppressions.blank, whole_text=whole_text)
    from .rules import builtin_marker_forms

    draft.cache["marker_forms"] = builtin_marker_forms()
    findings: list[Finding] = []
    for engine in rules.engines():
        findings.extend(engine.run(draft))
    findings = suppressions.filter(list(dict.fromkeys(findings)))
    return sorted(findings, key=lambda f: f.sort_key)


def _ruleset(rules: RuleSet | None, select: Sequence[str] | None, ignore: Sequence[str],
             terms: Iterable[str | Path]) -> RuleSet:
    from .rules import load_rules

    ruleset = rules if rules is not None else load_rules(terms)
    if select is not None or ignore:
        ruleset = ruleset.select(select, ignore)
    return ruleset


def lint(
    source: str | Path | Document,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    terms: Iterable[str | Path] = (),
    rules: RuleSet | None = None,
) -> list[Finding]:
    """Lint a draft: a path (.docx, .txt, .md; ``-`` for stdin) or a Document already read."""
    from ..blocks import Document
    from ..drafts import read_document

    ruleset = _ruleset(rules, select, ignore, terms)
    if isinstance(source, Document):
        return lint_document(source, ruleset)
    return lint_document(read_document(source), ruleset, str(source))


def lint_text(
    text: str,
    *,
    markdown: bool = False,
    path: str = "-",
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    terms: Iterable[str | Path] = (),
    rules: RuleSet | None = None,
    whole_text: bool = False,
) -> list[Finding]:
    """Lint text held in memory, one paragraph per line (as a .txt or .md draft would be read)."""
    from ..blocks import Document
    from ..drafts import text_blocks

    ruleset = _ruleset(rules, select, ignore, terms)
    return lint_document(Document(text_blocks(text, markdown=markdown)), ruleset, path, whole_text=whole_text)
