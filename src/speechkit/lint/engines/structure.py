"""Rule types for the structure family (S): level markers, their sequence, and the speech's shape.

* ``marker`` – a malformed level marker at the start of a body paragraph (lint-norms.md §4):
  ``(一)``, ``一.``, ``1、``, ``1．``, ``（一）、``, a space after the marker. ``forms`` are the
  expressions, each with a group ``n`` (the numeral) or ``c`` (a circled number) and optionally
  ``at`` (the span the fix replaces).
* ``numbering`` – the sequence of markers (G4): gaps, repeats, going backwards, a child level that
  does not restart under a new parent, a skipped level. It reads each body paragraph's marker with
  ``speechkit.blocks.LEVEL_PATTERNS`` (the valid forms, as :func:`speechkit.blocks.numbering` does)
  and, failing that, with the ``forms`` of the built-in marker rules, so ``(二)`` still counts as the
  second level-2 item whether or not S201 is selected, and a draft written throughout with ``1、``
  gets S203 findings but no sequence noise.
* ``shape`` – a speech's 三点 × 四条 shape (a warning giving the counts found), only for drafts that
  look like speeches.
* ``attachment`` – the 附件说明 against itself and against the 附件 pages (G6, G7).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from ...blocks import LEVEL_PATTERNS, cn_numeral, cn_numeral_value
from ..findings import Finding
from ..parts import looks_like_speech, roles, title_like
from ..transforms import TRANSFORMS
from ..zones import zone_pattern
from .base import Engine, Fail
from .patterns import FIX_KEYS, LazyPattern, check_fix, fix_kind_of, make_finding

if TYPE_CHECKING:
    from ..draft import Draft
    from ..rules import Rule

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CIRCLED = re.compile(f"^[{CIRCLED}]")
_AFTER_MARKER = frozenset("、.．，,:：;； 　")  # what may follow a marker wrongly (S205, S206)
_BEFORE_YEAR = re.compile(r"^([1-9]\d?)\.(?=(?:19|20)\d\d年)")
# A paragraph that can start with a marker at all: the cheap test before any expression runs.
_MARKER_START = frozenset("(（0123456789一二三四五六七八九十百" + CIRCLED)
LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级", 5: "五级"}


def marker_text(level: int, number: int) -> str:
    """The well-formed marker for a level and number: 一、 （一） 1. （1） ①."""
    if level == 1:
        return f"{cn_numeral(number)}、"
    if level == 2:
        return f"（{cn_numeral(number)}）"
    if level == 3:
        return f"{number}."
    if level == 4:
        return f"（{number}）"
    return CIRCLED[number - 1] if 1 <= number <= len(CIRCLED) else f"({number})"


def _compile_forms(forms, fail: Fail) -> list[LazyPattern]:
    if isinstance(forms, str):
        forms = [forms]
    if not isinstance(forms, list) or not forms:
        fail("应为正则表达式或正则表达式列表", "forms")
    out = []
    for form in forms:
        if not isinstance(form, str) or not form:
            fail("应为正则表达式", "forms")
        try:
            pattern = LazyPattern(form)
        except re.error as exc:
            fail(f"正则表达式「{form}」有误：{exc}", "forms")
        if not form.startswith("^"):
            fail(f"「{form}」：序号写法须以 ^ 开头（从段首匹配）", "forms")
        if "n" not in pattern.groupindex and "c" not in pattern.groupindex:
            fail(f"「{form}」：须含分组 n（数字）或 c（带圈数字）", "forms")
        out.append(pattern)
    return out


def _classify_match(m: re.Match) -> tuple[int, int]:
    """(level, number) meant by a marker form's match: brackets and the numeral's kind decide."""
    groups = m.re.groupindex
    if "c" in groups and m.group("c"):
        return 5, CIRCLED.index(m.group("c")) + 1
    numeral = m.group("n")
    bracketed = m.group(0)[:1] in "(（"
    if numeral.isdigit():
        return (4 if bracketed else 3), int(numeral)
    return (2 if bracketed else 1), cn_numeral_value(numeral)


def _valid_markers() -> re.Pattern[str]:
    """blocks.LEVEL_PATTERNS as one expression (one match per paragraph instead of four), group ``l<level>``
    holding the numeral; the same alternatives in the same order, so it finds what blocks.numbering finds."""
    alternatives = []
    for level, pattern in LEVEL_PATTERNS:
        body = pattern.pattern.removeprefix("^")
        alternatives.append(body.replace("(", f"(?P<l{level}>", 1))
    return re.compile("^(?:" + "|".join(alternatives) + ")")


_VALID = _valid_markers()


def valid_marker(text: str) -> tuple[int, int, int] | None:
    """(level, number, length) of a well-formed marker 一、 （一） 1. （1）, as blocks.numbering reads it."""
    m = _VALID.match(text)
    if m is None or m.lastgroup is None:
        return None
    return int(m.lastgroup[1:]), cn_numeral_value(m.group(m.lastgroup)), m.end()


def markers(draft: Draft) -> list[tuple[int, int, int] | None]:
    """:func:`classify` for every body paragraph of the draft (None for the other parts), cached."""
    cached = draft.cache.get("markers")
    if cached is None:
        parts = roles(draft)
        forms = draft.cache["marker_forms"]  # set by lint_document: rules.builtin_marker_forms()
        cached = draft.cache["markers"] = [
            classify(text, forms) if parts[i] == "para" else None for i, text in enumerate(draft.texts)]
    return cached


def classify(text: str, forms: Sequence[LazyPattern]) -> tuple[int, int, int] | None:
    """(level, number, length of the marker) for a paragraph start, well-formed or malformed; or None."""
    if not text or text[0] not in _MARKER_START:
        return None
    found = valid_marker(text)
    if found:
        return found
    year = _BEFORE_YEAR.match(text)  # 1.2024年… : a marker before a year, not the decimal 1.2024
    if year:
        return 3, int(year.group(1)), len(year.group(0))
    if _CIRCLED.match(text):
        return 5, CIRCLED.index(text[0]) + 1, 1
    if not zone_pattern("marker").match(text):
        return None  # not even a malformed marker (一是…, 2024年…): spare the forms
    for form in forms:
        m = form.match(text)
        if m:
            level, number = _classify_match(m)
            return level, number, len(m.group(0).rstrip(" \u3000"))
    return None


# ---------------------------------------------------------------------------------------------


class MarkerEngine(Engine):
    names = ("marker",)
    keys: ClassVar = {"marker": {"forms": "data", **FIX_KEYS}}
    placeholders: ClassVar = {"marker": ("match", "text", "fix")}

    @classmethod
    def check_params(cls, engine: str, params: dict, fail: Fail) -> dict:
        params["forms"] = _compile_forms(params.get("forms"), fail)
        for form in params["forms"]:
            check_fix(params, fail, form)
        return params

    @classmethod
    def fix_kind(cls, rule: Rule) -> str:
        return fix_kind_of(rule)

    def run(self, draft: Draft) -> Iterator[Finding]:
        parts = roles(draft)
        for i, text in enumerate(draft.texts):
            if not text or text[0] not in _MARKER_START or parts[i] != "para" or _table_row(text):
                continue
            valid = valid_marker(text)
            if valid and text[valid[2] : valid[2] + 1] not in _AFTER_MARKER:
                continue  # a well-formed marker followed by the text: nothing a form could find
            for rule in self.rules:
                for form in rule.params["forms"]:
                    m = form.match(text)
                    if m:
                        yield self._finding(draft, rule, i, m)
                        break

    @staticmethod
    def _finding(draft: Draft, rule: Rule, i: int, m: re.Match) -> Finding:
        p = rule.params
        base = draft.starts[i]
        a, b = m.span("at") if "at" in m.re.groupindex and m.group("at") is not None else m.span()
        span_text = m.string[a:b]
        replacement = None
        if "transform" in p:
            replacement = TRANSFORMS[p["transform"]](span_text, m)
        elif "replace" in p:
            replacement = m.expand(p["replace"]) if "\\" in p["replace"] else p["replace"]
        whole = draft.original(base + m.start(), base + m.end())
        message = rule.message.format(match=draft.original(base + a, base + b), text=whole, fix=replacement or "")
        return make_finding(draft, rule, base + a, base + b, message, replacement, bool(p.get("safe")))


# ---------------------------------------------------------------------------------------------


class NumberingEngine(Engine):
    """The G4 state machine over the body paragraphs' markers, one rule per kind of fault."""

    names = ("numbering",)
    keys: ClassVar = {"numbering": {"check": "str"}}
    placeholders: ClassVar = {"numbering": ("match", "expected", "found", "parent", "level")}
    CHECKS = ("gap", "repeat", "backwards", "no-restart", "skipped-level")

    def run(self, draft: Draft) -> Iterator[Finding]:
        wanted = {rule.params["check"]: rule for rule in self.rules}
        for check, start, length, values in walk(draft):
            rule = wanted.get(check)
            if rule is None:
                continue
            message = rule.message.format(match=draft.original(start, start + length), **values)
            yield draft.finding(rule, start, start + length, message)


# 第三条 / 第二章: an article or chapter of 规则 and 办法, under which （一） starts again.
_ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇\d]+[条章节编](?![件次])")
# A short paragraph announcing a list of its own: 重点抓好以下几个方面。 / 具体措施如下。
_LEAD_IN = re.compile(r"(?:如下|以下|下列)[^。；，]{0,12}[。：:]?\s*$")
# A table flattened to text: cells separated by tabs, bars or wide runs of spaces.
_TABLE_ROW = re.compile(r"\t.*\t|\|.*\||\S(?: {2,}|\u3000{2,})\S.*\S(?: {2,}|\u3000{2,})\S")


def _table_row(text: str) -> bool:
    return ("\t" in text or "|" in text or "  " in text or "\u3000\u3000" in text) and \
        _TABLE_ROW.search(text) is not None
# A heading run into the paragraph before it (PDF text): 一、 or （一） right after the end of a sentence.
# Not 四、五年级 or 三、四月份 (approximate numbers, P302's), which also follow a full stop.
_BURIED = re.compile(r"[。！？](?=(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])"
                     r"(?![一二三四五六七八九十两\d]))")


def _sequence(draft: Draft) -> Iterator[tuple[int, int, tuple[int, int, int] | None]]:
    """(block, offset, marker) in reading order: each body paragraph's own marker (None when it has
    none) and the headings buried in it; a table row gives nothing."""
    parts = roles(draft)
    found_markers = markers(draft)
    for i, text in enumerate(draft.texts):
        if parts[i] == "para" and _table_row(text):
            continue
        yield i, 0, found_markers[i]
        if parts[i] == "para":
            for m in _BURIED.finditer(text):
                found = valid_marker(text[m.end():])
                if found and found[0] <= 2:
                    yield i, m.end(), found


def _faults(level: int, number: int, parent: int, previous: int | None,
            ended: int | None) -> Iterator[tuple[str, str]]:
    """(fault, what was expected) for a marker of ``level`` and ``number``, after ``previous`` at its level
    (None: the first since its parent; ``ended``: where the level's previous run stopped)."""
    if previous is None:
        if parent and parent < level - 1:
            yield "skipped-level", LEVEL_NAMES[parent + 1]
        if number != 1:
            restarted = ended is not None and number == ended + 1 and parent
            yield ("no-restart" if restarted else "gap"), marker_text(level, 1)
    elif number == previous:
        yield "repeat", marker_text(level, previous + 1)
    elif number > previous + 1:
        yield "gap", marker_text(level, previous + 1)
    elif number < previous:
        yield "backwards", marker_text(level, previous + 1)


def walk(draft: Draft) -> Iterator[tuple[str, int, int, dict]]:
    """(fault, offset in the draft, marker length, message values) for every fault in the marker sequence.

    A section restarts everything: an 附件 page (its label), a page break between blocks, or the end of
    a 公文 (its 成文日期 or 印发 line; a file may hold several); so does an article (第三条) of a 办法.
    A paragraph ending with a colon leads in a list of its own: a （一） after it starts again.
    After a fault the sequence continues from the number found, so one slip gives one finding.
    """
    parts = roles(draft)
    last: dict[int, int | None] = dict.fromkeys(range(1, 6))
    ended: dict[int, int | None] = dict.fromkeys(range(1, 6))  # where the previous run of a level stopped
    previous_index = -1
    lead_in = False
    carried: dict[int, int | None] = dict.fromkeys(range(1, 6))  # numbering that may go on across a 第X章
    for i, offset, found in _sequence(draft):
        index = draft.indices[i]
        text = draft.texts[i]
        article = offset == 0 and parts[i] == "para" and _ARTICLE.match(text) is not None
        if offset == 0 and (article or parts[i] in ("attachment_label", "date", "imprint_date") or any(
                b.kind == "pagebreak" for b in draft.document.blocks[previous_index + 1 : index])):
            carried = {k: (last[k] if last[k] is not None else carried[k]) if article else None for k in last}
            last, ended = dict.fromkeys(range(1, 6)), dict.fromkeys(range(1, 6))
        previous_index = index
        if found is None:
            if parts[i] == "para":
                lead_in = text.rstrip().endswith(("：", ":")) or (len(text) <= 80 and _LEAD_IN.search(text) is not None)
            continue
        level, number, length = found
        # A 一 or （一） inside a paragraph may as well open a list of its own (坚持以下原则。（一）……（二）……).
        if (lead_in or offset) and number == 1:
            for k in range(level, 6):
                last[k], ended[k] = None, None
        lead_in = False
        pos = draft.starts[i] + offset
        parent = max((k for k in range(1, level) if last[k] is not None), default=0)
        above = last[parent] if parent else None

        def values(expected: str, level=level, number=number, parent=parent, above=above) -> dict:
            return {"found": marker_text(level, number), "level": LEVEL_NAMES[level], "expected": expected,
                    "parent": marker_text(parent, above) if parent else ""}

        previous, kept = last[level], carried[level]
        if previous is None and kept is not None and number == kept + 1:
            previous = kept  # 一、二、三、 under 第一章 and 四、 under 第二章: one numbering for the text
        carried[level] = None
        for fault, expected in _faults(level, number, parent, previous, ended[level]):
            yield fault, pos, length, values(expected)
        last[level] = number
        for deeper in range(level + 1, 6):
            if last[deeper] is not None:
                ended[deeper] = last[deeper]
                last[deeper] = None


# ---------------------------------------------------------------------------------------------


class ShapeEngine(Engine):
    """A speech's points and sub-points: 三点意见，每点四条 unless the rule says otherwise."""

    names = ("shape",)
    keys: ClassVar = {"shape": {"points": "int", "subpoints": "int", "title": "regex", "salutation": "regex",
                                "not_title": "regex"}}
    placeholders: ClassVar = {"shape": ("match", "points", "subpoints", "found", "counts")}

    @classmethod
    def check_params(cls, engine: str, params: dict, fail: Fail) -> dict:
        for key in ("points", "subpoints", "title", "salutation"):
            if key not in params:
                fail("required", key)
        return params

    def run(self, draft: Draft) -> Iterator[Finding]:
        for rule in self.rules:
            p = rule.params
            if not looks_like_speech(draft, p["title"], p["salutation"]) or _titled(draft, p.get("not_title")):
                continue
            parts = roles(draft)
            found_markers = markers(draft)
            points: list[tuple[int, int]] = []  # (block, marker length)
            subpoints: list[int] = []
            for i in range(len(draft.texts)):
                if parts[i] == "attachment_label":
                    break
                found = found_markers[i]
                if found is None:
                    continue
                if found[0] == 1:
                    points.append((i, found[2]))
                    subpoints.append(0)
                elif found[0] == 2 and points:
                    subpoints[-1] += 1
            if not points:
                continue
            if len(points) == p["points"] and all(n == p["subpoints"] for n in subpoints):
                continue
            i, length = points[0]
            start = draft.starts[i]
            message = rule.message.format(
                match=draft.original(start, start + length), points=p["points"], subpoints=p["subpoints"],
                found=len(points), counts="、".join(str(n) for n in subpoints))
            yield draft.finding(rule, start, start + length, message)


def _titled(draft: Draft, pattern: re.Pattern[str] | None) -> bool:
    """Whether a title line of the head matches ``pattern``: a 政府工作报告 greets 各位代表 as a speech does,
    but it is not a speech and has no 3 × 4 shape."""
    if pattern is None:
        return False
    parts = roles(draft)
    return any(parts[i] == "title" and pattern.search(draft.texts[i]) for i in range(min(len(parts), 10)))


# ---------------------------------------------------------------------------------------------
# The 附件说明 and the 附件 pages (G6, G7).

_ENTRY = re.compile(r"[ \u3000]*(?:附[ \u3000]*件[ \u3000]*[：:][ \u3000]*)?"
                    r"(?:(?P<number>\d{1,2})[ \u3000]*[.．、][ \u3000]*)?")
_LABEL_NUMBER = re.compile(r"附件[ \u3000]*(?P<number>\d{1,2})?[ \u3000]*$")
_LOOSE = re.compile(r"[\s\u3000]+|[。；;，,、：:]+$")


class AttachmentItem(NamedTuple):
    """One item of the 附件说明."""

    block: int
    number: int | None
    number_span: tuple[int, int] | None  # the number and its 「.」 in the block's text
    name: str


def attachment_items(draft: Draft) -> list[AttachmentItem]:
    """The items of the first 附件说明 (``附件：1.…`` and the numbered lines under it)."""
    parts = roles(draft)
    entries: list[AttachmentItem] = []
    for i, part in enumerate(parts):
        if part != "attachment":
            if entries:
                break
            continue
        text = draft.texts[i]
        m = _ENTRY.match(text)
        if m is None:  # roles() calls a block an attachment entry by this same expression
            continue
        number = int(m["number"]) if m["number"] else None
        entries.append(AttachmentItem(i, number, (m.start("number"), m.end()) if number is not None else None,
                                      text[m.end():]))
    return entries


class AttachmentPage(NamedTuple):
    """One 附件 page: its label (``附件`` / ``附件N``) and the title line after it."""

    label: int  # block
    number: int | None
    number_span: tuple[int, int] | None  # the number in the label's text
    title: int | None  # block


def attachment_pages(draft: Draft) -> list[AttachmentPage]:
    parts = roles(draft)
    pages = []
    for i, part in enumerate(parts):
        if part != "attachment_label":
            continue
        m = _LABEL_NUMBER.search(draft.texts[i])
        digits = m["number"] if m else None
        title = i + 1 if i + 1 < len(parts) and parts[i + 1] in ("title", "para") else None
        if title is not None and not title_like(draft.texts[title]):
            title = None
        span = m.span("number") if m and digits else None
        pages.append(AttachmentPage(i, int(digits) if digits else None, span, title))
    return pages


def _same_name(a: str, b: str) -> bool:
    return _LOOSE.sub("", a) == _LOOSE.sub("", b)


class AttachmentEngine(Engine):
    """The 附件说明 against itself and against the 附件 pages of the same draft.

    * ``single-numbered`` – one attachment, yet numbered, in the 附件说明 (``附件：1.…``) or on its
      page (``附件1``): GB/T 9704 §7.3.4 numbers attachments only when there are several;
    * ``label`` – with several attachments, a page labelled ``附件`` without a number, or with a
      number the 附件说明 does not have;
    * ``title`` – a 附件 page whose title differs from its 附件说明 item (G7, §7.3.7).

    Drafts without a 附件说明, and 附件说明 without 附件 pages (often sent as separate files), give
    no label or title findings.
    """

    names = ("attachment",)
    keys: ClassVar = {"attachment": {"check": "str"}}
    placeholders: ClassVar = {"attachment": ("match", "number", "entry", "expected")}
    CHECKS = ("single-numbered", "label", "title")

    @classmethod
    def fix_kind(cls, rule: Rule) -> str:
        return "safe" if rule.params["check"] == "single-numbered" else "none"

    @classmethod
    def summary(cls, rule: Rule, limit: int | None = None) -> str:
        return {"single-numbered": "只有一个附件却编了序号（附件说明或附件页）",
                "label": "附件页的「附件」标注与附件说明不符",
                "title": "附件页标题与附件说明所列名称不一致"}[rule.params["check"]]

    def run(self, draft: Draft) -> Iterator[Finding]:
        if "附" not in draft.joined:
            return
        entries = attachment_items(draft)
        if not entries:
            return
        pages = attachment_pages(draft)
        single = len(entries) == 1
        by_number: dict[int, AttachmentItem] = {}
        for entry in entries:
            if entry.number is not None:
                by_number.setdefault(entry.number, entry)
        for rule in self.rules:
            check = rule.params["check"]
            if check == "single-numbered":
                if single:
                    yield from self._single_numbered(draft, rule, entries[0], pages)
            elif check == "label":
                if not single:
                    yield from self._labels(draft, rule, pages, entries, by_number)
            else:
                yield from self._titles(draft, rule, pages, entries, by_number)

    @staticmethod
    def _titles(draft: Draft, rule: Rule, pages: list[AttachmentPage], entries: list[AttachmentItem],
                by_number: dict[int, AttachmentItem]) -> Iterator[Finding]:
        for page in pages:
            entry = entries[0] if len(entries) == 1 else by_number.get(page.number) if page.number is not None else None
            if page.title is None or entry is None or _same_name(draft.texts[page.title], entry.name):
                continue
            start = draft.starts[page.title]
            end = start + len(draft.texts[page.title])
            message = rule.message.format(match=draft.original(start, end), number=page.number or "",
                                          entry=entry.name, expected=entry.name)
            yield draft.finding(rule, start, end, message)

    @staticmethod
    def _single_numbered(draft: Draft, rule: Rule, entry: AttachmentItem,
                         pages: list[AttachmentPage]) -> Iterator[Finding]:
        spans = []
        if entry.number_span is not None:
            spans.append((draft.starts[entry.block], entry.number_span, f"附件说明应为「附件：{entry.name}」"))
        spans += [(draft.starts[p.label], p.number_span, "附件页标「附件」") for p in pages if p.number_span]
        for base, (a, b), expected in spans:
            start, end = base + a, base + b
            message = rule.message.format(match=draft.original(start, end), number=1, entry=entry.name,
                                          expected=expected)
            yield draft.finding(rule, start, end, message, "", True)

    @staticmethod
    def _labels(draft: Draft, rule: Rule, pages: list[AttachmentPage], entries: list[AttachmentItem],
                by_number: dict[int, AttachmentItem]) -> Iterator[Finding]:
        for label, number, _, _ in pages:
            if number is None:
                expected = f"附件说明列有{len(entries)}个附件，附件页应标序号（附件1、附件2……）"
            elif number not in by_number:
                expected = f"附件说明中没有第{number}个附件"
            else:
                continue
            start = draft.starts[label]
            end = start + len(draft.texts[label])
            message = rule.message.format(match=draft.original(start, end), number=number or "",
                                          entry="", expected=expected)
            yield draft.finding(rule, start, end, message)
