"""What a fixing run prints: a line per fix made, the closing summary, and the fixes as a unified diff."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from .. import docx_io
from .fix import Applied, FixResult, fix_units, wanted
from .report import collapse


def label(path: str) -> str:
    return "<stdin>" if path == "-" else path


def grouped(applied: Sequence[Applied]) -> list[tuple[Applied, int]]:
    """Fixes made, as the report shows findings: those of one rule that share a ``summary`` (a wholly
    traditional draft, paragraph by paragraph) count once, at the first of them."""
    out: list[list] = []
    first: dict[tuple, list] = {}
    for a in applied:
        summary = getattr(a.finding, "summary", "")
        key = (a.finding.path, a.finding.code, summary)
        if summary and key in first:
            first[key][1] += 1
            continue
        entry = [a, 1]
        out.append(entry)
        if summary:
            first[key] = entry
    return [(a, n) for a, n in out]


def fixed_line(a: Applied, verb: str, count: int = 1) -> str:
    f = a.finding
    summary = getattr(f, "summary", "")
    if summary:
        return f"{f.path}:{f.line}:{f.column}: {verb} {f.code} {summary}（共 {count} 处）\n"
    return f"{f.path}:{f.line}:{f.column}: {verb} {f.code} 「{f.match}」→「{f.replacement}」\n"


def fix_summary(results: Sequence[FixResult], unsafe: bool, verb: str = "已修改") -> str:
    """``已修改 3 处，涉及 1 个文件；仍有 2 处问题（1 处的修改须审阅……；1 处无自动修改）``."""
    fixed = sum(len(grouped(r.applied)) for r in results)
    files = sum(1 for r in results if r.applied)
    head = f"{verb} {fixed} 处，涉及 {files} 个文件"
    remaining = collapse([f for r in results for f in r.remaining])
    if not remaining:
        return f"{head}；没有遗留问题"
    kinds = {"unsafe": 0, "pending": 0, "none": 0}
    for f in remaining:
        units = fix_units([f])
        if any(wanted(u, unsafe) for u in units):
            kinds["pending"] += 1
        elif any(wanted(u, True) for u in units):
            kinds["unsafe"] += 1
        else:
            kinds["none"] += 1
    parts = []
    if kinds["unsafe"]:
        parts.append(f"{kinds['unsafe']} 处的修改须审阅：请人工核对，或加 --unsafe-fixes")
    if kinds["pending"]:
        parts.append(f"{kinds['pending']} 处的修改未能完成")
    if kinds["none"]:
        parts.append(f"{kinds['none']} 处无自动修改")
    return f"{head}；仍有 {len(remaining)} 处问题（{'；'.join(parts)}）"


def _texts(result: FixResult, data: bytes) -> list[str]:
    if result.kind == "docx":  # one line per paragraph, so hunk line numbers are paragraph numbers
        return [t.replace("\n", "⏎") + "\n" for t in docx_io.paragraph_texts(result.path, data)]
    from ..drafts import decode_text

    return decode_text(data, result.path)[0].splitlines(keepends=True)


_OTHER_LINE_ENDS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def unified_diff(result: FixResult) -> str:
    """The fixes as a unified diff: of the text (patch -p0 applies it), or of a .docx's paragraph texts."""
    if not result.changed:
        return ""
    name = label(result.path)
    lines = difflib.unified_diff(_texts(result, result.before), _texts(result, result.after),
                                 fromfile=name, tofile=name)
    out = []
    for line in lines:
        if line.endswith("\n"):
            out.append(line)
        elif line[-1:] in _OTHER_LINE_ENDS:  # a line ending splitlines knows and diff does not
            out.append(line + "\n")
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)
