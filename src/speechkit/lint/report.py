"""Reporters: one line per finding for people and editors, and a documented JSON schema for programs."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .findings import SEVERITIES, Finding

JSON_SCHEMA = "speechkit-lint/1"
FORMATS = ("text", "json")


def text_report(findings: Sequence[Finding]) -> str:
    """``path:line:col: CODE message [name]``, one per line."""
    return "".join(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message} [{f.name}]\n" for f in findings)


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    out = {severity: 0 for severity in SEVERITIES}
    for f in findings:
        out[f.severity] = out.get(f.severity, 0) + 1
    return out


def summary_line(findings: Sequence[Finding], files: int) -> str:
    """``3 findings (1 error, 2 warn, 0 info) in 2 files`` – for stderr, so stdout stays parseable."""
    c = counts(findings)
    noun = "finding" if len(findings) == 1 else "findings"
    where = "file" if files == 1 else "files"
    detail = ", ".join(f"{c[s]} {s}" for s in SEVERITIES)
    return f"{len(findings)} {noun} ({detail}) in {files} {where}"


def json_report(findings: Sequence[Finding], paths: Sequence[str]) -> str:
    payload = {
        "schema": JSON_SCHEMA,
        "files": list(paths),
        "summary": {"findings": len(findings), **counts(findings)},
        "findings": [f.to_json() for f in findings],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def render(findings: Sequence[Finding], paths: Sequence[str], fmt: str) -> str:
    if fmt == "json":
        return json_report(findings, paths)
    return text_report(findings)
