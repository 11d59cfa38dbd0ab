"""Term matching: the ``substitution``, ``existence`` and ``consistency`` engines.

* ``substitution`` – an outdated or wrong form with the preferred one (and a fix);
* ``existence`` – a form that is flagged with a message but has no single replacement;
* ``consistency`` – variant groups: where a draft mixes them, the minority form is flagged.

The three share one Aho–Corasick automaton and the matching pipeline of lint-norms.md §7.4:
longest matches; cheap context checks on the raw text (exceptions, 《》 titles, 原 and dated
sentences); and only then the jieba boundary check, so jieba is loaded only for a candidate that
survives everything else.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ...zh import is_han
from ..citations import cites_document, explains_reform, new_name_variant
from ..findings import Finding
from ..history import is_historical
from ..simplify import needs_conversion
from .base import Engine, Fail

if TYPE_CHECKING:
    from ..draft import Draft
    from ..findings import Finding
    from ..rules import Rule


# ---------------------------------------------------------------------------------------------
# Term matching: substitution, existence, consistency.

ADMIN_PREFIX = frozenset("省市县区州旗盟乡镇")
_CLAUSE_MARKS = ("，", "：", ",", ":")

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
    "near_scope": "str",
    "in_titles": "bool",
    "historical": "bool",
    "since": "year",
    "admin_prefix": "bool",
    "jieba": "int",
    "traditional": "data",
}


@dataclass(frozen=True)
class _Entry:
    rule: Rule
    term: str
    preferred: str | None
    excepts: tuple[tuple[str, int], ...]  # (phrase, offset of the term in it)


class MatchEngine(Engine):
    names = ("substitution", "existence", "consistency")
    keys = {
        "substitution": TERM_KEYS,
        "existence": {k: v for k, v in TERM_KEYS.items() if k not in ("preferred", "safe", "traditional")},
        "consistency": {
            **{k: v for k, v in TERM_KEYS.items() if k not in ("terms", "preferred", "traditional")},
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
        for term, preferred in [*p.get("terms", {}).items(), *p.get("traditional", {}).items()]:
            target = preferred or p.get("preferred")
            parts.append(f"{term} → {target}" if target else term)
        if limit is not None and len(parts) > limit:
            parts = [*parts[:limit], f"…（共{len(parts)}项）"]
        return "；".join(parts)

    @classmethod
    def check_params(cls, engine: str, params: dict, fail: Fail) -> dict:
        if engine == "consistency":
            _check_variants(params, fail)
            return params
        if "traditional" in params:
            _check_traditional(params["traditional"], fail)
        terms = params.get("terms")
        if not terms and "traditional" not in params:
            fail("缺少 terms（词语列表，或「词语: 推荐写法」的映射）", "terms")
        terms = terms or {}
        if engine == "substitution":
            missing = [t for t, p in terms.items() if p is None and "preferred" not in params]
            if missing:
                fail(f"「{missing[0]}」没有推荐写法；请给出 preferred:，或为每个词语写明推荐写法", "terms")
        elif any(p is not None for p in terms.values()):
            fail("existence 规则不带推荐写法；要给出推荐写法，请用 engine: substitution", "terms")
        if params.get("near_scope", "clause") not in ("clause", "sentence"):
            fail("应为 clause 或 sentence", "near_scope")
        for phrase in params.get("except", ()):
            if not any(t in phrase for t in terms):
                fail(f"例外「{phrase}」不含 terms 中的任何词语", "except")
        return params

    def __init__(self, rules: list[Rule]) -> None:
        super().__init__(rules)
        self.patterns: list[str] = []
        self.entries: list[list[_Entry]] = []
        self.traditional: dict[str, list[_Entry]] = {}  # traditional-script spellings, matched before t2s
        self._traditional_automaton: Any = None  # an ahocorasick.Automaton, built on first use
        index: dict[str, int] = {}
        for rule in rules:
            p = rule.params
            if rule.engine == "consistency":
                pairs = [(v, None) for v in p["variants"]]
            else:
                terms = p.get("terms", {})
                pairs = [(t, pref if pref is not None else p.get("preferred")) for t, pref in terms.items()]
            for term, preferred in p.get("traditional", {}).items():
                self.traditional.setdefault(term, []).append(_Entry(rule, term, preferred, ()))
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
        if self.traditional and draft.joined:
            yield from self._before_conversion(draft)
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
        yield from duplicates_said(text, [(start, end, self._finding(draft, entry, start, end))
                                          for start, end, entry in hits if self._boundary_ok(draft, entry, start, end)])
        yield from self._wrapped(draft)
        for group in groups.values():
            yield from self._consistency(draft, group)

    def _before_conversion(self, draft: Draft) -> Iterator[Finding]:
        """The ``traditional:`` spellings, looked for in the paragraphs as read, before t2s: 計畫 is how
        Taiwan writes 计划, and t2s makes it 计划 — a right mainland word, and the mark of a Taiwan source
        gone. Only paragraphs that t2s changed can hold one; the checks then run on the converted text
        at the same positions (t2s keeps lengths)."""
        changed = [i for i, (original, text) in enumerate(zip(draft.originals, draft.texts, strict=True))
                   if original != text]
        if not changed:
            return
        if self._traditional_automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for term in self.traditional:
                automaton.add_word(term, term)
            automaton.make_automaton()
            self._traditional_automaton = automaton
        for i in changed:
            original, text, base = draft.originals[i], draft.texts[i], draft.starts[i]
            for last, term in self._traditional_automaton.iter_long(original):
                k = last - len(term) + 1
                if " " in text[k : last + 1]:  # a blanked-out suppression comment
                    continue
                start, end = base + k, base + last + 1
                for entry in self.traditional[term]:
                    if self._context_ok(draft, entry, start, end) and self._boundary_ok(draft, entry, start, end):
                        yield self._finding(draft, entry, start, end)

    def _wrapped(self, draft: Draft) -> Iterator[Finding]:
        """Names broken across a line of PDF text (国土资 / 源局): where a line ends inside a sentence and the
        next goes on, the two are matched as one. The finding covers the first line's part and has no fix."""
        text = draft.joined
        k = text.find("\n")
        while k > 0:
            if is_han(text[k - 1]) and k + 1 < len(text) and is_han(text[k + 1]):
                a, b = max(k - _WRAP_REACH, text.rfind("\n", 0, k) + 1), min(k + 1 + _WRAP_REACH, len(text))
                b = min(b, text.find("\n", k + 1) if "\n" in text[k + 1 : b] else b)
                window = text[a:k] + text[k + 1 : b]
                cut = k - a
                for last, pid in self.automaton().iter_long(window):
                    w_start = last - len(self.patterns[pid]) + 1
                    if not w_start < cut <= last:
                        continue
                    start, end = a + w_start, a + last + 2
                    for entry in self.entries[pid]:
                        if entry.rule.engine != "consistency" and self._context_ok(draft, entry, start, end) \
                                and self._boundary_ok(draft, entry, start, end):
                            rule = entry.rule
                            message = rule.message.format(match=self.patterns[pid], preferred=entry.preferred or "")
                            yield draft.finding(rule, start, k, message)
            k = text.find("\n", k + 1)

    # -- the checks, cheapest first ---------------------------------------------------------------

    def _context_ok(self, draft: Draft, entry: _Entry, start: int, end: int) -> bool:
        p = entry.rule.params
        if self._excepted(draft.joined, entry, start, end):
            return False
        if ("follow" in p or "precede" in p or "near" in p) and not self._surroundings_ok(draft, p, start, end):
            return False
        if not p.get("in_titles", False) and draft.in_book_title(start, end):
            return False
        if p.get("historical") and self._historical(draft, entry, start, end):
            return False
        return True

    @staticmethod
    def _excepted(text: str, entry: _Entry, start: int, end: int) -> bool:
        """Inside an exception phrase, or right after / before a word that makes it no finding."""
        for phrase, k in entry.excepts:
            if start - k >= 0 and text.startswith(phrase, start - k):
                return True
        p = entry.rule.params
        for word in p.get("not_preceded_by", ()):
            if text.endswith(word, 0, start):
                return True
        # 国土资源部 / 门 in PDF text: the next line goes on with the word.
        after = end + 1 if text.startswith("\n", end) and is_han(text[end - 1]) and \
            end + 1 < len(text) and is_han(text[end + 1]) else end
        for word in p.get("not_followed_by", ()):
            if text.startswith(word, after):
                return True
        return False

    @staticmethod
    def _surroundings_ok(draft: Draft, p: dict, start: int, end: int) -> bool:
        """``follow``, ``precede`` and ``near``: what the paragraph or sentence around must hold."""
        text = draft.joined
        i, _ = draft.locate(start)
        block_start, block_end = draft.block_range(i)
        if "follow" in p and not p["follow"].match(text, end, block_end):
            return False
        if "precede" in p and not p["precede"].search(text, max(block_start, start - 40), start):
            return False
        return "near" not in p or _near(draft, p["near"], start, end, p.get("near_scope", "clause"))

    @staticmethod
    def _historical(draft: Draft, entry: _Entry, start: int, end: int) -> bool:
        text = draft.joined
        preferred = entry.preferred or entry.rule.params.get("preferred")
        if cites_document(text, start, end) or new_name_variant(text, start, entry.term, preferred):
            return True
        sentence = draft.sentence(start, end)
        if explains_reform(text[sentence[0] : sentence[1]]):
            return True
        i, _ = draft.locate(start)
        return is_historical(text, draft.starts[i], start, end, sentence, entry.rule.params.get("since"), preferred)

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
        confirmed = [hit for hit in group
                     if self._boundary_ok(draft, hit[2], hit[0], hit[1]) or _glued(draft, hit[0], hit[1])]
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


def _check_variants(params: dict, fail: Fail) -> None:
    variants = params.get("variants") or []
    if len(variants) < 2:
        fail("consistency 规则至少需要两种写法", "variants")
    if len(set(variants)) != len(variants):
        fail("所列写法不能重复", "variants")
    if "prefer" in params and params["prefer"] not in variants:
        fail(f"「{params['prefer']}」不在 variants 所列写法中", "prefer")


def _check_traditional(value, fail: Fail) -> None:
    """``traditional:`` maps spellings as t2s meets them (kept as written, not converted) to the simplified word.
    They are looked for only in paragraphs that t2s changes; a spelling that GB2312 also has (英哩) and that
    may stand in a simplified paragraph goes under ``terms:`` as well."""
    if not isinstance(value, dict) or not value:
        fail("应为「繁体写法: 简体推荐写法」的映射", "traditional")
    for term, preferred in value.items():
        if not isinstance(term, str) or not term or term == preferred:
            fail(f"「{term}」：繁体写法应与推荐写法不同", "traditional")
        if not isinstance(preferred, str) or not preferred or needs_conversion(preferred):
            fail(f"「{term}」的推荐写法应为简体", "traditional")

_WRAP_REACH = 16  # longer than any name that a line break could split


# 及其它 is cut 及其/它: a conjunction or preposition glued to a variant's first character.
_GLUE = frozenset("与及和或并同跟对将把向")


def _glued(draft: Draft, start: int, end: int) -> bool:
    if start == 0 or draft.joined[start - 1] not in _GLUE or not draft.boundaries.at(end):
        return False
    a, b = draft.boundaries.token_span(start - 1)
    return (a, b) == (start - 1, start + 1)


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


def _near(draft: Draft, words, start: int, end: int, scope: str = "clause") -> bool:
    """One of ``words`` in the same clause (or sentence), outside the match, as a word of its own:
    加快电网路网改造 has 网路 only as letters (电网/路网), and it must not make 品质 a Taiwan term there;
    依法行使行政许可权，在政务服务平台公开 is an administrative-law 许可权, whatever the next clause is about."""
    text = draft.joined
    a, b = draft.sentence(start, end)
    if scope == "clause":
        a = max(a, max(text.rfind(mark, a, start) for mark in _CLAUSE_MARKS) + 1)
        b = min([b] + [k for k in (text.find(mark, end, b) for mark in _CLAUSE_MARKS) if k >= 0])
    boundaries = draft.boundaries
    for lo, hi in ((a, start), (end, b)):
        for word in words:
            k = text.find(word, lo, hi)
            while k >= 0:
                if boundaries.at(k) and boundaries.at(k + len(word)):
                    return True
                k = text.find(word, k + 1, hi)
    return False


# A list of bodies: items separated by 、 inside a clause.
_CLAUSE_ENDS = "，,；;。：:！？!?\n（）()《》“”"


def duplicates_said(text: str, found: list[tuple[int, int, Finding]]) -> list[Finding]:
    """The findings, except that a fix which would make an item of a list of bodies the same as another
    (县工商局、县食品药品监督管理局 → 县市场监督管理局 twice) is not offered: its message says which item it
    would duplicate, so the list is merged by hand rather than left with one body named twice."""
    out = [f for _, _, f in found]
    for (a, b), members in _lists_with_fixes(text, found).items():
        items, pos = [], a
        for piece in text[a:b].split("、"):
            items.append((pos, pos + len(piece)))
            pos += len(piece) + 1
        if len(items) < 2:
            continue
        after = [_item_after(text, i, j, [found[k] for k in members if i <= found[k][0] < j]) for i, j in items]
        kept: list[tuple[str, str]] = []  # (name after the fixes, as written): items left as they are first
        kept.extend((name, text[i:j]) for (i, j), (name, made, _) in zip(items, after, strict=True) if not made)
        for (i, j), (name, made, length) in zip(items, after, strict=True):
            if not made:
                continue
            same = next((written for other, written in kept if _same_body(name, other, length)), None)
            if same is None:
                kept.append((name, text[i:j]))
                continue
            for f in made:
                out[out.index(f)] = replace(f, fix=None, message=f"{f.message}；但改后与同一列举中的「{same}」重复，"
                                                                 "应合并为一项（不自动修改）")
    return out


def _lists_with_fixes(text: str, found: list[tuple[int, int, Finding]]) -> dict[tuple[int, int], list[int]]:
    """The clauses that may hold a list of bodies (a 、 near a fix), each with the fixes inside it."""
    by_clause: dict[tuple[int, int], list[int]] = {}
    for k, (start, end, f) in enumerate(found):
        if f.fix is not None and "、" in text[max(0, start - 40): end + 40]:
            a = start
            while a > 0 and text[a - 1] not in _CLAUSE_ENDS:
                a -= 1
            b = end
            while b < len(text) and text[b] not in _CLAUSE_ENDS:
                b += 1
            by_clause.setdefault((a, b), []).append(k)
    return by_clause


def _item_after(text: str, i: int, j: int, inside: list[tuple[int, int, Finding]]) -> tuple[str, list[Finding], int]:
    """Item text[i:j] with its fixes made, the fixes, and the length of the name its last fix writes."""
    fixes = sorted(inside, key=lambda t: (t[0], t[1]))
    if not fixes:
        return text[i:j], [], 0
    new, at = "", i
    for start, end, f in fixes:
        new += text[at:start] + f.replacement
        at = end
    # The name the item becomes ends where its last fix does (the last item runs on: 要加强协作).
    return new, [f for _, _, f in fixes], len(fixes[-1][2].replacement)


def _same_body(name: str, other: str, length: int) -> bool:
    """Whether two items of a list name one body: the same name with the same prefix (县…), the words before
    the first item (会议要求县…) left aside."""
    shorter, longer = sorted((name, other), key=len)
    return len(shorter) > length and longer.endswith(shorter)
