"""The generic rule types. A corpus entry names its engine; the engine knows what to do with it.

An engine class declares the YAML keys its entries may carry (:attr:`Engine.keys`), is built once
from all the selected rules that use it, and yields findings for a :class:`~.draft.Draft`. New
families register with :func:`register` and list their module in :data:`ENGINE_MODULES`; the
loader, the reporters, selection, suppression and the example tests then work for them unchanged.

Built in:

* ``substitution`` – an outdated or wrong form with the preferred one (and a fix);
* ``existence`` – a form that is flagged with a message but has no single replacement;
* ``consistency`` – variant groups: where a draft mixes them, the minority form is flagged;
* ``abbreviation`` – 「……（以下简称××）」 discipline.

The first three share one Aho–Corasick automaton and the matching pipeline of lint-norms.md §7.4:
longest matches; cheap context checks on the raw text (exceptions, 《》 titles, 原 and dated
sentences); and only then the jieba boundary check, so jieba is loaded only for a candidate that
survives everything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from .findings import Finding
from .history import is_historical

if TYPE_CHECKING:
    from .draft import Draft
    from .rules import Rule

ENGINES: dict[str, type[Engine]] = {}
# Modules that register engines. A new rule family adds its module here; the loader imports them all
# before it reads a rule file, so a corpus entry can name any registered engine.
ENGINE_MODULES: list[str] = ["speechkit.lint.engines", "speechkit.lint.patterns", "speechkit.lint.structure",
                             "speechkit.lint.script"]


def load_engines() -> dict[str, type[Engine]]:
    import importlib

    for name in ENGINE_MODULES:
        importlib.import_module(name)
    return ENGINES


def register(cls: type[Engine]) -> type[Engine]:
    for name in cls.names:
        ENGINES[name] = cls
    return cls


class Engine:
    """Base class. ``keys`` maps each engine name to {key: kind} for the loader to check."""

    names: ClassVar[tuple[str, ...]] = ()
    keys: ClassVar[dict[str, dict[str, str]]] = {}
    placeholders: ClassVar[dict[str, tuple[str, ...]]] = {}
    defaults: ClassVar[dict[str, dict]] = {}
    CHECKS: ClassVar[tuple[str, ...]] = ()  # when set, every rule names one of them in ``check``

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules

    @classmethod
    def check_params(cls, engine: str, params: dict, fail) -> dict:
        """Engine-specific checks beyond kinds; ``fail(message, key)`` raises a located RuleError."""
        if cls.CHECKS and params.get("check") not in cls.CHECKS:
            fail(f"check must be one of {', '.join(cls.CHECKS)}", "check")
        return params

    @classmethod
    def fix_kind(cls, rule: Rule) -> str:
        """``safe``, ``unsafe`` or ``none``: what this rule's findings offer (shown by ``speechkit rules``)."""
        return "none"

    @classmethod
    def summary(cls, rule: Rule, limit: int | None = None) -> str:
        """One line for ``speechkit rules``: what the rule looks for."""
        return rule.description.split("\n", 1)[0] if rule.description else rule.engine

    def jieba_words(self) -> dict[str, int]:
        """Words to add to jieba (with frequency) so that this engine's terms segment whole."""
        return {}

    def run(self, draft: Draft) -> Iterable[Finding]:
        raise NotImplementedError


# ---------------------------------------------------------------------------------------------
# Term matching: substitution, existence, consistency.

ADMIN_PREFIX = frozenset("省市县区州旗盟乡镇")
TERM_KEYS = {
    "terms": "terms",
    "preferred": "str",
    "safe": "bool",
    "boundary": "bool",
    "except": "strings",
    "not_preceded_by": "strings",
    "not_followed_by": "strings",
    "precede": "regex-tail",
    "follow": "regex",
    "near": "strings",
    "in_titles": "bool",
    "historical": "bool",
    "since": "year",
    "admin_prefix": "bool",
    "jieba": "int",
}


@dataclass(frozen=True)
class _Entry:
    rule: Rule
    term: str
    preferred: str | None
    excepts: tuple[tuple[str, int], ...]  # (phrase, offset of the term in it)


@register
class MatchEngine(Engine):
    names = ("substitution", "existence", "consistency")
    keys = {
        "substitution": TERM_KEYS,
        "existence": {k: v for k, v in TERM_KEYS.items() if k not in ("preferred", "safe")},
        "consistency": {
            **{k: v for k, v in TERM_KEYS.items() if k not in ("terms", "preferred")},
            "variants": "strings",
            "prefer": "str",
        },
    }
    placeholders = {
        "substitution": ("match", "preferred"),
        "existence": ("match",),
        "consistency": ("match", "dominant", "counts"),
    }
    defaults = {
        "substitution": {"message": "「{match}」应改为「{preferred}」"},
        "consistency": {"message": "「{match}」与「{dominant}」在文中混用（{counts}），宜统一为「{dominant}」"},
    }

    @classmethod
    def fix_kind(cls, rule: Rule) -> str:
        if rule.engine == "existence":
            return "none"
        return "safe" if rule.params.get("safe") else "unsafe"

    @classmethod
    def summary(cls, rule: Rule, limit: int | None = None) -> str:
        p = rule.params
        if rule.engine == "consistency":
            return " / ".join(p["variants"])
        parts = []
        for term, preferred in p["terms"].items():
            target = preferred or p.get("preferred")
            parts.append(f"{term} → {target}" if target else term)
        if limit is not None and len(parts) > limit:
            parts = [*parts[:limit], f"…（共{len(parts)}项）"]
        return "；".join(parts)

    @classmethod
    def check_params(cls, engine: str, params: dict, fail) -> dict:
        if engine == "consistency":
            variants = params.get("variants") or []
            if len(variants) < 2:
                fail("a consistency group needs at least two variants", "variants")
            if len(set(variants)) != len(variants):
                fail("variants must differ", "variants")
            if "prefer" in params and params["prefer"] not in variants:
                fail(f"prefer {params['prefer']!r} is not one of the variants", "prefer")
            return params
        terms = params.get("terms")
        if not terms:
            fail("needs terms (a list, or a mapping of term to preferred form)", "terms")
        if engine == "substitution":
            missing = [t for t, p in terms.items() if p is None and "preferred" not in params]
            if missing:
                fail(f"no preferred form for {missing[0]!r} (give preferred:, or map each term)", "terms")
        elif any(p is not None for p in terms.values()):
            fail("existence rules have no preferred form; use engine: substitution", "terms")
        for phrase in params.get("except", ()):
            if not any(t in phrase for t in terms):
                fail(f"exception {phrase!r} contains none of the terms", "except")
        return params

    def __init__(self, rules: list[Rule]) -> None:
        super().__init__(rules)
        self.patterns: list[str] = []
        self.entries: list[list[_Entry]] = []
        index: dict[str, int] = {}
        for rule in rules:
            p = rule.params
            if rule.engine == "consistency":
                pairs = [(v, None) for v in p["variants"]]
            else:
                pairs = [(t, pref if pref is not None else p.get("preferred")) for t, pref in p["terms"].items()]
            for term, preferred in pairs:
                excepts = tuple(
                    (phrase, k) for phrase in p.get("except", ()) for k in _offsets(phrase, term)
                )
                if term not in index:
                    index[term] = len(self.patterns)
                    self.patterns.append(term)
                    self.entries.append([])
                self.entries[index[term]].append(_Entry(rule, term, preferred, excepts))
        self._automaton = None

    def automaton(self):
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for pid, term in enumerate(self.patterns):
                automaton.add_word(term, pid)
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def jieba_words(self) -> dict[str, int]:
        words = {}
        for rule in self.rules:
            freq = rule.params.get("jieba")
            if freq:
                terms = rule.params.get("variants") or rule.params.get("terms") or ()
                words.update({t: freq for t in terms if len(t) > 1})
        return words

    def run(self, draft: Draft) -> Iterator[Finding]:
        if not self.patterns or not draft.joined:
            return
        text = draft.joined
        hits: list[tuple[int, int, _Entry]] = []
        groups: dict[str, list[tuple[int, int, _Entry]]] = {}
        for last, pid in self.automaton().iter_long(text):
            start = last - len(self.patterns[pid]) + 1
            for entry in self.entries[pid]:
                if not self._context_ok(draft, entry, start, last + 1):
                    continue
                if entry.rule.engine == "consistency":
                    groups.setdefault(entry.rule.code, []).append((start, last + 1, entry))
                else:
                    hits.append((start, last + 1, entry))
        for start, end, entry in hits:
            if self._boundary_ok(draft, entry, start, end):
                yield self._finding(draft, entry, start, end)
        for group in groups.values():
            yield from self._consistency(draft, group)

    # -- the checks, cheapest first ---------------------------------------------------------------

    def _context_ok(self, draft: Draft, entry: _Entry, start: int, end: int) -> bool:
        text = draft.joined
        p = entry.rule.params
        for phrase, k in entry.excepts:
            if start - k >= 0 and text.startswith(phrase, start - k):
                return False
        for word in p.get("not_preceded_by", ()):
            if text.endswith(word, 0, start):
                return False
        for word in p.get("not_followed_by", ()):
            if text.startswith(word, end):
                return False
        if "follow" in p or "precede" in p or "near" in p:
            i, _ = draft.locate(start)
            block_start, block_end = draft.block_range(i)
            if "follow" in p and not p["follow"].match(text, end, block_end):
                return False
            if "precede" in p and not p["precede"].search(text, max(block_start, start - 40), start):
                return False
            if "near" in p:
                a, b = draft.sentence(start, end)
                around = text[a:start] + "\n" + text[end:b]
                if not any(word in around for word in p["near"]):
                    return False
        if not p.get("in_titles", False) and draft.in_book_title(start, end):
            return False
        if p.get("historical") and self._historical(draft, entry, start, end):
            return False
        return True

    @staticmethod
    def _historical(draft: Draft, entry: _Entry, start: int, end: int) -> bool:
        i, _ = draft.locate(start)
        preferred = entry.preferred or entry.rule.params.get("preferred")
        return is_historical(draft.joined, draft.starts[i], start, end, draft.sentence(start, end),
                             entry.rule.params.get("since"), preferred)

    @staticmethod
    def _boundary_ok(draft: Draft, entry: _Entry, start: int, end: int) -> bool:
        p = entry.rule.params
        if not p.get("boundary", True):
            return True
        boundaries = draft.boundaries
        if not boundaries.at(end) and not (p.get("admin_prefix") and _title_after(draft, end)):
            return False
        if boundaries.at(start):
            return True
        # 市工商局, even 北京市工商局, is one jieba token: a name glued to an administrative prefix (and the
        # place before it) still counts, as long as the token does not run past the name.
        if p.get("admin_prefix") and draft.joined[start - 1] in ADMIN_PREFIX:
            return boundaries.token_span(start - 1)[1] <= end
        return False

    # -- findings ----------------------------------------------------------------------------------

    @staticmethod
    def _finding(draft: Draft, entry: _Entry, start: int, end: int) -> Finding:
        rule = entry.rule
        message = rule.message.format(match=draft.original(start, end), preferred=entry.preferred or "")
        if rule.engine == "existence":
            return draft.finding(rule, start, end, message)
        return draft.finding(rule, start, end, message, entry.preferred, bool(rule.params.get("safe")))

    def _consistency(self, draft: Draft, group: list[tuple[int, int, _Entry]]) -> Iterator[Finding]:
        if len({entry.term for _, _, entry in group}) < 2:
            return  # one form only: nothing to confirm, and jieba stays unloaded
        confirmed = [hit for hit in group if self._boundary_ok(draft, hit[2], hit[0], hit[1])]
        counts: dict[str, int] = {}
        for _, _, entry in confirmed:
            counts[entry.term] = counts.get(entry.term, 0) + 1
        if len(counts) < 2:
            return
        rule = group[0][2].rule
        variants = rule.params["variants"]
        prefer = rule.params.get("prefer")
        dominant = max(variants, key=lambda v: (counts.get(v, 0), v == prefer, -variants.index(v)))
        summary = "、".join(f"「{v}」{counts[v]}处" for v in variants if v in counts)
        safe = bool(rule.params.get("safe")) and dominant == prefer
        for start, end, entry in confirmed:
            if entry.term == dominant:
                continue
            message = rule.message.format(match=draft.original(start, end), dominant=dominant, counts=summary)
            yield draft.finding(rule, start, end, message, dominant, safe)


# 工商局长, 国土资源部长: the name's last character starts the title of its head (jieba: 工商局长, 国土资源部/长).
_TITLES = frozenset(("局长", "厅长", "部长", "所长", "站长", "队长", "处长"))


def _title_after(draft: Draft, end: int) -> bool:
    text = draft.joined
    return text[end - 1 : end + 1] in _TITLES and draft.boundaries.token_span(end - 1)[1] == end + 1


def _offsets(phrase: str, term: str) -> list[int]:
    out, k = [], phrase.find(term)
    while k >= 0:
        out.append(k)
        k = phrase.find(term, k + 1)
    return out


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
    return (full, k + 1) if full != chars and len(full) > len(chars) else (None, paren)


@register
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
        return {"full-name-repeated": "full name repeated after 「（以下简称××）」",
                "used-before-definition": "abbreviation used before 「（以下简称××）」"}[rule.params["check"]]

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
        k = text.find(d.abbr)
        while 0 <= k < d.full_start:
            end = k + len(d.abbr)
            if not any(a <= k and end <= b for a, b in inside_full) and draft.boundaries.at(k) and \
                    draft.boundaries.at(end):
                message = rule.message.format(match=d.abbr, abbr=d.abbr, full=d.full or "", line=line)
                yield draft.finding(rule, k, end, message)
            k = text.find(d.abbr, end)

    @staticmethod
    def _repeated(draft: Draft, rule: Rule, d: Definition, line: int) -> Iterator[Finding]:
        text, full = draft.joined, d.full
        k = text.find(full, d.end)
        while k >= 0:
            end = k + len(full)
            i, offset = draft.locate(k)
            line = draft.texts[i].strip()
            alone = len(line) <= len(full) + 12 and not any(ch in _CLAUSE_BREAK for ch in line)  # a signature
            continues = text.startswith(_NAME_CONTINUES, end) or text.startswith(("（以下", "(以下", "（下称"), end)
            titled = not full.startswith("《") and draft.in_book_title(k, end)
            if not (alone or continues or titled):
                message = rule.message.format(match=full, abbr=d.abbr, full=full, line=line)
                yield draft.finding(rule, k, end, message, d.abbr, False)
            k = text.find(full, end)
