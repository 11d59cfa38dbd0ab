"""The options of a ``lint`` run, the rule set they choose, and the plain run (lint and report).

cli.py parses the command line into one :class:`LintOptions`; :mod:`.commands` routes it to the
plain run here, to fixing, or to annotating.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from ..config import Section, read_section
from ..errors import RuleError
from .findings import Finding
from .report import render, summary_line, use_colour
from .rules import RuleSet, load_rules, split_selectors

if TYPE_CHECKING:
    from .apply import TrackChanges

LINT_SETTINGS = {"select": "strings", "ignore": "strings", "terms": "strings"}


@dataclass(frozen=True)
class LintOptions:
    """What a ``lint`` run needs, as the command line says it."""

    paths: tuple[str, ...]
    fmt: str = "text"
    select: tuple[str, ...] = ()  # replaces speechkit.yaml's selection
    ignore: tuple[str, ...] = ()  # adds to it
    terms: tuple[str, ...] = ()  # term files, after the configured ones
    config: str | None = None  # default: ./speechkit.yaml
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    output: str | None = None  # where the fixed draft goes (- for stdout)
    annotate: str | None = None  # where the commented copy goes
    force: bool = False
    track_changes: bool = False  # fixes as Word revisions (a .docx only)
    author: str = "speechkit"  # of revisions and comments
    date: str | None = None  # of revisions (default: the draft's own date)
    view: str = "accepted"  # a draft with revisions is linted with them accepted, or as it was ("original")
    globs: tuple[str, ...] = ()  # which files of a folder given as a path are drafts (default: every draft suffix)

    @property
    def fixing(self) -> bool:
        return self.fix or self.unsafe_fixes or self.diff


def note_revisions(path: str, view: str, err: TextIO, data: bytes | None = None) -> None:
    """Say so when a .docx already holds tracked changes or comments: which text is linted."""
    if path == "-" or not path.lower().endswith(".docx"):
        return
    from pathlib import Path

    from ..docx_io import count_revisions

    changes, comments = count_revisions(path, data if data is not None else Path(path).read_bytes())
    if changes:
        which = "接受全部修订后的文字" if view == "accepted" else "修订前的原文（--original）"
        err.write(f"speechkit: 注意：{path} 已有 {changes} 处修订、{comments} 条批注，均保留；按{which}检查\n")


def tracking(options: LintOptions, path: str, data: bytes) -> TrackChanges | None:
    """What ``--track-changes`` writes the fixes of one draft as (None without it)."""
    if not options.track_changes:
        return None
    from .. import docx_io
    from ..errors import OutputError
    from .apply import TrackChanges, is_docx

    if not is_docx(path, data):
        raise OutputError("--track-changes 把修改写成 Word 修订，只用于 .docx 草稿", file=path)
    return TrackChanges(options.author, docx_io.revision_date(data, path, options.date))


def configured_rules(options: LintOptions) -> RuleSet:
    """Built-in rules + term files, chosen by speechkit.yaml's ``lint:`` section and the options.

    ``--select`` replaces the configured selection; ``--ignore`` and ``--terms`` add to it.
    """
    section = read_section("lint", LINT_SETTINGS, options.config)
    ruleset = load_rules([*term_files(section), *options.terms])
    configured = {key: split_selectors(section.data[key]) for key in ("select", "ignore") if key in section.data}
    for key, selectors in configured.items():
        try:  # check each setting on its own, so the error points at its line
            ruleset.select(selectors if key == "select" else None, selectors if key == "ignore" else ())
        except RuleError as exc:
            raise section.error(exc.message, key) from None
    cli_select = split_selectors(options.select) if options.select else None
    cli_ignore = split_selectors(options.ignore)
    ruleset.select(cli_select, cli_ignore, origin="命令行")
    chosen = cli_select if cli_select is not None else configured.get("select")
    return ruleset.select(chosen, [*configured.get("ignore", []), *cli_ignore])


def all_rules(terms: Sequence[str] = (), config: str | None = None) -> RuleSet:
    """Every rule, built-in and from the configured and given term files, nothing deselected."""
    return load_rules([*term_files(read_section("lint", LINT_SETTINGS, config)), *terms])


def term_files(section: Section) -> list[str]:
    """The term files of the ``lint:`` section, checked to exist (relative to the settings file)."""
    out = []
    for index, value in enumerate(section.data.get("terms", [])):
        path = section.base / value
        if not path.is_file():
            raise section.error(f"术语文件「{value}」不存在（路径相对于 {section.file} 所在的文件夹）；请检查路径",
                                "terms", index)
        out.append(str(path))
    return out


def run_lint(options: LintOptions, *, out: TextIO, err: TextIO) -> tuple[int, list[Finding]]:
    """Lint every path and write the report. Returns (exit status 0 or 1, findings).

    All rules and all drafts are read and checked before anything is printed, so a bad term file
    or an unreadable draft stops the run with one error and no half report.
    """
    from ..drafts import read_documents
    from . import lint_document

    ruleset = configured_rules(options)
    paths = options.paths
    documents = list(zip(paths, read_documents(paths, view=options.view), strict=True))
    for path in paths:
        note_revisions(path, options.view, err)
    findings: list[Finding] = []
    for path, document in documents:
        findings.extend(lint_document(document, ruleset, path))
    out.write(render(findings, list(paths), options.fmt, use_colour(out)))
    if findings and options.fmt == "text":
        err.write(summary_line(findings, len(paths)) + "\n")
    return (1 if findings else 0), findings
