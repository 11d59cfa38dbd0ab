"""READ, second half: a draft's blocks → outline data for its kind → outline YAML.

``reader.read_document`` gives one block per paragraph. This module decides what each paragraph is
in the outline of a kind, repairs the damage drafts pick up on the way (half-width markers such as
``(一)``, paragraphs a web copy split or merged), and dumps YAML that ``speechkit render`` accepts.

Nothing is dropped. A paragraph lands in a field, is joined to the paragraph it belongs to, or is
kept under ``unplaced``; every repair, join, guess and leftover is a :class:`Note` naming the draft
line. Text keeps its script: a draft in traditional characters gives an outline in traditional
characters (keywords are matched on a simplified copy, never written back).

Kinds plug in through :func:`register`: a guess function (how much does this draft look like the
kind, and why) and a read function (paragraphs → outline data, keys in reading order).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..blocks import SENTENCE_END, Document, cn_numeral, cn_numeral_value, numbering, split_lead
from ..errors import DocumentError, OutlineError, PathPart, SpeechkitError, format_path

# Required fields the draft did not give still need a value for the outline to render; these are
# loud on purpose (and always reported), so nobody prints them by accident.
PLACEHOLDER_TITLE = "【待补：标题】"
PLACEHOLDER_SPEAKER = "【待补：讲话人】"
PLACEHOLDER_DATE = dt.date(2000, 1, 1)

# A paragraph ending in anything else was cut mid-sentence (a web copy's hard line break).
_COMPLETE_END = set(SENTENCE_END) | set("：；…—”’）」』》!?;:).．\"'")
# After these a heading-style sub-point simply continues; after anything else it needs a 。.
_CONTINUING_END = set("：:，,、；;（(“‘—…")
_CUT_END = set("，,、（(“‘")  # nothing complete ends like this, not even a heading
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
SPACES = " \t\u3000"


# ---------------------------------------------------------------------------------------------
# Results.


@dataclass(frozen=True)
class Note:
    """Something the reader repaired, guessed or could not place, at a draft line."""

    line: int | None
    message: str


@dataclass
class Extraction:
    kind: str
    data: dict[str, Any]  # plain outline data: dicts, lists, text, numbers, dates, in writing order
    notes: list[Note]
    guess: str | None = None  # why this kind, when it was guessed rather than given
    paras: list[Para] = field(default_factory=list, repr=False, compare=False)  # the draft's, before repairs

    def to_yaml(self, source: str | None = None) -> str:
        """The outline as YAML text, headed by comments that repeat the notes."""
        name = source_label(source) if source == "-" else Path(source).name if source else "the draft"
        head = [f"# Outline read by `speechkit outline` from {name} (kind: {self.kind}"
                + (f", guessed: {self.guess})." if self.guess else ").")]
        if self.notes:
            head.append("# Check these places (line numbers are the draft's):")
            head += [f"#   {'line ' + str(n.line) if n.line else 'draft'}: {n.message}" for n in self.notes]
        return "\n".join(head) + "\n" + dump_yaml(self.data)

    def line_of(self, path: tuple[PathPart, ...]) -> int | None:
        """The draft line the outline field at ``path`` was read from, found by its text; None if unknown.

        The reader does not track where each value came from, but every text it places is the draft's
        own (markers and joins aside), so the first draft paragraph holding the field's first text is it.
        """
        node: Any = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        for text in _texts(node):
            m = marker(text)
            rest = m.rest if m else text  # a bad field may be a bad marker on the draft's text
            for probe in (text, rest, text[:12], rest[:12]):
                hit = next((p.line for p in self.paras if probe in p.text), None) if len(probe) >= 4 else None
                if hit is not None:
                    return hit
        return None


def _texts(node: Any) -> list[str]:
    """The text leaves of outline data, in writing order."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        node = list(node.values())
    if isinstance(node, list):
        return [text for item in node for text in _texts(item)]
    return []


def source_label(path: str | Path | None) -> str | None:
    """How a draft is named in messages: ``-`` is standard input."""
    return "<stdin>" if str(path) == "-" else (str(path) if path is not None else None)


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):
        # Lists indented under their key, the way outlines are written by hand.
        return super().increase_indent(flow, False)


def dump_yaml(data: Any) -> str:
    """Deterministic block-style YAML: keys in the given order, Chinese unescaped, no line folding."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=1_000_000)


# ---------------------------------------------------------------------------------------------
# Paragraphs and their markers.


@dataclass
class Para:
    text: str
    line: int | None
    kind: str = "para"  # the part a .docx written by speechkit carries in its style; "para" otherwise


@dataclass(frozen=True)
class Marker:
    level: int
    number: int
    text: str  # the marker as written, with any space after it
    rest: str  # the paragraph after the marker
    exact: bool  # written the way GB/T 9704 writes it (一、 （一） 1. （1）)

    @property
    def canonical(self) -> str:
        n = cn_numeral(self.number)
        return {1: f"{n}、", 2: f"（{n}）", 3: f"{self.number}.", 4: f"（{self.number}）"}[self.level]


_CN = "一二三四五六七八九十"
# Tolerant versions of blocks.LEVEL_PATTERNS: half-width brackets, 一. 一． 1、 and stray spaces,
# which web copies and hand-typed drafts are full of (lint-norms §4, malformed starts).
_MARKERS = (
    (1, re.compile(rf"([{_CN}]+)\s*[、.．，,]\s*")),
    (2, re.compile(rf"[（(]\s*([{_CN}]+)\s*[)）]\s*[、.．，,]?\s*")),
    (3, re.compile(r"([1-9]\d*)\s*(?:[.．](?!\d)|、)\s*")),
    (4, re.compile(r"[（(]\s*([1-9]\d*)\s*[)）]\s*[、.．，,]?\s*")),
)


def marker(text: str) -> Marker | None:
    """The level marker a paragraph starts with, however it was typed."""
    for level, pattern in _MARKERS:
        m = pattern.match(text)
        if m:
            strict = numbering(text)
            exact = strict is not None and strict[0] == level and strict[1] == m.group(0)
            return Marker(level, cn_numeral_value(m.group(1)), m.group(0), text[m.end():], exact)
    return None


def level_of(p: Para) -> int:
    if p.kind != "para":
        return 0
    m = marker(p.text)
    return m.level if m else 0


def _heading_like(p: Para) -> bool:
    """A numbered line with no sentence in it: a heading, which legitimately ends without 。."""
    m = marker(p.text) if p.kind == "para" else None
    return m is not None and not any(ch in SENTENCE_END for ch in m.rest)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=8192)
def simplified(text: str) -> str:
    """A simplified-script copy for keyword matching only; the outline keeps the draft's script."""
    if text.isascii():
        return text
    return _t2s().convert(text)


def sentence_starts(text: str) -> list[int]:
    """Offsets just after each sentence end (closing quotes stay with their sentence), end excluded."""
    return [m.end() for m in re.finditer(r"[。！？]+[”’」』]*", text) if m.end() < len(text)]


def _paragraphs(document: Document, notes: list[Note]) -> list[Para]:
    """Blocks → paragraphs to place: empty parts dropped, soft line breaks and control characters handled."""
    out: list[Para] = []
    for block in document.blocks:
        if block.kind in ("blank", "pagebreak") or not block.text.strip():
            continue
        text = block.text
        if _CONTROL.search(text):
            text = _CONTROL.sub("", text)
            notes.append(Note(block.line, "control characters removed"))
        pieces = [piece.strip(SPACES) for piece in text.split("\n")]
        pieces = [piece for piece in pieces if piece]
        if len(pieces) > 1:
            notes.append(Note(block.line, "line breaks inside the paragraph; read as separate paragraphs"))
        for piece in pieces:
            if piece.startswith("@"):  # reserved for block markup in outlines
                piece = "＠" + piece[1:]
                notes.append(Note(block.line, "leading @ written as full-width ＠"))
            out.append(Para(piece, block.line, block.kind if len(pieces) == 1 else "para"))
    return out


# ---------------------------------------------------------------------------------------------
# The draft being read, and the kinds that can read it.


@dataclass
class Draft:
    paras: list[Para]
    notes: list[Note] = field(default_factory=list)
    unplaced: list[Para] = field(default_factory=list)
    file: str | None = None  # for errors: a kind that cannot read the draft says which file

    def error(self, message: str, line: int | None = None) -> OutlineError:
        return OutlineError(message, file=self.file, line=line)

    def note(self, line: int | None, message: str) -> None:
        self.notes.append(Note(line, message))

    def unplace(self, para: Para, why: str) -> None:
        self.unplaced.append(para)
        self.note(para.line, f"{why}; kept under unplaced")


@dataclass(frozen=True)
class KindReader:
    kind: str
    guess: Callable[[Draft], tuple[int, str]]  # (score, reason); 0 means "does not look like this kind"
    read: Callable[[Draft], dict[str, Any]]


READERS: dict[str, KindReader] = {}


def register(kind: str, guess: Callable[[Draft], tuple[int, str]], read: Callable[[Draft], dict[str, Any]]) -> None:
    READERS[kind] = KindReader(kind, guess, read)


def guess_kind(draft: Draft) -> tuple[str, str]:
    """(kind, reason): the best-scoring reader; a speech when nothing marks the draft."""
    scored = sorted(((reader.guess(draft), name) for name, reader in READERS.items()),
                    key=lambda item: (-item[0][0], item[1]))
    (score, reason), name = scored[0]
    if score <= 0:
        return "speech", "nothing marks the kind, read as a speech"
    return name, reason


def extract_outline(document: Document, kind: str | None = None, *, file: str | None = None) -> Extraction:
    """A draft's Document → outline data for ``kind`` (guessed when None), with notes."""
    notes: list[Note] = []
    paras = _paragraphs(document, notes)
    if not paras:
        raise DocumentError("the draft is empty: no text to read an outline from", file=file)
    draft = Draft(paras, notes, file=file)
    reason = None
    if kind is None:
        kind, reason = guess_kind(draft)
    elif kind not in READERS:
        raise OutlineError(f"cannot read a draft as kind {kind!r} (readable kinds: {', '.join(sorted(READERS))})",
                           file=file)
    originals = list(paras)  # readers repair draft.paras in place
    data = READERS[kind].read(draft)
    # In draft order (notes without a line, about the whole draft, last), whatever order the reader found them.
    notes = sorted(draft.notes, key=lambda n: (n.line is None, n.line or 0))
    return Extraction(kind, data, notes, reason, originals)


def extract_file(path: str | Path, kind: str | None = None) -> Extraction:
    """Read a .docx/.txt/.md draft (``-`` for stdin) into an outline."""
    from ..drafts import read_document

    return extract_outline(read_document(path), kind, file=source_label(path))


def outline_file(draft: str, out: str, *, kind: str | None = None, force: bool = False) -> tuple[Extraction, bytes]:
    """The ``speechkit outline`` job: read, check that render accepts the result, then write atomically.

    Returns the extraction and the bytes written (to ``out``, or for the caller to print when ``out`` is -).
    """
    from ..files import check_writable, write_atomic
    from ..outline import load_yaml
    from ..render.build import build, parse_outline

    if out != "-":
        check_writable(Path(out), force)  # fail before the work, not after
    result = extract_file(draft, kind)
    text = result.to_yaml(draft)
    generated = "<generated outline>"  # not ``out``: nothing is written when this check fails
    try:
        build(parse_outline(load_yaml(text, generated)))
    except SpeechkitError as exc:  # a reader bug, not the user's: never write an outline render refuses
        raise _unrenderable(exc, result, generated, source_label(draft)) from exc
    data = text.encode("utf-8")
    if out != "-":
        write_atomic(out, data, force=force)
    return result, data


def _unrenderable(exc: SpeechkitError, result: Extraction, generated: str, draft: str | None) -> OutlineError:
    """The error for an outline render refuses, located at the draft line behind the bad field.

    Its YAML line would name a file that was never written, so the field is given by its path and the
    place by the draft paragraph that holds the field's text (no line when none does).
    """
    path = exc.path
    where = f"{format_path(path)}: " if path else ""
    if exc.file and exc.file != generated:  # a template's own error keeps its place in the template
        where = f"{exc.file}{':' + str(exc.line) if exc.line else ''}: {where}"
    return OutlineError(f"the outline read from the draft does not render ({where}{exc.message}); please report this",
                        file=draft, line=result.line_of(path) if path else None)


# ---------------------------------------------------------------------------------------------
# Speech: 标题 / 副标题 / 日期 / 讲话人 / 称呼 / 开场 / 过渡句 / 一、 （一） / 结尾.

SPEECH_ORDER = ("kind", "title", "subtitle", "speaker", "date", "occasion", "salutation", "opening", "transition",
                "points", "closing", "options", "unplaced")

_DATE_PATTERNS = (
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"), "arabic"),
    (re.compile(r"([〇○零０一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"),
     "chinese"),
    (re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})"), "arabic"),
)
_YEAR_DIGITS = {ch: str(i) for i, ch in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0", "０": "0"}
_SUBTITLE = re.compile(r"(?:[—－-]{1,2}\s*\S.*|在.{2,60}上的\S{2,6})")
_OCCASION = re.compile(r"[—－-]*\s*在(.+)上的\S{2,6}")
_SPEECH_WORDS = ("讲话", "致辞", "发言", "动员", "报告")  # in the title block, most telling first
_SALUTATION_WORDS = re.compile(r"同志们|同志|各位|尊敬的|朋友们|女士们|先生们|代表|委员|来宾|领导|老师|同学们")
_SALUTATION_HEAD = re.compile(r"([^。！？；：:]{1,40}[：:])(.+)")
_TRANSITION = re.compile(
    r"[^。！？]{0,40}(?:讲|强调|谈|提|说)(?!了)[^。！？]{0,12}?(?:[一二三四五六七八九十两几]|以下)(?:点|个方面|个问题|条)"
    r"(?:意见|看法|要求|想法|认识|体会|建议)?(?:，?(?:供大家参考|和大家交流|与大家共勉|请大家抓好落实))?[。：:！]?")
_CLOSING = re.compile(r"同志们|各位代表|各位委员|各位来宾|朋友们|让我们")


def find_date(text: str) -> tuple[int, int, dt.date | None, str] | None:
    """(start, end, date or None when impossible, style) of the first date written in ``text``."""
    for pattern, style in _DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        year, month, day = m.groups()
        if style == "chinese":
            year = "".join(_YEAR_DIGITS[ch] for ch in year)
            month, day = cn_numeral_value(month), cn_numeral_value(day)
        try:
            found = dt.date(int(year), int(month), int(day))
        except ValueError:
            found = None
        return m.start(), m.end(), found, style
    return None


def date_line(text: str) -> tuple[dt.date | None, str, str] | None:
    """A line that holds a date and maybe the speaker: (date, style, the rest) or None."""
    found = find_date(text)
    if not found:
        return None
    start, end, date, style = found
    before, after = text[:start].rstrip(SPACES), text[end:].lstrip(SPACES)
    if before.endswith(("（", "(")) and after.startswith(("）", ")")):
        before, after = before[:-1], after[1:]
    if before.strip(SPACES) and after.strip(SPACES):
        return None  # a date inside a sentence, not a date line
    return date, style, (before + after).strip(SPACES)


def title_like(text: str) -> bool:
    return (len(text) <= 80 and not any(ch in text for ch in "。！？；") and not text.endswith(("：", ":"))
            and marker(text) is None)


def _head_line_like(text: str) -> bool:
    return len(text) <= 60 and title_like(text) and not is_salutation(text)


def is_salutation(text: str) -> bool:
    s = simplified(text)
    return (len(text) <= 40 and text.endswith(("：", ":")) and not any(ch in text for ch in "。！？；")
            and marker(text) is None and bool(_SALUTATION_WORDS.search(s)) and not _is_transition(text))


def _is_transition(text: str) -> bool:
    return bool(_TRANSITION.fullmatch(simplified(text).strip()))


def _opens_closing(text: str) -> bool:
    return bool(_CLOSING.match(simplified(text[:8])))


def _bracketed(text: str) -> bool:
    return text[:1] in "（(" and text[-1:] in "）)"


def guess_speech(draft: Draft) -> tuple[int, str]:
    head = draft.paras[:8]
    score, reasons = 0, []
    heads = [simplified(p.text) for p in head[:4] if title_like(p.text)]
    named = next((word for word in _SPEECH_WORDS if any(word in text for text in heads)), None)
    if named:
        score += 3
        reasons.append(f"the title block says {named}")
    salutation = next((p.text for p in head if p.kind == "salutation" or is_salutation(p.text)), None)
    if salutation:
        score += 2
        reasons.append(f"salutation {salutation}")
    if any(_is_transition(p.text[start:]) for p in draft.paras for start in (0, *sentence_starts(p.text)[-1:])):
        score += 2
        reasons.append("a transition sentence")
    if any(level_of(p) == 1 for p in draft.paras):
        score += 1
        reasons.append("一、 points")
    return score, ", ".join(reasons) or "no speech features"


def read_speech(draft: Draft) -> dict[str, Any]:
    head, options, body = _speech_head(draft)
    body = split_merged(body, draft)
    body = join_split(body, draft)
    body = split_merged(body, draft)  # a join can bring a run-on marker (…紧迫感（一）…) into one paragraph
    transition, body = _take_transition(body, draft)
    closing_start, body = _find_closing(body, draft)
    opening, points = walk_points(body[:closing_start], draft)
    closing = plain_run(body[closing_start:], draft, "the closing")

    data: dict[str, Any] = {"kind": "speech", **head, "opening": opening}
    if transition is not None:
        data["transition"] = transition
    elif points:
        draft.note(None, f"no transition sentence found; render adds 下面，我讲{_count(len(points))}点意见：")
    data["points"] = points
    data["closing"] = closing
    options = {**_shape(points, draft), **options}
    if options:
        data["options"] = options
    if draft.unplaced:
        data["unplaced"] = [p.text for p in draft.unplaced]
    return {key: data[key] for key in SPEECH_ORDER if key in data}


def _count(n: int) -> str:
    return "两" if n == 2 else cn_numeral(n)


def _shape(points: list[dict], draft: Draft) -> dict[str, Any]:
    """options.points / options.subpoints for a draft that is not 3 × 4, so it still renders."""
    options: dict[str, Any] = {}
    if len(points) != 3:
        options["points"] = len(points) or "any"
        draft.note(None, f"the draft has {len(points)} points, not 3; options.points set to match")
    counts = {len(p["subpoints"]) for p in points}
    if counts and counts != {4}:
        same = counts.pop() if len(counts) == 1 else 0
        options["subpoints"] = same or "any"
        draft.note(None, f"sub-points per point: {', '.join(str(len(p['subpoints'])) for p in points)}, "
                         "not 4; options.subpoints set to match")
    return options


def _speech_head(draft: Draft) -> tuple[dict[str, Any], dict[str, Any], list[Para]]:
    """Title, subtitle, date, speaker and salutation: (those fields, options they imply, body paragraphs)."""
    paras = draft.paras
    i = 0
    title_parts: list[Para] = []
    if paras[0].kind == "title" or (paras[0].kind == "para" and title_like(paras[0].text)):
        title_parts.append(paras[0])
        i = 1
    lines: list[Para] = []
    while i < len(paras) and (paras[i].kind in ("title", "subtitle", "dateline", "byline")
                              or (paras[i].kind == "para" and _head_line_like(paras[i].text))):
        lines.append(paras[i])
        i += 1

    subtitle = speaker = date_para = None
    date: dt.date | None = None
    style = "arabic"
    speaker_pos = date_pos = None
    candidates: list[tuple[int, Para]] = []  # lines that may be the speaker or the title's second line
    for pos, p in enumerate(lines):
        if p.kind == "title" and pos == len(title_parts) - 1:
            title_parts.append(p)
            continue
        if p.kind == "subtitle" or (p.kind == "para" and _SUBTITLE.fullmatch(p.text)):
            if subtitle is None:
                subtitle = p
            else:
                draft.unplace(p, "a second subtitle")
            continue
        dated = date_line(p.text) if p.kind in ("dateline", "para", "byline") else None
        if dated and date_para is None:
            found, found_style, rest = dated
            if found is None:
                draft.unplace(p, "the date line names an impossible date")
                continue
            date, style, date_para, date_pos = found, found_style, p, pos
            if rest:  # 讲话人 and date on one line
                draft.note(p.line, "speaker and date on one line; read both")
                candidates.append((pos, Para(rest, p.line, "byline")))
            continue
        if dated:
            draft.unplace(p, "a second date line")
        elif p.kind == "byline":
            candidates.append((pos, p))
        elif _bracketed(p.text):
            draft.unplace(p, "a bracketed note in the title block")
        else:
            candidates.append((pos, p))

    # The speaker is the marked byline, else the line beside the date, else the last candidate; lines
    # straight after the title (before any subtitle or date) are the title's continuation.
    chosen = next((c for c in candidates if c[1].kind == "byline"), None)
    if chosen is None and date_pos is not None:
        chosen = next((c for c in candidates if abs(c[0] - date_pos) == 1), None)
    if chosen is None and candidates:
        chosen = candidates[-1]
    if chosen:
        speaker_pos, speaker = chosen
    first_fixed = min((pos for pos, p in enumerate(lines) if p is subtitle or p is date_para), default=len(lines))
    for pos, p in candidates:
        if (pos, p) == chosen:
            continue
        if title_parts and pos < first_fixed and pos == len(title_parts) - 1 and p.kind == "para":
            title_parts.append(p)
            draft.note(p.line, f"title continues on line {p.line}; joined")
        else:
            draft.unplace(p, "an unrecognised line in the title block")

    head: dict[str, Any] = {}
    if title_parts:
        head["title"] = "".join(p.text for p in title_parts)
    else:
        head["title"] = PLACEHOLDER_TITLE
        draft.note(paras[0].line, f"no title line; wrote the placeholder {PLACEHOLDER_TITLE}")
    if subtitle is not None:
        head["subtitle"] = subtitle.text
    if speaker is not None:
        head["speaker"] = speaker.text
    else:
        head["speaker"] = PLACEHOLDER_SPEAKER
        draft.note(title_parts[0].line if title_parts else None,
                   f"no speaker line; wrote the placeholder {PLACEHOLDER_SPEAKER}")
    if date is not None:
        head["date"] = date
    else:
        head["date"] = PLACEHOLDER_DATE
        draft.note(title_parts[0].line if title_parts else None,
                   f"no date line; wrote the placeholder date {PLACEHOLDER_DATE.isoformat()}: set the real date")
    if subtitle is not None:
        m = _OCCASION.fullmatch(subtitle.text)
        if m:
            head["occasion"] = m.group(1)

    options: dict[str, Any] = {}
    if speaker_pos is not None and date_pos is not None and speaker_pos < date_pos:
        options["date_first"] = False
    if date is not None and style == "chinese":
        options["date_style"] = "chinese"

    if i < len(paras):
        p = paras[i]
        if p.kind == "salutation" or (p.kind == "para" and is_salutation(p.text)):
            head["salutation"] = p.text
            i += 1
        else:
            m = _SALUTATION_HEAD.fullmatch(p.text) if p.kind == "para" else None
            if m and is_salutation(m.group(1)) and m.group(2).strip(SPACES):
                head["salutation"] = m.group(1)
                paras[i] = Para(m.group(2).strip(SPACES), p.line)
                draft.note(p.line, "salutation and the first paragraph run together; split after the colon")
    if "salutation" not in head:
        draft.note(paras[i].line if i < len(paras) else None, "no salutation line; render adds 同志们：")
    return head, options, paras[i:]


def split_merged(body: list[Para], draft: Draft) -> list[Para]:
    """Split paragraphs that hold the start of the next numbered one (two paragraphs a copy merged).

    Only the marker that comes next in sequence, after a sentence end, counts: （三） inside the
    paragraph of （二）, or 二、 at the end of point one. A heading may also swallow its （一）.
    """
    out: list[Para] = []
    queue = list(reversed(body))
    n1 = n2 = 0
    while queue:
        p = queue.pop()
        m = marker(p.text) if p.kind == "para" else None
        if m and m.level == 1:
            n1, n2 = m.number, 0
        elif m and m.level == 2:
            n2 = m.number
        cut = _merged_cut(p.text, m, n1, n2) if p.kind == "para" else None
        if cut is None:
            out.append(p)
            continue
        head, tail = p.text[:cut].rstrip(SPACES), p.text[cut:].lstrip(SPACES)
        draft.note(p.line, f"two paragraphs run together; split before {tail[:4]}…")
        out.append(Para(head, p.line, p.kind))
        queue.append(Para(tail, p.line))
    return out


def _merged_cut(text: str, m: Marker | None, n1: int, n2: int) -> int | None:
    start = len(m.text) if m else 0
    if m and m.level == 1:
        first_sub = re.search(r"[（(]\s*一\s*[)）]", text[start:])
        heading = text[start:][: first_sub.start()] if first_sub else ""
        if heading and not any(ch in SENTENCE_END for ch in heading):
            return start + len(heading)
    for pos in sentence_starts(text):
        if pos <= start:
            continue
        inner = marker(text[pos:])
        if inner is None:
            continue
        if inner.level == 1 and inner.number == n1 + 1 and "、" in inner.text:
            return pos
        if inner.level == 2 and n1 >= 1 and inner.number == n2 + 1:
            return pos
    return None


def join_split(body: list[Para], draft: Draft) -> list[Para]:
    """Join a paragraph cut mid-sentence (no closing punctuation) with the plain paragraph after it."""
    out: list[Para] = []
    for p in body:
        prev = out[-1] if out else None
        if (prev and prev.kind == "para" and p.kind == "para" and _breaks_off(prev) and marker(p.text) is None
                and not _bare_date(p.text)):
            out[-1] = Para(prev.text + p.text, prev.line, prev.kind)
            draft.note(p.line, f"paragraph breaks off mid-sentence at line {prev.line}; joined")
        else:
            out.append(p)
    return out


def _bare_date(text: str) -> bool:
    found = date_line(text)
    return bool(found and not found[2])


def _breaks_off(p: Para) -> bool:
    # A heading legitimately ends without punctuation, but not with a comma.
    last = p.text[-1]
    return last in _CUT_END or (last not in _COMPLETE_END and not _heading_like(p))


def _take_transition(body: list[Para], draft: Draft) -> tuple[str | None, list[Para]]:
    """The transition sentence just before 一、: a paragraph of its own, or the tail of the last opening one."""
    first = next((k for k, p in enumerate(body) if level_of(p) == 1), None)
    if not first or level_of(body[first - 1]):
        return None, body
    p = body[first - 1]
    if _is_transition(p.text):
        return p.text, body[: first - 1] + body[first:]
    starts = sentence_starts(p.text)
    if starts and _is_transition(p.text[starts[-1]:]):
        draft.note(p.line, "the transition sentence ends the paragraph before 一、; split off")
        head = Para(p.text[: starts[-1]].rstrip(SPACES), p.line)
        return p.text[starts[-1]:].strip(SPACES), [*body[: first - 1], head, *body[first:]]
    return None, body


def _find_closing(body: list[Para], draft: Draft) -> tuple[int, list[Para]]:
    """Where the closing starts: the first 同志们，… paragraph after the last numbered one."""
    if not any(level_of(p) == 1 for p in body):
        draft.note(body[0].line if body else None,
                   "no 一、 points found; everything after the title block is read as the opening")
        return len(body), body
    last = max(k for k, p in enumerate(body) if level_of(p) in (1, 2))
    for j in range(last + 1, len(body)):
        if _opens_closing(body[j].text):
            return j, body
    for j in range(last, len(body)):
        p = body[j]
        floor = len(marker(p.text).text) if j == last else 0
        for pos in sentence_starts(p.text):
            if pos > floor and _opens_closing(p.text[pos:]):
                draft.note(p.line, "the closing (同志们，…) runs on from the paragraph before; split off")
                head, tail = Para(p.text[:pos].rstrip(SPACES), p.line, p.kind), Para(p.text[pos:], p.line)
                return j + 1, [*body[:j], head, tail, *body[j + 1:]]
    if last + 1 < len(body):
        draft.note(body[last + 1].line, "no closing paragraph opens with 同志们; "
                                        "the paragraphs after the last numbered one are read as the closing")
    else:
        draft.note(body[last].line, "no closing paragraphs after the last numbered one")
    return last + 1, body


def plain_run(paras: list[Para], draft: Draft, where: str) -> list[str]:
    """Paragraphs for a plain field; a numbered item (1. （1）) joins the paragraph before it."""
    out: list[str] = []
    for p in paras:
        m = marker(p.text) if p.kind == "para" else None
        if m is None:
            out.append(p.text)
        elif out and m.level > 2:
            out[-1] += p.text
            draft.note(p.line, f"numbered item {m.text.strip()} joined to the paragraph before it in {where}")
        else:
            draft.unplace(p, f"a numbered paragraph {m.text.strip()} in {where}")
    return out


@dataclass
class SubParagraph:
    text: str
    line: int | None

    def add(self, p: Para, draft: Draft, where: str) -> None:
        if self.text and not any(ch in SENTENCE_END for ch in self.text) and self.text[-1] not in _CONTINUING_END:
            self.text += "。"
            draft.note(self.line, f"{where}: the sub-point heading has no 。; added one so it reads as the lead")
        self.text += p.text
        draft.note(p.line, f"paragraph joined to {where}: a sub-point is one paragraph (lead + body)")

    def fields(self, draft: Draft, where: str) -> dict[str, str]:
        lead = split_lead(self.text)
        if not lead:
            lead = self.text
            if not lead or lead[-1] not in SENTENCE_END:
                lead += "。"
                draft.note(self.line, f"{where}: the sub-point has no sentence end; added 。 to its lead")
        body = self.text[len(lead):] if self.text.startswith(lead) else ""
        return {"lead": lead, "body": body} if body else {"lead": lead}


def walk_points(body: list[Para], draft: Draft, names: tuple[str, str, str] = ("points", "intro", "subpoints")
                ) -> tuple[list[str], list[dict[str, Any]]]:
    """Opening paragraphs, then each 一、 point with its intro and （一） sub-points.

    ``names`` are the outline's keys for the points, their intro and their sub-points (a notice calls
    them items, body and subitems); the notes use them so a path in a note is a path in the outline.
    """
    points_key, intro_key, subs_key = names
    opening: list[Para] = []
    points: list[dict[str, Any]] = []
    intro: list[Para] = []
    subs: list[SubParagraph] = []

    def close_point() -> None:
        if not points:
            return
        k = len(points) - 1
        point = points[-1]
        paragraphs = plain_run(intro, draft, f"{points_key}[{k}].{intro_key}")
        if paragraphs:
            point[intro_key] = paragraphs
        point[subs_key] = [s.fields(draft, f"{points_key}[{k}].{subs_key}[{j}]") for j, s in enumerate(subs)]

    skipped = False  # the current point's sub-points are 1. items written straight under it

    queue = list(reversed(body))
    while queue:
        p = queue.pop()
        m = marker(p.text) if p.kind == "para" else None
        # 1. items straight under a heading skip the （一） level (lint G4 warns, it happens in practice).
        # The model has no 1. list under a point, and an intro paragraph may not open with 1. (it would
        # read back as a heading), so they become the sub-points: same text, numbered （一） on render.
        skip = bool(m and m.level == 3 and points and not intro and (skipped or not subs))
        if m and not m.exact and (m.level <= 2 or skip):
            draft.note(p.line, f"marker {m.text.strip()!s} read as {m.canonical}")
        if skip:
            where = f"{points_key}[{len(points) - 1}].{subs_key}[{len(subs)}]"
            draft.note(p.line, f"{m.canonical} straight under the heading (the （一） level skipped); read as {where}, "
                               f"which renders as （{cn_numeral(len(subs) + 1)}）")
            skipped = True
            subs.append(SubParagraph(m.rest, p.line))
        elif m and m.level == 1:
            close_point()
            intro, subs, skipped = [], [], False
            if m.number != len(points) + 1:
                draft.note(p.line, f"{m.text.strip()} is {points_key}[{len(points)}]; "
                                   "numbering is regenerated on render")
            heading, rest = m.rest, ""
            if marker(heading):
                heading, rest = "", heading
                draft.note(p.line, "the heading line starts with another marker; the heading is left empty")
            else:
                lead = split_lead(heading)
                if lead:
                    heading, rest = lead, heading[len(lead):].lstrip(SPACES)
                    draft.note(p.line, f"heading and text run together; the text after the first sentence "
                                       f"starts {points_key}[{len(points)}].{intro_key}")
            points.append({"heading": heading})
            if rest:
                queue.append(Para(rest, p.line))
        elif m and m.level == 2:
            if not points:
                draft.unplace(p, f"{m.text.strip()} before any 一、 heading")
                continue
            if m.number != len(subs) + 1:
                draft.note(p.line, f"{m.text.strip()} is {points_key}[{len(points) - 1}].{subs_key}[{len(subs)}]; "
                                   "numbering is regenerated on render")
            subs.append(SubParagraph(m.rest, p.line))
            skipped = False  # 1. items after a real （一） are its own, as usual
        elif subs:
            where = f"{points_key}[{len(points) - 1}].{subs_key}[{len(subs) - 1}]"
            sub = subs[-1]
            if m and split_lead(sub.text) == "" and sub.text and sub.text[-1] in SENTENCE_END:
                # A numbered item would open the body, where it would read as a heading.
                draft.unplace(p, f"numbered item {m.text.strip()} right after the lead of {where}")
            else:
                sub.add(p, draft, where)
        elif points:
            intro.append(p)
        else:
            opening.append(p)
    close_point()
    return plain_run(opening, draft, "the opening"), points


register("speech", guess_speech, read_speech)

from . import gongwen as extract_gongwen  # noqa: E402,F401  (registers plan, notice and decision)
