"""``speechkit check-format``: how an existing .docx departs from the GB/T 9704 layout profile.

The .docx is read by docx_io.layout_facts (page setup, styles, paragraphs with their runs, footers,
as written); this module resolves what Word would use (document defaults → paragraph style chain →
character style → direct formatting, theme fonts) and compares it with the standard. Findings are
lint's: same model, reporters and exit statuses, codes in their own family F.

What is checked is what decides the printed page: paper, margins, the body's face and size, the
Chinese font slot, the line pitch (22 lines) and character pitch (28 characters), the title, the two
heading levels with their own faces, and the page numbers. Body properties are judged on what the
text actually gets, so a draft whose Normal style says 五号宋体 but whose runs all say 三号仿宋 is clean.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .. import docx_io
from .. import gbt9704 as gb
from ..blocks import numbering
from ..docx_io import LayoutFacts, ParagraphFacts, ParagraphFormat, RunFormat, SectionFacts
from ..errors import DocumentError
from ..lint.findings import Finding
from ..lint.report import render, summary_line, use_colour
from ..soffice import LEGACY_DRAFTS, convert_legacy
from ..zh import is_han

if TYPE_CHECKING:
    from ..lint.rules import Rule

MM = 56.6929  # twips
TOLERANCE = round(1 * MM)  # the standard's ±1 mm
A4 = (gb.PAGE_WIDTH, gb.PAGE_HEIGHT)
MARGINS = {"top": gb.MARGIN_TOP, "bottom": gb.MARGIN_BOTTOM, "left": gb.MARGIN_LEFT, "right": gb.MARGIN_RIGHT}
MARGIN_NAMES = {"top": "上", "bottom": "下", "left": "左", "right": "右"}
BODY_SIZE = 16.0  # 三号
TITLE_SIZE = 22.0  # 二号
LINES, CHARS = gb.LINES, gb.CHARS

# Face families as drafts name them. A face counts when its name contains one of these.
FANGSONG = ("仿宋", "FangSong", "STFangsong")
KAITI = ("楷体", "KaiTi", "STKaiti")
HEITI = ("黑体", "SimHei", "STHeiti")
XIAOBIAOSONG = ("小标宋", "XiaoBiaoSong", "FZXBS")


@functools.cache
def checks() -> dict[str, Rule]:
    """The F rules by code, from the rule registry (corpora/layout/format.yaml)."""
    from ..lint.rules import format_rules

    return {rule.code: rule for rule in format_rules()}


def __getattr__(name: str):
    if name == "CHECKS":  # read on first use: importing this module stays free of YAML
        return checks()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---------------------------------------------------------------------------------------------
# Resolving what Word uses.


@dataclass(frozen=True)
class Face:
    east_asia: str | None  # the Chinese face Word uses, None when nothing names one
    from_theme: bool
    ascii: str | None
    size: float  # points; Word's 10 pt where no layer sets one
    spacing: float


class Resolver:
    def __init__(self, facts: LayoutFacts) -> None:
        self.facts = facts
        self.default_paragraph_style = next(
            (s.style_id for s in facts.styles.values() if s.kind == "paragraph" and s.default), None)

    def _chain(self, style_id: str | None) -> list:
        """Styles from the root of the basedOn chain down to ``style_id``."""
        chain, seen = [], set()
        while style_id and style_id in self.facts.styles and style_id not in seen:
            seen.add(style_id)
            style = self.facts.styles[style_id]
            chain.append(style)
            style_id = style.based_on
        return chain[::-1]

    def paragraph_style(self, paragraph: ParagraphFacts) -> str | None:
        return paragraph.style or self.default_paragraph_style

    def paragraph_format(self, paragraph: ParagraphFacts) -> ParagraphFormat:
        layers = [self.facts.default_paragraph, *(s.paragraph for s in self._chain(self.paragraph_style(paragraph))),
                  paragraph.format]
        out: dict = {}
        for layer in layers:
            for key in ("line", "line_rule", "align", "snap_to_grid"):
                value = getattr(layer, key)
                if value is not None:
                    out[key] = value
        return ParagraphFormat(**out)

    def face(self, paragraph: ParagraphFacts, run_style: str | None, direct: RunFormat) -> Face:
        layers: list[RunFormat] = [self.facts.default_run]
        layers += [s.run for s in self._chain(self.paragraph_style(paragraph))]
        layers += [s.run for s in self._chain(run_style)]
        layers.append(direct)
        east_asia, from_theme, ascii, size, spacing = None, False, None, None, 0.0
        for layer in layers:
            if layer.east_asia_theme:
                kind = "major" if layer.east_asia_theme.lower().startswith("major") else "minor"
                east_asia, from_theme = self.facts.theme_fonts.get(kind), True
            elif layer.east_asia:
                east_asia, from_theme = layer.east_asia, False
            ascii = layer.ascii or ascii
            size = layer.size if layer.size is not None else size
            spacing = layer.spacing if layer.spacing is not None else spacing
        return Face(east_asia, from_theme, ascii, size if size is not None else 10.0, spacing)

    def run_faces(self, paragraph: ParagraphFacts) -> list[tuple[str, Face]]:
        return [(run.text, self.face(paragraph, run.style, run.format)) for run in paragraph.runs if run.text]

    def main_face(self, paragraph: ParagraphFacts) -> Face | None:
        """The face most of the paragraph's Chinese text is set in."""
        weights: Counter = Counter()
        faces = {}
        for text, face in self.run_faces(paragraph):
            key = (face.east_asia, face.from_theme, face.ascii, face.size, face.spacing)
            weights[key] += sum(1 for ch in text if is_han(ch)) or 0
            faces[key] = face
        if not weights or not any(weights.values()):
            return None
        return faces[weights.most_common(1)[0][0]]


def _named(face: str | None, family: Sequence[str]) -> bool:
    return face is not None and any(name.lower() in face.lower() for name in family)


def _pt(value: float) -> str:
    return f"{value:g}"


def _face(name: str | None) -> str:
    """A face as the draft names it, quoted; 未设置 when nothing names one."""
    return f"「{name}」" if name else "未设置"


def _mm(twips: int) -> str:
    return f"{twips / MM:.1f}"


# ---------------------------------------------------------------------------------------------
# The checks. Each returns (code, line, match, message) records; check_facts makes them Findings.


@dataclass(frozen=True)
class Problem:
    code: str
    line: int
    message: str
    match: str = ""


def _page_problems(section: SectionFacts, line: int) -> list[Problem]:
    out = []
    width, height = section.page_width, section.page_height
    if width is None or height is None or abs(width - A4[0]) > TOLERANCE or abs(height - A4[1]) > TOLERANCE:
        size = f"{_mm(width)} mm × {_mm(height)} mm" if width and height else "未设置"
        out.append(Problem("F001", line, f"纸张应为A4（210 mm × 297 mm），实为{size}"))
    for side, want in MARGINS.items():
        got = getattr(section, f"margin_{side}")
        if got is None or abs(abs(got) - want) > TOLERANCE:
            shown = f"{_mm(abs(got))} mm" if got is not None else "未设置"
            out.append(Problem("F002", line, f"{MARGIN_NAMES[side]}边距应为{_mm(want)} mm（±1 mm），实为{shown}"))
    return out


def _classify(resolver: Resolver, paragraphs: Sequence[ParagraphFacts]) -> tuple[ParagraphFacts | None, list, list]:
    """(title, headings as (level, paragraph), body paragraphs)."""
    title = None
    headings, body = [], []
    for index, p in enumerate(paragraphs):
        text = p.text.strip()
        if not text or p.in_table:
            continue
        fmt = resolver.paragraph_format(p)
        face = resolver.main_face(p)
        if re.fullmatch(r"附件\s*\d*", text):
            continue  # the 附件 label on an attachment page is 黑体 (§7.3.7)
        found = numbering(text)
        if found and found[0] in (1, 2):
            headings.append((found[0], p))
            continue
        if title is None and index < 12 and _looks_like_title(resolver, p, fmt, face, text):
            title = p
            continue
        if fmt.align in ("center", "right", "end") or face is None:
            continue  # 发文机关标志, 文号, 署名, 日期, 讲话人…: placed, not body text
        body.append(p)
    return title, headings, body


def _looks_like_title(resolver: Resolver, p: ParagraphFacts, fmt: ParagraphFormat, face: Face | None,
                      text: str) -> bool:
    style = resolver.facts.styles.get(resolver.paragraph_style(p) or "")
    name = (style.name if style else "").lower()
    if name in ("title", "标题", "公文标题") or (style and style.style_id in ("Title", "SKTitle")):
        return True
    if fmt.align != "center" or face is None or face.size is None:
        return False
    if "〔" in text or text.startswith(("（", "——")) or text.endswith("文件"):
        return False  # 文号, 日期行, 副标题, 发文机关标志
    return 18 <= face.size < 30


def _body_problems(resolver: Resolver, body: list[ParagraphFacts], section: SectionFacts) -> list[Problem]:
    out: list[Problem] = []
    faces = [(p, f, resolver.paragraph_format(p)) for p in body if (f := resolver.main_face(p)) is not None]
    if not faces:
        return out

    def first(predicate, code: str, message) -> None:
        bad = [(p, f, fmt) for p, f, fmt in faces if predicate(p, f, fmt)]
        if bad:
            p, f, fmt = bad[0]
            more = f"（正文共{len(bad)}段如此）" if len(bad) > 1 else ""
            out.append(Problem(code, p.number, message(f, fmt) + more, p.text[:20]))

    first(lambda p, f, fmt: f.east_asia is None, "F005",
          lambda f, fmt: "正文未设置中文字体（w:eastAsia），中文按默认字体显示"
          + (f"；「{f.ascii}」只设在西文字体上" if f.ascii and any(map(is_han, f.ascii)) else ""))
    first(lambda p, f, fmt: f.east_asia is not None and f.from_theme and bool(f.ascii) and any(map(is_han, f.ascii)),
          "F005", lambda f, fmt: f"「{f.ascii}」只设在西文字体上，中文实际用主题字体「{f.east_asia}」"
          "（未设置 w:eastAsia）")
    first(lambda p, f, fmt: f.east_asia is not None and not _named(f.east_asia, FANGSONG), "F003",
          lambda f, fmt: f"正文应为仿宋（仿宋_GB2312），实为「{f.east_asia}」")
    first(lambda p, f, fmt: abs(f.size - BODY_SIZE) > 0.01, "F004",
          lambda f, fmt: f"正文字号应为三号（16磅），实为{_pt(f.size)}磅")

    # 22 lines: judged on the line spacing most body paragraphs have.
    spacing = Counter((fmt.line, fmt.line_rule, fmt.snap_to_grid) for _, _, fmt in faces).most_common(1)[0][0]
    line, rule, snap = spacing
    sample = next(p for p, _, fmt in faces if (fmt.line, fmt.line_rule, fmt.snap_to_grid) == spacing)
    height = _type_height(section)
    pitch = _line_pitch(line, rule, snap, section)
    if pitch is None:
        out.append(Problem("F006", sample.number, "正文行距未固定（单倍或多倍行距），每页行数随字体而变；"
                           "应设固定值28.95磅（579缇）以排22行", sample.text[:20]))
    elif height is not None:
        lines = math.floor(height / pitch + 1e-9)
        if lines != LINES:
            kind = "最小值" if rule == "atLeast" else "行距"
            out.append(Problem("F006", sample.number, f"每页应排22行，按{kind}{_pt(round(pitch / 20, 2))}磅"
                               f"{'只能' if lines < LINES else '会'}排{lines}行", sample.text[:20]))

    # 28 characters: on the face most body text has.
    main = Counter((f.size, f.spacing) for _, f, _ in faces).most_common(1)[0][0]
    width = _type_width(section)
    char_space = section.grid_char_space if section.grid_type in ("linesAndChars", "snapToChars") else None
    char_pitch = main[0] + main[1] + (char_space / 4096 if char_space else 0)
    if width is not None and char_pitch > 0:
        chars = math.floor(width / 20 / char_pitch + 1e-9)
        if chars != CHARS:
            out.append(Problem("F007", sample.number, f"每行应排28字，按字号{_pt(main[0])}磅、字距{_pt(main[1])}磅"
                               f"{'只能' if chars < CHARS else '会'}排{chars}字", sample.text[:20]))
    return out


def _type_height(section: SectionFacts) -> int | None:
    height, top, bottom = section.page_height, section.margin_top, section.margin_bottom
    if height is None or top is None or bottom is None:
        return None
    return height - abs(top) - abs(bottom)


def _type_width(section: SectionFacts) -> int | None:
    width, left, right = section.page_width, section.margin_left, section.margin_right
    if width is None or left is None or right is None:
        return None
    return width - left - right


def _line_pitch(line: int | None, rule: str | None, snap: bool | None, section: SectionFacts) -> float | None:
    """Twips from one line to the next, or None when it depends on the font."""
    if line is not None and rule in ("exact", "atLeast"):
        return float(line)
    pitch = section.grid_line_pitch
    if section.grid_type in ("lines", "linesAndChars", "snapToChars") and pitch and snap is not False:
        return pitch * (line or 240) / 240
    return None


def _title_problems(resolver: Resolver, title: ParagraphFacts | None) -> list[Problem]:
    if title is None:
        return []
    face = resolver.main_face(title)
    if face is None:
        return []
    out = []
    if abs(face.size - TITLE_SIZE) > 0.01:
        out.append(Problem("F008", title.number, f"标题应为二号（22磅），实为{_pt(face.size)}磅", title.text[:20]))
    if not _named(face.east_asia, XIAOBIAOSONG):
        out.append(Problem("F009", title.number, f"标题宜用小标宋体（方正小标宋简体），实为{_face(face.east_asia)}",
                           title.text[:20]))
    return out


def _heading_problems(resolver: Resolver, headings: list[tuple[int, ParagraphFacts]]) -> list[Problem]:
    out = []
    for level, p in headings:
        runs = resolver.run_faces(p)
        if not runs:
            continue
        face = runs[0][1]  # the run holding the marker: a run-in lead may continue in 仿宋
        family, want = (HEITI, "一级标题（一、）应为黑体") if level == 1 else (KAITI, "二级标题（（一））应为楷体")
        if not _named(face.east_asia, family):
            out.append(Problem("F010", p.number, f"{want}，实为{_face(face.east_asia)}", p.text[:20]))
    return out


_PAGE_NUMBER = re.compile(r"\s*—\s*\d*\s*—\s*")


def _footer_problems(facts: LayoutFacts, section: SectionFacts, line: int) -> list[Problem]:
    footers = {kind: facts.footers.get(part) for kind, part in section.footers}
    numbered = {kind: f for kind, f in footers.items() if f is not None and f.has_page_field}
    if not numbered:
        return [Problem("F011", line, "未设置页码（页脚中没有 PAGE 域）")]
    out = []
    for footer in numbered.values():
        if not _PAGE_NUMBER.fullmatch(footer.text):
            out.append(Problem("F012", line, f"页码格式应为「— 1 —」（两侧一字线），实为「{footer.text.strip()}」",
                               footer.text.strip()))
            break
    odd, even = numbered.get("default"), numbered.get("even")
    if not facts.even_and_odd or even is None:
        out.append(Problem("F013", line, "未设置奇偶页不同的页码：应单页居右、双页居左"))
    elif even.align not in ("left", "start"):
        out.append(Problem("F013", line, f"双页页码应居左，实为{_ALIGN.get(even.align or '', even.align)}"))
    if odd is not None and odd.align not in ("right", "end"):
        out.append(Problem("F013", line, f"单页页码应居右，实为{_ALIGN.get(odd.align or '', odd.align)}"))
    return out


_ALIGN = {"left": "居左", "start": "居左", "center": "居中", "right": "居右", "end": "居右", "both": "两端对齐"}


def check_facts(facts: LayoutFacts, path: str) -> list[Finding]:
    """Findings for one document's layout facts, sorted by position."""
    resolver = Resolver(facts)
    problems: list[Problem] = []
    if not facts.sections:
        problems.append(Problem("F001", 1, "没有页面设置（w:sectPr），纸张和页边距取决于打开它的软件"))
    last = facts.sections[-1] if facts.sections else None
    for section in facts.sections:
        line = 1 if section is last else section.paragraph
        problems += _page_problems(section, line)
        problems += _footer_problems(facts, section, line)
    title, headings, body = _classify(resolver, facts.paragraphs)
    if last is not None:
        problems += _body_problems(resolver, body, last)
    problems += _title_problems(resolver, title)
    problems += _heading_problems(resolver, headings)
    findings = [_finding(problem, path) for problem in dict.fromkeys(problems)]
    return sorted(findings, key=lambda f: f.sort_key)


def _finding(problem: Problem, path: str) -> Finding:
    check = checks()[problem.code]
    return Finding(path=path, line=problem.line, column=1, end_line=problem.line,
                   end_column=1 + len(problem.match), code=check.code, name=check.name, severity=check.severity,
                   message=problem.message, match=problem.match)


def check_format(path: str | Path, data: bytes | None = None) -> list[Finding]:
    """How a .docx departs from the GB/T 9704 profile; ``-`` reads the .docx from stdin."""
    from ..drafts import read_bytes

    path = str(path)
    if data is None:
        data = read_bytes(path)
    if Path(path).suffix.lower() in LEGACY_DRAFTS:  # .doc/.wps/.rtf/.odt: checked as LibreOffice converts it
        data = convert_legacy(path, data, DocumentError)
    elif Path(path).suffix.lower() != ".docx" and data[:4] != b"PK\x03\x04":
        raise DocumentError("check-format 只检查 .docx 文件；请先把文稿另存为 .docx", file=path)
    return check_facts(docx_io.layout_facts(path, data), path)


def run_check_format(paths: Sequence[str], *, fmt: str, out: TextIO, err: TextIO) -> int:
    """Check every draft, then report; exit status 0 clean, 1 findings (errors raise, status 2)."""
    findings: list[Finding] = []
    for path in [str(p) for p in paths]:  # every draft is read before anything is printed
        findings.extend(check_format(path))
    out.write(render(findings, list(paths), fmt, use_colour(out)))
    if findings and fmt == "text":
        err.write(summary_line(findings, len(paths)) + "\n")
    return 1 if findings else 0
