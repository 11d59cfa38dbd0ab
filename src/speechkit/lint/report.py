"""Reporters: one line per finding for people and editors, and a documented JSON schema for programs."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from json.encoder import encode_basestring  # the C escaping json.dumps uses with ensure_ascii=False

from .findings import SEVERITIES, Finding

JSON_SCHEMA = "speechkit-lint/1"
FORMATS = ("text", "json")


def collapse(findings: Sequence[Finding]) -> list[Finding]:
    """Findings of one rule in one file that share a ``summary`` become one finding: the summary as its
    message, at the first one's position, without a fix of its own, the findings as its ``detail``.
    A wholly traditional draft is one line of text output, and every paragraph in the JSON."""
    if not any(f.summary for f in findings):
        return list(findings)
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        if f.summary:
            groups.setdefault((f.path, f.code, f.summary), []).append(f)
    out: list[Finding] = []
    for f in findings:
        if not f.summary:
            out.append(f)
        elif (members := groups.pop((f.path, f.code, f.summary), None)) is not None:
            out.append(replace(members[0], message=f.summary, fix=None, summary="", detail=tuple(members)))
    return out


# ANSI colours of a terminal: the code by severity, the place bold, the rule name dim.
_SEVERITY_COLOURS = {"error": "31", "warn": "33", "info": "36"}


def use_colour(stream) -> bool:
    """Colour for a terminal only: never when piped, never with NO_COLOR (no-color.org); FORCE_COLOR forces it."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def text_report(findings: Sequence[Finding], colour: bool = False) -> str:
    """``path:line:col: CODE message [name]``, one per line."""
    findings = collapse(findings)
    if not colour:
        return "".join(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message} [{f.name}]\n" for f in findings)
    return "".join(f"\x1b[1m{f.path}:{f.line}:{f.column}:\x1b[0m "
                   f"\x1b[{_SEVERITY_COLOURS.get(f.severity, '0')};1m{f.code}\x1b[0m {f.message} "
                   f"\x1b[2m[{f.name}]\x1b[0m\n" for f in findings)


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    out = {severity: 0 for severity in SEVERITIES}
    for f in findings:
        out[f.severity] = out.get(f.severity, 0) + 1
    return out


# How the summary line names each severity (the tokens themselves stay in rule files, listings and JSON).
SEVERITY_WORDS = {"error": "错误", "warn": "警告", "info": "提示"}


def summary_line(findings: Sequence[Finding], files: int) -> str:
    """``共 3 处问题（错误 1 处、警告 2 处、提示 0 处），涉及 2 个文件`` – for stderr, so stdout stays parseable."""
    findings = collapse(findings)
    c = counts(findings)
    detail = "、".join(f"{SEVERITY_WORDS.get(s, s)} {c[s]} 处" for s in SEVERITIES)
    return f"共 {len(findings)} 处问题（{detail}），涉及 {files} 个文件"


def json_report(findings: Sequence[Finding], paths: Sequence[str]) -> str:
    """The documented schema, laid out as ``json.dumps(payload, ensure_ascii=False, indent=2)`` lays it out.

    Written here rather than by that call: with ``indent`` the standard library falls back to its
    pure-Python encoder, which took four fifths of a run on a draft with many findings. Strings go
    through the same C escaping function ``json.dumps`` uses, so the bytes are those of
    ``json.dumps(payload(findings, paths), ensure_ascii=False, indent=2) + "\n"`` (tested).
    """
    findings = collapse(findings)
    head = _head(findings, paths)
    text = json.dumps(head, ensure_ascii=False, indent=2)[:-2]  # reopened after "summary" for the findings
    if not findings:
        return text + ',\n  "findings": []\n}\n'
    quote = _Quoter()
    body = ",\n".join([_finding_json(f, 1, quote) for f in findings])
    return f'{text},\n  "findings": [\n{body}\n  ]\n}}\n'


def payload(findings: Sequence[Finding], paths: Sequence[str]) -> dict:
    """The JSON report as data (what ``json.loads`` of :func:`json_report` gives)."""
    findings = collapse(findings)
    return {**_head(findings, paths), "findings": [f.to_json() for f in findings]}


def _head(findings: Sequence[Finding], paths: Sequence[str]) -> dict:
    return {"schema": JSON_SCHEMA, "files": list(paths), "summary": {"findings": len(findings), **counts(findings)}}


class _Quoter(dict):
    """JSON string literals, remembered: a report repeats its paths, codes, names, severities and messages."""

    def __missing__(self, value: str) -> str:
        quoted = encode_basestring(value)
        if len(self) < 4096:
            self[value] = quoted
        return quoted


# Finding.to_json's keys, in its order; the test suite checks the output against json.dumps of to_json().
_KEYS = ("path", "line", "column", "end_line", "end_column", "code", "name", "severity", "message", "match", "fix",
         "block", "start", "end")


@lru_cache(maxsize=8)
def _layout(depth: int) -> tuple[str, str, str]:
    """%-templates for a finding and its fix at ``depth`` (1: in ``findings``; 2: in a ``detail`` list…),
    and the indentation of its keys. One C-level ``%`` per finding is what makes this fast."""
    pad = "  " * (2 * depth)
    inner = pad + "  "
    finding = pad + "{\n" + ",\n".join(f'{inner}"{key}": %s' for key in _KEYS) + "%s\n" + pad + "}"
    fix = "{\n" + inner + '  "replacement": %s,\n' + inner + '  "safe": %s\n' + inner + "}"
    return finding, fix, inner


def _finding_json(f: Finding, depth: int, quote: _Quoter) -> str:
    finding, fix_layout, inner = _layout(depth)
    fix = "null" if f.fix is None else fix_layout % (quote[f.fix.replacement], "true" if f.fix.safe else "false")
    detail = ""
    if f.detail:
        members = ",\n".join([_finding_json(d, depth + 1, quote) for d in f.detail])
        detail = f',\n{inner}"detail": [\n{members}\n{inner}]'
    return finding % (quote[f.path], int(f.line), int(f.column), int(f.end_line), int(f.end_column), quote[f.code],
                      quote[f.name], quote[f.severity], quote[f.message], quote[f.match], fix,
                      "null" if f.block is None else int(f.block), int(f.start), int(f.end), detail)


def render(findings: Sequence[Finding], paths: Sequence[str], fmt: str, colour: bool = False) -> str:
    if fmt == "json":
        return json_report(findings, paths)
    return text_report(findings, colour)
