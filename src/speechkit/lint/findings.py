"""What a rule reports: a located finding, with an optional fix.

Positions are given twice. ``line``/``column``/``end_line``/``end_column`` are for people and
editors: 1-based lines of the source file (paragraph numbers for .docx), 1-based columns counted
in characters, ``end_column`` one past the last character. ``block``/``start``/``end`` are for
programs that edit the draft (``--fix``, Word comments): the index of the block in the Document
read from the file, and the character offsets of the match in that block's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("error", "warn", "info")


@dataclass(frozen=True)
class Fix:
    """Replace the finding's span with ``replacement``. Safe fixes may be applied without review."""

    replacement: str
    safe: bool = False

    def to_json(self) -> dict:
        return {"replacement": self.replacement, "safe": self.safe}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    severity: str
    message: str
    match: str
    fix: Fix | None = None
    block: int | None = None
    start: int = 0
    end: int = 0
    detail: tuple = field(default=(), compare=False)  # per-paragraph detail a summary finding stands for
    # Findings of one rule in one file that carry the same ``summary`` are reported as one finding with
    # this message and the findings as its ``detail`` (report.collapse): a wholly traditional draft.
    summary: str = field(default="", compare=False)

    @property
    def replacement(self) -> str:
        """The fix's text, for code that has already kept only the findings with a fix."""
        if self.fix is None:
            raise ValueError(f"{self.code} at {self.line}:{self.column} has no fix")
        return self.fix.replacement

    @property
    def index(self) -> int:
        """The block of the Document this finding sits in, for code that edits the Document."""
        if self.block is None:
            raise ValueError(f"{self.code} at {self.line}:{self.column} is not located in a block")
        return self.block

    @property
    def sort_key(self) -> tuple:
        return (self.line, self.column, self.end_line, self.end_column, self.code, self.message)

    def to_json(self) -> dict:
        out = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "match": self.match,
            "fix": self.fix.to_json() if self.fix else None,
            "block": self.block,
            "start": self.start,
            "end": self.end,
        }
        if self.detail:
            out["detail"] = [d.to_json() for d in self.detail]
        return out
