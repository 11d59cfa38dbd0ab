"""``lint --fix``, ``--unsafe-fixes`` and ``--diff``: apply the fixes that findings carry.

Generic over fix objects, never over rules: a finding says where (its block and the character
span in that block's text), what the span holds (``match``) and what should stand there
(``fix.replacement``, ``fix.safe``). Each round lints the draft, picks a non-overlapping set of
fixes deterministically, and splices them into the file's own text:

* .txt / .md: into the decoded lines, so the encoding (UTF-8, UTF-8 with BOM, UTF-16, GB18030)
  and every line ending come back as they were;
* .docx: through :func:`docx_io.apply_paragraph_edits`, inside the runs, keeping their formatting.

A fix is made only where the file still holds ``match`` at the mapped span; nothing outside a
finding's span is touched. Fixes left out because they overlap a chosen one are picked up by the
next round, which lints the result again; rounds stop when no fix is left to make (so a second
``--fix`` changes nothing) or after :data:`MAX_ROUNDS`.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from .. import docx_io
from ..blocks import Document
from ..drafts import read_bytes
from ..errors import DocumentError, OutputError
from ..files import check_writable
from .findings import Finding
from .report import collapse, render, text_report

MAX_ROUNDS = 8


@dataclass(frozen=True)
class Applied:
    """A finding whose fix was made, in round ``round`` (its positions are in that round's text)."""

    finding: Finding
    round: int

    def to_json(self) -> dict:
        return {**self.finding.to_json(), "round": self.round}


@dataclass
class FixResult:
    path: str  # as given on the command line (``-`` for stdin)
    kind: str  # "text" or "docx"
    before: bytes
    after: bytes
    applied: list[Applied] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)  # what a lint of ``after`` reports
    rounds: int = 0
    settled: bool = True  # False: fixes were still coming when the rounds ran out (or went in a circle)
    circling: bool = False  # the fixes undo one another: a round gave back an earlier text

    @property
    def changed(self) -> bool:
        return self.after != self.before


# ---------------------------------------------------------------------------------------------
# Which fixes to make.


def fix_units(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that carry their own fix: a summary finding stands for its per-paragraph detail
    (where the detail has fixes; otherwise the summary finding is taken as it is)."""
    out: list[Finding] = []
    for f in findings:
        detail = [d for d in f.detail if isinstance(d, Finding)]
        if any(d.fix is not None for d in detail):
            out.extend(detail)
        else:
            out.append(f)
    return out


def wanted(finding: Finding, unsafe: bool) -> bool:
    fix = finding.fix
    return (
        fix is not None
        and finding.block is not None
        and (fix.safe or unsafe)
        and fix.replacement != finding.match
        and 0 <= finding.start <= finding.end
    )


def choose(findings: Iterable[Finding], unsafe: bool = False) -> list[Finding]:
    """A non-overlapping set of fixes, the same for the same findings.

    Per block, leftmost first and, at the same start, the longest span first (then code and
    replacement, to settle ties). A fix is left for a later round when it overlaps one already
    chosen; an insertion (empty span) also clashes with another insertion at the same place and
    with a span that starts there. A second finding asking for the very same edit rides along.
    """
    candidates = sorted(
        (f for f in fix_units(findings) if wanted(f, unsafe)),
        key=lambda f: (f.block, f.start, -(f.end - f.start), f.code, f.fix.replacement, f.message),
    )
    chosen: list[Finding] = []
    block, reach, insertions, edits = None, -1, set(), set()
    for f in candidates:
        if f.block != block:
            block, reach, insertions, edits = f.block, -1, set(), set()
        edit = (f.start, f.end, f.fix.replacement)
        if edit in edits:
            chosen.append(f)
            continue
        if f.start < reach or (f.start == f.end and f.start in insertions):
            continue
        chosen.append(f)
        edits.add(edit)
        if f.start == f.end:
            insertions.add(f.start)
        reach = max(reach, f.end)
    return chosen


def _pieces_that_change(old: str, new: str) -> list[tuple[int, int, str]]:
    """An edit of ``old`` into ``new`` as (start, end, text) edits of the characters that change, so
    characters the fix keeps stay in their own runs: 国土资源部 → 自然资源部 replaces 国土 only, and
    [2024] → 〔2024〕 the two brackets, leaving 2024 in whatever formatting it has."""
    if old == "":
        return [(0, 0, new)]
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    return [(i1, i2, new[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]


# ---------------------------------------------------------------------------------------------
# Making them: text files.


def _encode(text: str, encoding: str, original: bytes) -> bytes:
    if encoding == "utf-16":
        if original.startswith(b"\xfe\xff"):
            return b"\xfe\xff" + text.encode("utf-16-be")
        return b"\xff\xfe" + text.encode("utf-16-le")
    return text.encode(encoding)


def _apply_text(path: str, data: bytes, document: Document, chosen: Sequence[Finding]) -> tuple[bytes, list]:
    from ..drafts import decode_text

    text, encoding = decode_text(data, path)
    if _encode(text, encoding, data) != data:
        raise DocumentError(f"cannot write this {encoding} text back unchanged, so it is not fixed", file=path)
    lines = text.splitlines(keepends=True)
    per_line: dict[int, list[tuple[int, int, str, Finding]]] = {}
    for f in chosen:
        block = document.blocks[f.block]
        if block.line is None or not 1 <= block.line <= len(lines):
            continue
        body = lines[block.line - 1]
        if body[block.col : block.col + len(block.text)] != block.text or block.text[f.start : f.end] != f.match:
            continue
        per_line.setdefault(block.line - 1, []).append((block.col + f.start, block.col + f.end,
                                                        f.fix.replacement, f))
    done = []
    for index, edits in per_line.items():
        line = lines[index]
        made = set()
        for start, end, replacement, f in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
            if (start, end, replacement) not in made:  # two rules asking for the same edit: make it once
                line = line[:start] + replacement + line[end:]
                made.add((start, end, replacement))
            done.append(f)
        lines[index] = line
    return _encode("".join(lines), encoding, data), done


# ---------------------------------------------------------------------------------------------
# Making them: .docx, through the paragraphs of docx_io.iter_paragraphs.


def block_offsets(document: Document, paragraphs: Sequence[str]) -> dict[int, list[int]]:
    """For each block read from a .docx, the offset in its paragraph's text of each of its characters.

    read_docx strips a paragraph, drops the line breaks of a title and splits an imprint line at its
    tab: it only ever leaves out white space. So each block is matched against its paragraph left to
    right, skipping white space the block does not have; blocks sharing a paragraph are matched one
    after the other. A block that cannot be matched is left out (its findings are not fixed).
    """
    out: dict[int, list[int]] = {}
    resume: dict[int, int] = {}
    for index, block in enumerate(document.blocks):
        number = block.line
        if not block.text or number is None or not 1 <= number <= len(paragraphs):
            continue
        raw = paragraphs[number - 1]
        j = resume.get(number, 0)
        offsets = []
        for ch in block.text:
            while j < len(raw) and raw[j] != ch and raw[j].isspace():
                j += 1
            if j == len(raw) or raw[j] != ch:
                offsets = None
                break
            offsets.append(j)
            j += 1
        if offsets is not None:
            out[index] = offsets
            resume[number] = j
    return out


def paragraph_span(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """A block span [start, end) as a span of its paragraph's text."""
    if start < len(offsets):
        a = offsets[start]
    else:
        a = offsets[-1] + 1 if offsets else 0
    b = offsets[end - 1] + 1 if end > start else a
    return a, b


def _apply_docx(path: str, data: bytes, document: Document, chosen: Sequence[Finding]) -> tuple[bytes, list]:
    paragraphs = docx_io.paragraph_texts(path, data)
    offsets = block_offsets(document, paragraphs)
    edits: dict[docx_io.ParagraphEdit, list[Finding]] = {}
    for f in chosen:
        where = offsets.get(f.block)
        block = document.blocks[f.block]
        if where is None or block.text[f.start : f.end] != f.match or f.end > len(where):
            continue
        a, b = paragraph_span(where, f.start, f.end)
        if b - a != f.end - f.start:
            continue  # the span crosses white space the reader left out (a title's line break)
        for i1, i2, new_text in _pieces_that_change(f.match, f.fix.replacement):
            edit = docx_io.ParagraphEdit(block.line, a + i1, a + i2, new_text, expect=f.match[i1:i2])
            edits.setdefault(edit, []).append(f)
    new, skipped = docx_io.apply_paragraph_edits(data, list(edits), path)
    left = {f for edit in skipped for f in edits[edit]}
    return new, list(dict.fromkeys(f for found in edits.values() for f in found if f not in left))


# ---------------------------------------------------------------------------------------------
# Rounds.


def is_docx(path: str, data: bytes) -> bool:
    """The reader's own rule: a .docx suffix, or a zip package under any name but .txt / .md."""
    suffix = Path(path).suffix.lower()
    return suffix == ".docx" or (suffix not in (".txt", ".md") and data[:4] == b"PK\x03\x04")


def apply_fixes(path: str, data: bytes, document: Document, chosen: Sequence[Finding]) -> tuple[bytes, list[Finding]]:
    """One round: make the ``chosen`` fixes (non-overlapping, found in ``document`` read from ``data``).
    Returns the new file content and the findings whose fix was made."""
    return (_apply_docx if is_docx(path, data) else _apply_text)(path, data, document, chosen)


def fix_bytes(path: str, data: bytes, ruleset, *, unsafe: bool = False, max_rounds: int = MAX_ROUNDS) -> FixResult:
    """Lint and fix a draft held in memory until no fix is left to make (at most ``max_rounds`` rounds)."""
    from ..drafts import read_document
    from . import lint_document

    kind = "docx" if is_docx(path, data) else "text"
    apply = _apply_docx if kind == "docx" else _apply_text
    result = FixResult(path, kind, data, data)
    seen = {hashlib.sha256(data).digest()}
    current = data
    findings: list[Finding] | None = None
    circling = False
    for round_ in range(1, max_rounds + 1):
        document = read_document(path, current)
        findings = lint_document(document, ruleset, path)
        chosen = choose(findings, unsafe)
        if not chosen:
            break
        new, done = apply(path, current, document, chosen)
        if not done or new == current:
            break  # what is chosen cannot be made: another round would not change anything either
        result.applied.extend(Applied(f, round_) for f in sorted(done, key=lambda f: f.sort_key))
        result.rounds = round_
        current, findings = new, None
        digest = hashlib.sha256(new).digest()
        if digest in seen:  # the fixes undo one another
            circling = True
            break
        seen.add(digest)
    if findings is None:  # stopped after making fixes: see what is left, and whether more would follow
        document = read_document(path, current)
        findings = lint_document(document, ruleset, path)
        chosen = choose(findings, unsafe)
        if circling:
            result.settled, result.circling = False, True
        elif chosen:
            new, done = apply(path, current, document, chosen)
            result.settled = not done or new == current
    result.after = current
    result.remaining = findings
    return result


# ---------------------------------------------------------------------------------------------
# The command: speechkit lint --fix / --unsafe-fixes / --diff [-o OUT [--force]].


def dispatch(paths: Sequence[str], *, fix: bool = False, unsafe_fixes: bool = False, diff: bool = False,
             output: str | None = None, annotate: str | None = None, force: bool = False, **common) -> int:
    """The ``lint`` command once any of --fix, --unsafe-fixes, --diff, -o, --annotate or --force is given."""
    if annotate is not None:
        if fix or unsafe_fixes or diff or output is not None:
            raise OutputError("--annotate comments on the draft as it is; run --fix separately")
        from .annotate import run_annotate

        return run_annotate(paths, annotate, force=force, **{k: v for k, v in common.items() if k != "binary_out"})
    if fix or unsafe_fixes or diff:
        return run_fix(paths, unsafe=unsafe_fixes, diff=diff, output=output, force=force, **common)
    if output is not None:
        raise OutputError("-o/--output writes the fixed draft: use it with --fix or --unsafe-fixes")
    from .run import run_lint  # --force alone: nothing to overwrite

    common.pop("binary_out", None)
    return run_lint(paths, **common)[0]


def check_options(paths: Sequence[str], *, fix: bool, unsafe: bool, diff: bool, output: str | None,
                  force: bool, fmt: str) -> None:
    """Refuse option combinations that cannot mean anything, before any file is read."""
    if output is not None and not (fix or unsafe):
        raise OutputError("-o/--output writes the fixed draft: use it with --fix or --unsafe-fixes")
    if output is not None and diff:
        raise OutputError("--diff writes nothing; drop -o/--output")
    if output is not None and len(paths) != 1:
        raise OutputError(f"-o/--output takes one draft, got {len(paths)}")
    if diff and fmt == "json":
        raise OutputError("--diff prints the diff on stdout; it does not combine with --format json")
    if output == "-" and fmt == "json":
        raise OutputError("-o - writes the draft on stdout; it does not combine with --format json")
    if "-" in paths and output is None and not diff:
        raise OutputError("a draft read from stdin is fixed to -o OUT (or shown with --diff)")
    if output not in (None, "-"):
        check_writable(Path(output), force)


def run_fix(
    paths: Sequence[str],
    *,
    fmt: str = "text",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    terms: Sequence[str] = (),
    config: str | None = None,
    unsafe: bool = False,
    diff: bool = False,
    output: str | None = None,
    force: bool = False,
    out: TextIO,
    err: TextIO,
    binary_out: BinaryIO | None = None,
) -> int:
    """Fix (or diff) every path and report; returns the exit status: 0 nothing remains, 1 findings remain.

    Everything is read, linted and fixed in memory first, so a bad draft or rule file stops the run
    with one error before any file is written.
    """
    from .run import configured_rules

    check_options(paths, fix=True, unsafe=unsafe, diff=diff, output=output, force=force, fmt=fmt)
    ruleset = configured_rules(select, ignore, terms, config)
    paths = list(dict.fromkeys(paths))
    results = [fix_bytes(path, read_bytes(path), ruleset, unsafe=unsafe) for path in paths]
    if output not in (None, "-"):
        _check_output_kind(results[0], output)
    remaining = [f for r in results for f in r.remaining]
    verb = "would fix" if diff else "fixed"
    for r in results:
        for a, count in grouped(r.applied):
            err.write(_fixed_line(a, verb, count))
    if diff:
        for r in results:
            out.write(unified_diff(r))
        err.write(text_report(remaining))
    else:
        _write(results, output, force, binary_out)
        report_stream = err if output == "-" else out
        if fmt == "json":
            payload = json.loads(render(remaining, paths, "json"))
            payload["fixed"] = [a.to_json() for r in results for a in r.applied]
            report_stream.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        else:
            report_stream.write(render(remaining, paths, fmt))
    for r in results:
        if r.circling:
            err.write(f"speechkit: warning: {_label(r.path)}: fixes undo one another (round {r.rounds} gave back "
                      "an earlier text); check the rules' fixes\n")
        elif not r.settled:
            err.write(f"speechkit: warning: {_label(r.path)}: fixes still pending after {r.rounds} rounds; "
                      "run again or fix by hand\n")
    err.write(fix_summary(results, unsafe, verb) + "\n")
    if output not in (None, "-"):
        err.write(f"wrote {output}\n")
    return 1 if remaining else 0


def _check_output_kind(result: FixResult, output: str) -> None:
    is_docx_out = Path(output).suffix.lower() == ".docx"
    if (result.kind == "docx") != is_docx_out:
        want = "a .docx name" if result.kind == "docx" else "a text file name (not .docx)"
        raise OutputError(f"the fixed draft is {'a .docx package' if result.kind == 'docx' else 'text'}; "
                          f"give -o {want}", file=output)


def _write(results: Sequence[FixResult], output: str | None, force: bool, binary_out: BinaryIO | None) -> None:
    from ..files import write_atomic

    if output == "-":
        stream = binary_out if binary_out is not None else sys.stdout.buffer
        stream.write(results[0].after)
        stream.flush()
        return
    if output is not None:
        write_atomic(output, results[0].after, force=force)
        return
    for r in results:
        if r.changed:
            write_in_place(r.path, r.after, r.before)


def write_in_place(path: str, data: bytes, before: bytes) -> None:
    """Replace a draft atomically, keeping its permissions; a symlink keeps pointing at the new text.

    (files.write_atomic is for new outputs: it gives the umask's mode, and it would replace a link.)
    The file must still hold what was read, so an edit made meanwhile in an editor is not lost.
    """
    target = Path(path).resolve()
    try:
        if target.read_bytes() != before:
            raise OutputError("changed on disk while it was being fixed; not written", file=path)
        mode = stat.S_IMODE(target.stat().st_mode)
        if not os.access(target, os.W_OK):
            raise OutputError("is read-only; not fixed", file=path)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", file=path) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------------------------------
# Reporting.


def _label(path: str) -> str:
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


def _fixed_line(a: Applied, verb: str, count: int = 1) -> str:
    f = a.finding
    summary = getattr(f, "summary", "")
    if summary:
        return f"{f.path}:{f.line}:{f.column}: {verb} {f.code} {summary} ({_plural(count, 'place')})\n"
    return f"{f.path}:{f.line}:{f.column}: {verb} {f.code} 「{f.match}」→「{f.fix.replacement}」\n"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def fix_summary(results: Sequence[FixResult], unsafe: bool, verb: str = "fixed") -> str:
    """``fixed 3 findings in 1 file; 2 remain (1 with an unsafe fix: add --unsafe-fixes, 1 without a fix)``."""
    fixed = sum(len(grouped(r.applied)) for r in results)
    files = sum(1 for r in results if r.applied)
    head = f"{verb} {_plural(fixed, 'finding')} in {_plural(files, 'file')}"
    remaining = collapse([f for r in results for f in r.remaining])
    if not remaining:
        return f"{head}; nothing remains"
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
        parts.append(f"{kinds['unsafe']} with an unsafe fix: review, or add --unsafe-fixes")
    if kinds["pending"]:
        parts.append(f"{kinds['pending']} with a fix that could not be made")
    if kinds["none"]:
        parts.append(f"{kinds['none']} without a fix")
    noun = "remains" if len(remaining) == 1 else "remain"
    return f"{head}; {len(remaining)} {noun} ({', '.join(parts)})"


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
    label = _label(result.path)
    lines = difflib.unified_diff(_texts(result, result.before), _texts(result, result.after),
                                 fromfile=label, tofile=label)
    out = []
    for line in lines:
        if line.endswith("\n"):
            out.append(line)
        elif line[-1:] in _OTHER_LINE_ENDS:  # a line ending splitlines knows and diff does not
            out.append(line + "\n")
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)
