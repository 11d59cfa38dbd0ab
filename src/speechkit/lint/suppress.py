"""Inline suppression: ``<!-- speechkit-disable T101 -->`` comments in the draft itself.

Directives (codes or prefixes separated by commas or spaces; none means every rule):

* ``<!-- speechkit-disable-line CODES -->`` – the paragraph (line) the comment is on;
* ``<!-- speechkit-disable-next-line CODES -->`` – the next non-empty line;
* ``<!-- speechkit-disable CODES -->`` … ``<!-- speechkit-enable [CODES] -->`` – a range;
* ``<!-- speechkit-disable-file CODES -->`` – the whole draft.

The HTML-comment form keeps them invisible in rendered Markdown and unambiguous in plain text.
A line holding only directives is not linted; a directive inside a line is blanked out before the
rules see the line, so positions in it do not move.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..blocks import Document
from ..errors import DocumentError
from .findings import Finding

DIRECTIVE = re.compile(
    r"<!--\s*speechkit-(disable-next-line|disable-line|disable-file|disable|enable)\b([^>]*?)\s*-->"
)
_SELECTOR = re.compile(r"[A-Z]\d{0,3}")
ALL = "ALL"


@dataclass
class Suppressions:
    per_block: dict[int, frozenset[str]] = field(default_factory=dict)  # block index → selectors
    whole_file: frozenset[str] = frozenset()
    directive_only: frozenset[int] = frozenset()  # blocks holding nothing but directives
    blank: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # directive spans inside text

    def allows(self, finding: Finding) -> bool:
        local = self.per_block.get(finding.block, frozenset()) if finding.block is not None else frozenset()
        selectors = self.whole_file | local
        return not (ALL in selectors or any(finding.code.startswith(s) for s in selectors))

    def filter(self, findings: list[Finding]) -> list[Finding]:
        if not self.per_block and not self.whole_file:
            return findings
        return [f for f in findings if self.allows(f)]


def scan(document: Document, path: str) -> Suppressions:
    """Read the directives of a draft (a fast no-op when it has none)."""
    result = Suppressions()
    if not any("speechkit-" in block.text for block in document.blocks):
        return result
    # here: this block's codes; pending: from disable-next-line, for the next block with text
    codes: dict[str, set[str]] = {"active": set(), "pending": set(), "file": set()}
    only: set[int] = set()
    for index, block in enumerate(document.blocks):
        if not block.text:
            continue
        codes["here"] = set()
        found = list(DIRECTIVE.finditer(block.text)) if "speechkit-" in block.text else []
        rest = DIRECTIVE.sub("", block.text).strip() if found else block.text
        if rest:
            codes["here"] |= codes["pending"]
            codes["pending"] = set()
        for m in found:
            _obey(m.group(1), _selectors(m.group(2), path, block.line or index + 1), codes)
        if found:
            if rest:
                result.blank[index] = [m.span() for m in found]
            else:
                only.add(index)
        here = codes["here"] | codes["active"]
        if here:
            result.per_block[index] = frozenset(here)
    result.whole_file = frozenset(codes["file"])
    result.directive_only = frozenset(only)
    return result


_ADDS_TO = {"disable-line": "here", "disable-next-line": "pending", "disable-file": "file", "disable": "active"}


def _obey(kind: str, selectors: set[str], codes: dict[str, set[str]]) -> None:
    """One directive: the set of codes it adds to, or (enable) takes from."""
    if kind == "enable":
        codes["active"] = set() if selectors == {ALL} else codes["active"] - selectors
    else:
        codes[_ADDS_TO[kind]] |= selectors


def _selectors(text: str, path: str, line: int) -> set[str]:
    parts = [p for p in re.split(r"[,\s]+", text.strip()) if p]
    if not parts:
        return {ALL}
    for part in parts:
        if not _SELECTOR.fullmatch(part) and part != ALL:
            raise DocumentError(f"speechkit 注释中的「{part}」不是规则代码或代码前缀（如 T101、T1、T）",
                                file=path, line=line)
    return set(parts)
