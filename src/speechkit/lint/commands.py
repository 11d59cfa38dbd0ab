"""The ``lint`` command: which run the options ask for, and the fixing run with what it prints.

``speechkit lint`` lints and reports (:func:`.run.run_lint`); with ``--fix``, ``--unsafe-fixes`` or
``--diff`` it fixes in memory and writes the drafts back, to ``-o OUT`` or shows a diff
(:func:`run_fix`); with ``--annotate`` it writes a commented copy (:func:`.annotate.run_annotate`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from ..errors import OutputError
from ..files import check_writable
from .report import payload, render, text_report, use_colour
from .run import LintOptions, configured_rules, note_revisions, run_lint, tracking

if TYPE_CHECKING:
    from .fix import FixResult


def lint_command(options: LintOptions, *, out: TextIO, err: TextIO, binary_out: BinaryIO | None = None) -> int:
    """Run ``speechkit lint`` as the options say; returns the exit status (0 or 1; errors raise)."""
    from dataclasses import replace

    from ..drafts import draft_paths

    options = replace(options, paths=draft_paths(options.paths, options.globs))
    if options.fixing or options.annotate is not None:
        refuse_legacy(options.paths)
    if options.view == "original" and options.fixing:
        raise OutputError("--original 只用于检查修订前的原文；修改按接受修订后的文字进行，去掉 --original")
    if options.track_changes and not (options.fix or options.unsafe_fixes):
        raise OutputError("--track-changes 把修改写成修订，须与 --fix 或 --unsafe-fixes 同用")
    if options.annotate is not None:
        if options.output is not None or options.diff or (options.fixing and not options.track_changes):
            raise OutputError("--annotate 按草稿原样加批注，不与 -o/--output、--diff 同用；要修改，请另行运行 --fix"
                              "（或与 --track-changes 同用，把修改写成修订）")
        from .annotate import run_annotate

        return run_annotate(options, out=out, err=err)
    if options.fixing:
        return run_fix(options, out=out, err=err, binary_out=binary_out)
    if options.output is not None:
        raise OutputError("-o/--output 用于写出修改后的草稿，须与 --fix 或 --unsafe-fixes 同用")
    return run_lint(options, out=out, err=err)[0]  # --force alone: nothing to overwrite


def refuse_legacy(paths: Sequence[str]) -> None:
    """--fix, --diff, --annotate and --track-changes write into the draft's own format, which for .doc, .wps,
    .rtf and .odt speechkit does not write: such a draft is linted, and fixed once saved as .docx."""
    from ..soffice import is_legacy

    for path in paths:
        if is_legacy(path):
            suffix = Path(path).suffix.lower()
            raise OutputError(f"{suffix} 文件只能检查，不能修改或加批注：请先另存为 .docx（或运行 soffice --headless "
                              f"--convert-to docx {Path(path).name}），再对 .docx 使用此选项", file=path)


def check_options(options: LintOptions) -> None:
    """Refuse option combinations of a fixing run that cannot mean anything, before any file is read."""
    output, diff, fmt, paths = options.output, options.diff, options.fmt, options.paths
    if output is not None and diff:
        raise OutputError("--diff 只显示改动，不写文件；请去掉 -o/--output")
    if output is not None and len(paths) != 1:
        raise OutputError(f"-o/--output 只能用于一份草稿，现有 {len(paths)} 份；请逐份修改，或去掉 -o 就地修改")
    if diff and fmt == "json":
        raise OutputError("--diff 在标准输出显示改动，不能与 --format json 同用")
    if output == "-" and fmt == "json":
        raise OutputError("-o - 把草稿写到标准输出，不能与 --format json 同用")
    if "-" in paths and output is None and not diff:
        raise OutputError("从标准输入读入的草稿，修改后须用 -o OUT 指定写到哪里（或用 --diff 只看改动）")
    if output not in (None, "-"):
        check_writable(Path(output), options.force)


def run_fix(options: LintOptions, *, out: TextIO, err: TextIO, binary_out: BinaryIO | None = None) -> int:
    """Fix (or diff) every path and report; returns the exit status: 0 nothing remains, 1 findings remain.

    Everything is read, linted and fixed in memory first, so a bad draft or rule file stops the run
    with one error before any file is written.
    """
    # Imported here: a plain lint run needs none of the fixing machinery (docx_io among it).
    from ..drafts import read_bytes
    from .fix import fix_bytes
    from .fixreport import fix_summary, fixed_line, grouped, unified_diff

    check_options(options)
    output, unsafe = options.output, options.unsafe_fixes
    ruleset = configured_rules(options)
    paths = list(dict.fromkeys(options.paths))
    drafts = {path: read_bytes(path) for path in paths}
    for path, data in drafts.items():
        note_revisions(path, options.view, err, data)
    results = [fix_bytes(path, data, ruleset, unsafe=unsafe, track=tracking(options, path, data))
               for path, data in drafts.items()]
    if output not in (None, "-"):
        _check_output_kind(results[0], output)
    remaining = [f for r in results for f in r.remaining]
    verb = "将修改" if options.diff else "已修改"
    for r in results:
        for a, count in grouped(r.applied):
            err.write(fixed_line(a, verb, count))
    if options.diff:
        for r in results:
            out.write(unified_diff(r))
        err.write(text_report(remaining, use_colour(err)))
    else:
        _write(results, output, options.force, binary_out)
        _report(results, paths, options.fmt, err if output == "-" else out)
    _warn_unsettled(results, err)
    err.write(fix_summary(results, unsafe, verb) + "\n")
    if output not in (None, "-"):
        err.write(f"已写入 {output}\n")
    return 1 if remaining else 0


def _report(results: Sequence[FixResult], paths: Sequence[str], fmt: str, stream: TextIO) -> None:
    """What remains, as ``lint`` reports it; the JSON report also lists the fixes made."""
    remaining = [f for r in results for f in r.remaining]
    if fmt != "json":
        stream.write(render(remaining, paths, fmt, use_colour(stream)))
        return
    data = payload(remaining, paths)
    data["fixed"] = [a.to_json() for r in results for a in r.applied]
    stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _warn_unsettled(results: Sequence[FixResult], err: TextIO) -> None:
    from .fixreport import label

    for r in results:
        if r.circling:
            err.write(f"speechkit: 警告：{label(r.path)} 的修改相互抵消（第 {r.rounds} 轮又改回了先前的文字）；"
                      "请检查规则的修改\n")
        elif not r.settled:
            err.write(f"speechkit: 警告：{label(r.path)} 修改 {r.rounds} 轮后仍有未改完之处；"
                      "请再运行一次，或手工修改\n")


def _check_output_kind(result: FixResult, output: str) -> None:
    is_docx_out = Path(output).suffix.lower() == ".docx"
    if (result.kind == "docx") != is_docx_out:
        if result.kind == "docx":
            message = "修改后的草稿是 .docx 文件；-o 请给以 .docx 结尾的文件名"
        else:
            message = "修改后的草稿是文本；-o 请给文本文件名（不以 .docx 结尾）"
        raise OutputError(message, file=output)


def _write(results: Sequence[FixResult], output: str | None, force: bool, binary_out: BinaryIO | None) -> None:
    from ..files import write_atomic
    from .apply import write_in_place

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
