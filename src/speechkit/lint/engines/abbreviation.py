"""The ``abbreviation`` engine: 「……（以下简称××）」 discipline – the full name not repeated after the
definition, the abbreviation not used before it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .base import Engine

if TYPE_CHECKING:
    from ..draft import Draft
    from ..findings import Finding
    from ..rules import Rule


# ---------------------------------------------------------------------------------------------
# Abbreviations: 「国家市场监督管理总局（以下简称市场监管总局）」.

_DEFINITION = re.compile(
    r"[（(](?:以下|下文|下)?简称(?:为)?[：:]?\s*"
    r"(?P<abbr>[“\"「][^”\"」）)\n]{1,20}[”\"」]|《[^》）)\n]{1,40}》|[^，、；。）)\n“”\"「」《》\s]{1,20})[）)]"
)
_CLAUSE_BREAK = frozenset("，。；：！？、（）()“”\"《》\n 　,;:!?")
# Mentions of the full name that are not repetitions: another body's name or a cited title.
_NAME_CONTINUES = ("办公厅", "办公室", "党组", "机关", "关于", "印发", "联合印发")


@dataclass(frozen=True)
class Definition:
    abbr: str  # as written in running text (book-title marks kept, quotes dropped)
    full: str | None  # None when it cannot be told from the text before the parenthesis
    full_start: int
    start: int  # of the parenthesis
    end: int


def find_definitions(text: str) -> list[Definition]:
    found: dict[str, Definition] = {}
    for m in _DEFINITION.finditer(text):
        abbr = m.group("abbr").strip("“”\"「」")
        if len(abbr) < 2 or abbr in found:
            continue
        full, full_start = _full_name(text, m.start(), abbr)
        found[abbr] = Definition(abbr, full, full_start, m.start(), m.end())
    return list(found.values())


def _full_name(text: str, paren: int, abbr: str) -> tuple[str | None, int]:
    line_start = text.rfind("\n", 0, paren) + 1
    if text.endswith("》", line_start, paren):
        depth, k = 0, paren - 1
        while k >= line_start:
            if text[k] == "》":
                depth += 1
            elif text[k] == "《":
                depth -= 1
                if depth == 0:
                    return (text[k:paren], k) if text[k:paren] != abbr else (None, paren)
            k -= 1
        return None, paren
    clause_start = paren
    while clause_start > line_start and text[clause_start - 1] not in _CLAUSE_BREAK:
        clause_start -= 1
    # The shortest tail of the clause that holds the abbreviation's characters in order.
    chars = abbr.strip("《》")
    k, j = paren - 1, len(chars) - 1
    while k >= clause_start and j >= 0:
        if text[k] == chars[j]:
            j -= 1
        k -= 1
    if j >= 0:
        return None, paren
    full = text[k + 1 : paren]
    if full == chars:
        return _tail_name(text, clause_start, paren, chars)
    return (full, k + 1) if len(full) > len(chars) else (None, paren)


# Words after which a name being defined begins: 成立全县……领导小组（以下简称领导小组）, 第三条……资金.
_NAME_LEAD = re.compile(r"(?:成立|设立|组建|建立|设置|组成|开展|启动)了?"
                        r"|^第[一二三四五六七八九十百零〇\d]+条[ \u3000]*", re.MULTILINE)


def _tail_name(text: str, clause_start: int, paren: int, abbr: str) -> tuple[str | None, int]:
    """The full name when the short form is its own tail (专项行动领导小组 → 领导小组): the clause before the
    parenthesis, from after its last 成立/设立… (or a 第X条 label); None when that leaves nothing longer."""
    start = clause_start
    for m in _NAME_LEAD.finditer(text, clause_start, paren):
        start = m.end()
    full = text[start:paren]
    if len(full) < len(abbr) + 2 or len(full) > 30:
        return None, paren
    return full, start


def _inside_defined_name(text: str, end: int) -> bool:
    """专项整治行动领导小组（以下简称领导小组）: the full name 专项整治行动 is part of another name defined here."""
    k = end
    while k < len(text) and k - end <= 20 and text[k] not in _CLAUSE_BREAK:
        k += 1
    return k > end and _DEFINITION.match(text, k) is not None


class AbbreviationEngine(Engine):
    names = ("abbreviation",)
    keys = {"abbreviation": {"check": "str"}}
    placeholders = {"abbreviation": ("match", "full", "abbr", "line")}
    CHECKS = ("full-name-repeated", "used-before-definition")

    @classmethod
    def fix_kind(cls, rule: Rule) -> str:
        return "unsafe" if rule.params.get("check") == "full-name-repeated" else "none"

    @classmethod
    def summary(cls, rule: Rule, limit: int | None = None) -> str:
        return {"full-name-repeated": "「（以下简称××）」之后又用全称",
                "used-before-definition": "「（以下简称××）」之前已用简称"}[rule.params["check"]]

    def run(self, draft: Draft) -> Iterator[Finding]:
        text = draft.joined
        if "简称" not in text:
            return
        checks = {rule.params["check"]: rule for rule in self.rules}
        for definition in find_definitions(text):
            line = draft.line_of(definition.start)
            if "used-before-definition" in checks:
                yield from self._early(draft, checks["used-before-definition"], definition, line)
            if "full-name-repeated" in checks and definition.full:
                yield from self._repeated(draft, checks["full-name-repeated"], definition, line)

    @staticmethod
    def _early(draft: Draft, rule: Rule, d: Definition, line: int) -> Iterator[Finding]:
        text = draft.joined
        inside_full = []
        if d.full:
            k = text.find(d.full)
            while 0 <= k < d.start:
                inside_full.append((k, k + len(d.full)))
                k = text.find(d.full, k + 1)
        # 专项行动领导小组（以下简称领导小组）: the short form is the tail of its own full name, so an earlier
        # 领导小组 after the same characters (行动领导小组, in the title or the body) is the full name again.
        own = d.start - len(d.abbr)
        lead = text[max(own - 2, 0) : own] if text.startswith(d.abbr, own) else ""
        titles = None
        k = text.find(d.abbr)
        while 0 <= k < d.full_start:
            end = k + len(d.abbr)
            if end == d.start or (len(lead) == 2 and text.startswith(lead, k - 2)) or \
                    any(a <= k and end <= b for a, b in inside_full) or draft.in_book_title(k, end):
                k = text.find(d.abbr, end)
                continue
            if titles is None:
                from ..parts import roles

                titles = roles(draft)
            if titles[draft.locate(k)[0]] != "title" and draft.boundaries.at(k) and draft.boundaries.at(end):
                message = rule.message.format(match=d.abbr, abbr=d.abbr, full=d.full or "", line=line)
                yield draft.finding(rule, k, end, message)
            k = text.find(d.abbr, end)

    @staticmethod
    def _repeated(draft: Draft, rule: Rule, d: Definition, line: int) -> Iterator[Finding]:
        text, full = draft.joined, d.full
        if full is None:
            return
        k = text.find(full, d.end)
        while k >= 0:
            end = k + len(full)
            i, offset = draft.locate(k)
            body = draft.texts[i].strip()
            alone = len(body) <= len(full) + 12 and not any(ch in _CLAUSE_BREAK for ch in body)  # a signature
            continues = text.startswith(_NAME_CONTINUES, end) or text.startswith(("（以下", "(以下", "（下称"), end) \
                or _inside_defined_name(text, end)
            titled = not full.startswith("《") and draft.in_book_title(k, end)
            if not (alone or continues or titled):
                message = rule.message.format(match=full, abbr=d.abbr, full=full, line=line)
                yield draft.finding(rule, k, end, message, d.abbr, False)
            k = text.find(full, end)
