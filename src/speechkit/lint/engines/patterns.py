"""Rule types for the punctuation (P) and number (N) families, and for the 公文 frame lines (S4xx).

* ``pattern`` – a regular expression over each paragraph, limited to some parts of the document
  (``roles``: date lines, the 抄送 line…) and kept out of some stretches (``skip``: addresses, level
  markers, 文号). The finding covers the match, or its group ``at``, or each match of ``each``
  inside it; ``check`` names a condition the expression cannot state; the fix is ``replace`` (a
  template: ``\\g<year>``) or a named ``transform``.
* ``pairs`` – half-width brackets and straight quotes, which have to be paired before one can tell
  an opening mark from a closing one, and Chinese text from a formula or an English quotation.
* ``mixed-style`` – one way of writing a kind of number per document (or one ordinal series per
  paragraph): the minority style is flagged, as the ``consistency`` engine does for words.

Matching is on the simplified text (positions as in the original). A replacement is computed on
that text and written back in the original's script, so a fix never converts characters by the way.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from ...zh import CLOSING, OPENING, is_cjk, is_han
from ..findings import Finding
from ..parts import ROLES, roles
from ..transforms import CHECKS, TRANSFORMS, restore_script
from ..zones import ZONES, touches
from .base import Engine, Fail

if TYPE_CHECKING:
    from ..draft import Draft
    from ..rules import Rule

# Character classes for the text around a match, tested in code: an expression class spanning the
# ideographs costs milliseconds to compile, per rule, at every start.


def has_han(text: str) -> bool:
    return any(is_han(ch) for ch in text)


CONTEXTS = {
    "han": is_han,
    "cjk": is_cjk,
    "han-open": lambda ch: is_han(ch) or ch in OPENING,  # what may follow a mark of Chinese text
    "han-close": lambda ch: is_han(ch) or ch in CLOSING,  # what may precede one
    "organ": lambda ch: is_han(ch) or ch in "×Ｘ",  # the end of a 机关代字 (国办发, ××发)
}


def context_ok(text: str, start: int, end: int, params: dict) -> bool:
    """``before`` / ``after``: the character before / after the match is of that class; with both given,
    ``context: either`` is enough for one of them (default: both)."""
    # Straight quotes are looked through: whether they are Chinese is P104's question, and "总结报告"...
    # must be judged as “总结报告”… is, or plain lint and --fix would see different findings.
    while start > 0 and text[start - 1] in _STRAIGHT_QUOTES:
        start -= 1
    while end < len(text) and text[end] in _STRAIGHT_QUOTES:
        end += 1
    tests = []
    if "before" in params:
        tests.append(start > 0 and CONTEXTS[params["before"]](text[start - 1]))
    if "after" in params:
        tests.append(end < len(text) and CONTEXTS[params["after"]](text[end]))
    return any(tests) if params.get("context") == "either" else all(tests)


_STRAIGHT_QUOTES = "\"'"

# ``replace`` and ``needs`` hold marks such as — and 〇 that GB2312 lacks: taken as written ("data", checked
# here), not through the loader's traditional→simplified conversion of text, which would load OpenCC.
FIX_KEYS = {"replace": "data", "transform": "str", "safe": "bool"}
WHERE_KEYS = {"roles": "strings", "skip_roles": "strings", "skip": "strings"}
CONTEXT_KEYS = {"before": "str", "after": "str", "context": "str"}


def check_context(params: dict, fail: Fail) -> None:
    for key in ("before", "after"):
        if key in params and params[key] not in CONTEXTS:
            fail(f"未知的字符类「{params[key]}」（可用：{'、'.join(CONTEXTS)}）", key)
    if params.get("context", "both") not in ("both", "either"):
        fail("应为 both 或 either", "context")


def check_where(params: dict, fail: Fail) -> None:
    for key in ("roles", "skip_roles"):
        for role in params.get(key, ()):
            if role not in ROLES:
                fail(f"未知的文稿部分「{role}」（可用：{'、'.join(ROLES)}）", key)
    for zone in params.get("skip", ()):
        if zone not in ZONES:
            fail(f"未知的区域「{zone}」（可用：{'、'.join(ZONES)}）", "skip")


def check_literals(params: dict, key: str, fail: Fail) -> None:
    """``needs``: a text or a list of non-empty texts, kept as written."""
    if key in params:
        value = params[key]
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            fail("应为文本或文本列表", key)
        params[key] = value


def check_fix(params: dict, fail: Fail, pattern: LazyPattern | None = None) -> None:
    if "replace" in params and not isinstance(params["replace"], str):
        fail("应为文本（替换模板，用 \\g<name> 引用分组）", "replace")
    if "replace" in params and "transform" in params:
        fail("replace 与 transform 只能给出其一", "transform")
    if "transform" in params and params["transform"] not in TRANSFORMS:
        fail(f"未知的变换「{params['transform']}」（可用：{'、'.join(TRANSFORMS)}）", "transform")
    if "safe" in params and "replace" not in params and "transform" not in params:
        fail("须同时给出修改方式（replace 或 transform）", "safe")
    if pattern is not None and "replace" in params:
        for name in re.findall(r"\\g<(\w+)>", params["replace"]):
            if not (name.isdigit() and int(name) <= pattern.groups) and name not in pattern.groupindex:
                fail(f"引用了分组「{name}」，但 pattern 中没有这个分组", "replace")


try:  # the parser alone checks an expression in a fifth of the time compiling takes
    from re import _parser as _sre_parser  # type: ignore[attr-defined]  # private, absent from typeshed
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parser


class LazyPattern:
    """A regular expression checked when its rule is loaded, compiled when first used.

    Every ``speechkit lint`` loads every rule; most rules never meet a candidate in a clean draft.
    Compiling is what costs (the charset optimisation for classes of Chinese characters), so the
    load only parses: a bad expression is still a located error before any draft is read.
    """

    __slots__ = ("pattern", "flags", "groupindex", "groups", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        try:
            state = _sre_parser.parse(pattern, flags).state
            self.groupindex, self.groups = dict(state.groupdict), state.groups - 1
        except AttributeError:  # pragma: no cover - a parser without .state: compile now
            compiled = re.compile(pattern, flags)
            self.groupindex, self.groups = dict(compiled.groupindex), compiled.groups
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def finditer(self, string: str, *args: int) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(string, *args)

    def match(self, string: str, *args: int) -> re.Match[str] | None:
        return self.compiled().match(string, *args)

    def search(self, string: str, *args: int) -> re.Match[str] | None:
        return self.compiled().search(string, *args)


def lazy_pattern(value, fail: Fail, key: str, flags: int = re.M) -> LazyPattern:
    if not isinstance(value, str) or not value:
        fail("应为正则表达式", key)
    try:
        return LazyPattern(value, flags)
    except re.error as exc:
        fail(f"正则表达式有误：{exc}", key)


def compile_multiline(params: dict, key: str, fail: Fail) -> None:
    """Check an expression, to be compiled so that ^ and $ work at paragraph starts and ends."""
    if key in params:
        params[key] = lazy_pattern(params[key], fail, key)


def fix_kind_of(rule: Rule) -> str:
    p = rule.params
    if "replace" not in p and "transform" not in p:
        return "none"
    return "safe" if p.get("safe") else "unsafe"


def blocks_for(draft: Draft, params: dict) -> list[int] | None:
    """The linted blocks a rule looks at, or None for all of them (then filter per match).

    ``roles`` keeps the blocks of those parts; ``needs`` (literal texts, one of which every match
    contains) keeps the blocks that hold one. The second is what keeps a draft's clean paragraphs
    cheap: most rules look for marks that a clean draft does not have, found by ``str.find``.
    """
    chosen = None
    if "needs" in params:
        chosen = blocks_with(draft, params["needs"])
    if "roles" in params:
        wanted = set(params["roles"])
        parts = roles(draft)
        chosen = [i for i in (range(len(parts)) if chosen is None else chosen) if parts[i] in wanted]
    return chosen


def blocks_with(draft: Draft, literals) -> list[int]:
    """The linted blocks that contain one of ``literals``."""
    index_literals(draft, tuple(literals))
    found: set[int] = set()
    for literal in literals:
        found.update(draft.cache[("with", literal)])
    return sorted(found)


def index_literals(draft: Draft, literals: tuple[str, ...]) -> None:
    """Where each of ``literals`` occurs (which blocks), cached on the draft: one Aho–Corasick pass for
    all the literals not looked up yet, instead of a scan of the whole text per literal."""
    missing = tuple(sorted({lit for lit in literals if ("with", lit) not in draft.cache}))
    if not missing:
        return
    found: dict[str, set[int]] = {lit: set() for lit in missing}
    starts, last = draft.starts, -1
    i = 0
    for end, literal in _automaton(missing).iter(draft.joined):
        if end > last:  # the block holding ``end`` (occurrences come in text order)
            i = bisect.bisect_right(starts, end) - 1
            last = starts[i] + len(draft.texts[i])
        found[literal].add(i)
    for lit, blocks in found.items():
        draft.cache[("with", lit)] = sorted(blocks)


@lru_cache(maxsize=32)
def _automaton(literals: tuple[str, ...]):
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for literal in literals:
        automaton.add_word(literal, literal)
    automaton.make_automaton()
    return automaton


def role_ok(draft: Draft, i: int, params: dict) -> bool:
    if "skip_roles" not in params:
        return True
    return roles(draft)[i] not in params["skip_roles"]


def allowed(text: str, start: int, end: int, phrases) -> bool:
    """Whether [start, end) lies inside an occurrence of one of ``phrases`` (N4's fixed expressions)."""
    for phrase in phrases:
        n = len(phrase)
        if n >= end - start and text.find(phrase, max(0, end - n), start + n) >= 0:
            return True
    return False


def make_finding(draft: Draft, rule: Rule, start: int, end: int, message: str,
                 replacement: str | None, safe: bool) -> Finding:
    if replacement is not None:
        replacement = restore_script(draft.original(start, end), draft.joined[start:end], replacement)
    return draft.finding(rule, start, end, message, replacement, safe, as_is=True)


# ---------------------------------------------------------------------------------------------


class PatternEngine(Engine):
    names = ("pattern",)
    keys: ClassVar = {"pattern": {
        "pattern": "data",
        "each": "data",
        "check": "str",
        "allow": "strings",
        "needs": "data",
        **CONTEXT_KEYS,
        **WHERE_KEYS,
        **FIX_KEYS,
    }}
    placeholders: ClassVar = {"pattern": ("match", "text", "fix")}

    @classmethod
    def check_params(cls, engine: str, params: dict, fail: Fail) -> dict:
        if "pattern" not in params:
            fail("缺少 pattern（正则表达式）", "pattern")
        compile_multiline(params, "pattern", fail)
        compile_multiline(params, "each", fail)
        check_literals(params, "needs", fail)
        check_context(params, fail)
        if "check" in params and params["check"] not in CHECKS:
            fail(f"未知的检查「{params['check']}」（可用：{'、'.join(CHECKS)}）", "check")
        check_where(params, fail)
        check_fix(params, fail, params["pattern"])
        return params

    @classmethod
    def fix_kind(cls, rule: Rule) -> str:
        return fix_kind_of(rule)

    def run(self, draft: Draft) -> Iterator[Finding]:
        if not draft.joined:
            return
        index_literals(draft, tuple(lit for rule in self.rules for lit in rule.params.get("needs", ())))
        for rule in self.rules:
            yield from self._rule(draft, rule)

    def _matches(self, draft: Draft, params: dict) -> Iterator[tuple[int, re.Match]]:
        pattern: LazyPattern = params["pattern"]
        text = draft.joined
        chosen = blocks_for(draft, params)
        if chosen is not None and len(chosen) * 8 < len(draft.texts):
            for i in chosen:
                if role_ok(draft, i, params):
                    a, b = draft.block_range(i)
                    for m in pattern.finditer(text, a, b):
                        yield i, m
            return
        # Many paragraphs to look at: one scan of the whole text is cheaper than one call per paragraph.
        keep = None if chosen is None else set(chosen)
        for m in pattern.finditer(text):
            i, _ = draft.locate(m.start())
            if (keep is None or i in keep) and role_ok(draft, i, params):
                yield i, m

    def _rule(self, draft: Draft, rule: Rule) -> Iterator[Finding]:
        p = rule.params
        text = draft.joined
        check = CHECKS[p["check"]] if "check" in p else None
        transform = TRANSFORMS[p["transform"]] if "transform" in p else None
        has_at = "at" in p["pattern"].groupindex
        around = "before" in p or "after" in p
        for i, m in self._matches(draft, p):
            if around and not context_ok(text, m.start(), m.end(), p):
                continue
            if check is not None and not check(m):
                continue
            if has_at and m.group("at") is not None:
                spans = [m.span("at")]
            else:
                spans = [m.span()]
            if "each" in p:
                spans = [s.span() for a, b in spans for s in p["each"].finditer(text, a, b)]
            for start, end in spans:
                if "allow" in p and allowed(text, start, end, p["allow"]):
                    continue
                if "skip" in p and touches(draft, i, start, end, p["skip"]):
                    continue
                replacement = None
                if transform is not None:
                    replacement = transform(text[start:end], m)
                elif "replace" in p:
                    replacement = m.expand(p["replace"]) if "\\" in p["replace"] else p["replace"]
                if replacement == text[start:end]:
                    continue  # nothing to change (〔24〕 already has its brackets): not this rule's finding
                whole = draft.original(*m.span())
                shown = restore_script(draft.original(start, end), text[start:end], replacement or "")
                message = rule.message.format(match=draft.original(start, end), text=whole, fix=shown)
                yield make_finding(draft, rule, start, end, message, replacement, bool(p.get("safe")))


# ---------------------------------------------------------------------------------------------


class PairsEngine(Engine):
    """Half-width brackets and straight quotes in Chinese text.

    Brackets pair by nesting (a half-width mark may pair with a full-width one: ``（县)``); quotes
    pair in order of appearance (an apostrophe between two Latin letters is not a quote). A pair is
    Chinese text when it encloses a Chinese character or a mark of the pair touches one (on its outer
    side); an unpaired mark, when it touches one. The fix of a paired mark is safe; an unpaired quote gets a guess.
    """

    names = ("pairs",)
    keys: ClassVar = {"pairs": {
        "open": "str", "close": "str", "to_open": "str", "to_close": "str", "safe": "bool", **WHERE_KEYS,
    }}
    placeholders: ClassVar = {"pairs": ("match", "fix", "side")}

    @classmethod
    def check_params(cls, engine: str, params: dict, fail: Fail) -> dict:
        for key in ("open", "close", "to_open", "to_close"):
            if len(params.get(key, "")) != 1:
                fail("应为单个字符", key)
        check_where(params, fail)
        return params

    @classmethod
    def fix_kind(cls, rule: Rule) -> str:
        return "safe" if rule.params.get("safe") else "unsafe"

    def run(self, draft: Draft) -> Iterator[Finding]:
        for rule in self.rules:
            p = rule.params
            if p["open"] not in draft.joined and p["close"] not in draft.joined:
                continue
            for i, text in enumerate(draft.texts):
                if (p["open"] in text or p["close"] in text) and role_ok(draft, i, p):
                    yield from self._block(draft, rule, i, text)

    def _block(self, draft: Draft, rule: Rule, i: int, text: str) -> Iterator[Finding]:
        p = rule.params
        if "roles" in p and roles(draft)[i] not in p["roles"]:
            return
        marks = self._pairs(text, p) if p["open"] != p["close"] else self._quotes(text, p["open"])
        base = draft.starts[i]
        for k, is_open, paired, chinese in marks:
            if not chinese or text[k] not in (p["open"], p["close"]):
                continue
            if "skip" in p and touches(draft, i, base + k, base + k + 1, p["skip"]):
                continue
            replacement = p["to_open"] if is_open else p["to_close"]
            side = "前" if is_open else "后"
            message = rule.message.format(match=text[k], fix=replacement, side=side)
            yield make_finding(draft, rule, base + k, base + k + 1, message, replacement,
                               bool(p.get("safe")) and paired)

    @staticmethod
    def _pairs(text: str, p: dict) -> list[tuple[int, bool, bool, bool]]:
        """(position, opening?, paired?, Chinese?) for each half-width bracket."""
        opens, closes = p["open"] + p["to_open"], p["close"] + p["to_close"]
        stack: list[int] = []
        found: dict[int, tuple[bool, bool, bool]] = {}
        for k, ch in enumerate(text):
            if ch in opens:
                stack.append(k)
            elif ch in closes:
                if stack:
                    a = stack.pop()
                    chinese = (text[a] == p["to_open"] or ch == p["to_close"] or _touches_cjk(text, a, k)
                               or has_han(text[a + 1 : k]))
                    found[a] = (True, True, chinese)
                    found[k] = (False, True, chinese)
                else:
                    found[k] = (False, False, _next_to_cjk(text, k))
        for a in stack:
            found[a] = (True, False, _next_to_cjk(text, a))
        return [(k, *found[k]) for k in sorted(found) if text[k] in (p["open"], p["close"])]

    @staticmethod
    def _quotes(text: str, mark: str) -> list[tuple[int, bool, bool, bool]]:
        positions = [k for k, ch in enumerate(text) if ch == mark and not _apostrophe(text, k)]
        out = []
        for j in range(0, len(positions) - 1, 2):
            a, b = positions[j], positions[j + 1]
            chinese = _touches_cjk(text, a, b) or has_han(text[a + 1 : b])
            out += [(a, True, True, chinese), (b, False, True, chinese)]
        if len(positions) % 2:
            # An unpaired quote: a guess, offered for review. It closes when text ends there.
            k = positions[-1]
            before = text[k - 1] if k else ""
            after = text[k + 1] if k + 1 < len(text) else ""
            closing = bool(before) and not before.isspace() and (not after or after.isspace()
                                                                   or after in "，。；：？！、）》,.;:?!)")
            out.append((k, not closing, False, _next_to_cjk(text, k)))
        return out


def _next_to_cjk(text: str, k: int) -> bool:
    """A Chinese character or full-width mark on either side of an unpaired mark."""
    return bool((k and is_cjk(text[k - 1])) or (k + 1 < len(text) and is_cjk(text[k + 1])))


def _touches_cjk(text: str, a: int, b: int) -> bool:
    """Either mark of the pair [a, b] has a Chinese character on its outer side (a full-width mark is not
    enough: ``：He said "yes"。`` quotes English)."""
    return bool((a and is_han(text[a - 1])) or (b + 1 < len(text) and is_han(text[b + 1])))


def _apostrophe(text: str, k: int) -> bool:
    return 0 < k < len(text) - 1 and text[k - 1].isascii() and text[k - 1].isalnum() and \
        text[k + 1].isascii() and text[k + 1].isalpha()


# ---------------------------------------------------------------------------------------------


class MixedStyleEngine(Engine):
    """One way of writing a kind of number per document, or one ordinal series per paragraph.

    ``styles`` maps a label (shown in messages) to an expression, or to ``{pattern: …, needs: […]}``
    (literal texts one of which every match contains, as for ``pattern`` rules). Where a scope holds
    matches of two styles, those of the minority style are findings: ``dominant: majority`` (ties go
    to ``prefer``, then to the first style listed) or ``dominant: first`` (the style that opened the
    scope). A draft without a match of some style has nothing to mix, so the styles with ``needs``
    are looked for first, and the rest only if they were found.
    """

    names = ("mixed-style",)
    keys: ClassVar = {"mixed-style": {
        "styles": "data", "scope": "str", "dominant": "str", "prefer": "str", "allow": "strings", **WHERE_KEYS,
    }}
    placeholders: ClassVar = {"mixed-style": ("match", "style", "dominant", "counts")}
    SCOPES = ("document", "paragraph")
    DOMINANCE = ("majority", "first")

    @classmethod
    def check_params(cls, engine: str, params: dict, fail: Fail) -> dict:
        styles = params.get("styles")
        if not isinstance(styles, dict) or len(styles) < 2:
            fail("至少需要两种写法：「名称: 正则表达式」的映射", "styles")
        compiled = {}
        for label, expr in styles.items():
            needs = None
            if isinstance(expr, dict) and not set(expr) - {"pattern", "needs"}:
                needs = expr.get("needs")
                expr = expr.get("pattern")
                if not isinstance(needs, list) or not needs or not all(isinstance(n, str) and n for n in needs):
                    fail(f"写法「{label}」：needs 应为文本列表", "styles")
            if not isinstance(label, str) or not isinstance(expr, str) or not expr:
                fail("每种写法应为名称加正则表达式（或 pattern: 与 needs:）", "styles")
            try:
                compiled[label] = (LazyPattern(expr, re.M), needs)
            except re.error as exc:
                fail(f"写法「{label}」的正则表达式有误：{exc}", "styles")
        params["styles"] = compiled
        if params.setdefault("scope", "document") not in cls.SCOPES:
            fail(f"应为 {'、'.join(cls.SCOPES)} 之一", "scope")
        if params.setdefault("dominant", "majority") not in cls.DOMINANCE:
            fail(f"应为 {'、'.join(cls.DOMINANCE)} 之一", "dominant")
        if "prefer" in params and params["prefer"] not in compiled:
            fail(f"「{params['prefer']}」不在 styles 所列写法中", "prefer")
        check_where(params, fail)
        return params

    def run(self, draft: Draft) -> Iterator[Finding]:
        if not draft.joined:
            return
        index_literals(draft, tuple(lit for rule in self.rules for _, needs in rule.params["styles"].values()
                                    for lit in needs or ()))
        for rule in self.rules:
            yield from self._rule(draft, rule)

    def _rule(self, draft: Draft, rule: Rule) -> Iterator[Finding]:
        p = rule.params
        labels = list(p["styles"])
        raw = self._bare_matches(draft, p, labels)
        if raw is None:
            return  # no match of some style: nothing is mixed
        hits = self._kept(draft, p, labels, raw)
        if len({hit[3] for hit in hits}) < 2:
            return
        groups: dict[int, list[tuple[int, int, int, str]]] = {}
        for hit in sorted(hits):
            groups.setdefault(hit[2] if p["scope"] == "paragraph" else 0, []).append(hit)
        for group in groups.values():
            yield from self._minority(draft, rule, labels, group)

    @staticmethod
    def _bare_matches(draft: Draft, p: dict, labels: list[str]) -> dict[str, list[tuple[int, int]]] | None:
        """The bare matches, style by style (those with needs first); None as soon as a style has none."""
        text = draft.joined
        raw: dict[str, list[tuple[int, int]]] = {}
        for label in sorted(labels, key=lambda lb: p["styles"][lb][1] is None):
            pattern, needs = p["styles"][label]
            chosen = blocks_for(draft, {**p, "needs": needs} if needs else p)
            ranges = [draft.block_range(i) for i in chosen] if chosen is not None else [(0, len(text))]
            raw[label] = [m.span() for a, b in ranges for m in pattern.finditer(text, a, b) if m.end() > m.start()]
            if not raw[label]:
                return None
        return raw

    @staticmethod
    def _kept(draft: Draft, p: dict, labels: list[str], raw: dict) -> list[tuple[int, int, int, str]]:
        """The matches that pass the slower tests, as (start, end, block, label)."""
        text = draft.joined
        hits: list[tuple[int, int, int, str]] = []
        for label in labels:
            for start, end in raw[label]:
                if "allow" in p and allowed(text, start, end, p["allow"]):
                    continue
                i, _ = draft.locate(start)
                if not role_ok(draft, i, p):
                    continue
                if "skip" in p and touches(draft, i, start, end, p["skip"]):
                    continue
                hits.append((start, end, i, label))
        return hits

    @staticmethod
    def _minority(draft: Draft, rule: Rule, labels: list[str], group: list) -> Iterator[Finding]:
        """In one group (a paragraph, or the whole draft) where styles mix: each use of a style not the dominant."""
        p = rule.params
        counts = {label: sum(1 for h in group if h[3] == label) for label in labels}
        if sum(1 for n in counts.values() if n) < 2:
            return
        if p["dominant"] == "first":
            dominant = group[0][3]
        else:
            prefer = p.get("prefer")
            dominant = max(labels, key=lambda lb: (counts[lb], lb == prefer, -labels.index(lb)))
        summary = "、".join(f"{lb}{n}处" for lb, n in counts.items() if n)
        for start, end, _, label in group:
            if label != dominant:
                message = rule.message.format(match=draft.original(start, end), style=label, dominant=dominant,
                                              counts=summary)
                yield draft.finding(rule, start, end, message)
