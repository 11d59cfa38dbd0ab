"""Reporters: one line per finding for people and editors, and a documented JSON schema for programs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace

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


def text_report(findings: Sequence[Finding]) -> str:
    """``path:line:col: CODE message [name]``, one per line."""
    findings = collapse(findings)
    return "".join(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message} [{f.name}]\n" for f in findings)


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    out = {severity: 0 for severity in SEVERITIES}
    for f in findings:
        out[f.severity] = out.get(f.severity, 0) + 1
    return out


def summary_line(findings: Sequence[Finding], files: int) -> str:
    """``3 findings (1 error, 2 warn, 0 info) in 2 files`` – for stderr, so stdout stays parseable."""
    findings = collapse(findings)
    c = counts(findings)
    noun = "finding" if len(findings) == 1 else "findings"
    where = "file" if files == 1 else "files"
    detail = ", ".join(f"{c[s]} {s}" for s in SEVERITIES)
    return f"{len(findings)} {noun} ({detail}) in {files} {where}"


def json_payload(findings: Sequence[Finding], paths: Sequence[str]) -> dict:
    """The JSON report as data, for a command that adds to it (``lint --fix`` lists the fixes made)."""
    findings = collapse(findings)
    return {
        "schema": JSON_SCHEMA,
        "files": list(paths),
        "summary": {"findings": len(findings), **counts(findings)},
        "findings": [f.to_json() for f in findings],
    }


def json_report(findings: Sequence[Finding], paths: Sequence[str]) -> str:
    return json.dumps(json_payload(findings, paths), ensure_ascii=False, indent=2) + "\n"


def render(findings: Sequence[Finding], paths: Sequence[str], fmt: str) -> str:
    if fmt == "json":
        return json_report(findings, paths)
    return text_report(findings)
