"""One error hierarchy. Every error a user can cause carries where it happened.

The CLI prints ``str(error)`` as a single line and exits with status 2, so the
location must be part of the message: ``speech.yaml:41: points[2].subpoints: …``.
Messages are Chinese, for the offices that use speechkit; the location keeps the
``file:line`` form that editors and terminals turn into links.
"""

from __future__ import annotations

from collections.abc import Sequence

PathPart = str | int


def format_path(path: Sequence[PathPart]) -> str:
    """``("points", 2, "subpoints")`` → ``points[2].subpoints``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class SpeechkitError(Exception):
    """Base class: a problem with the user's input, reported as one located line."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        path: Sequence[PathPart] | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.path = tuple(path) if path else ()
        self.row = row
        self.column = column

    def located(self, **where) -> SpeechkitError:
        """Fill in location fields that are still unknown (outer layers know the file)."""
        for key, value in where.items():
            if getattr(self, key, None) in (None, ()) and value is not None:
                setattr(self, key, tuple(value) if key == "path" else value)
        return self

    def __str__(self) -> str:
        head = ""
        if self.file:
            head = self.file
            if self.line:
                head += f":{self.line}"
            head += ": "
        if self.row is not None:
            head += f"表格第 {self.row} 行: "
        if self.column:
            head += f"「{self.column}」列: "
        if self.path:
            head += f"{format_path(self.path)}: "
        return head + self.message


class OutlineError(SpeechkitError):
    """The outline YAML is malformed or does not fit its kind."""


class TemplateError(SpeechkitError):
    """A template is missing, broken, or refers to something the outline lacks."""


class MarkupError(SpeechkitError):
    """Template output is not valid block markup."""


class DocumentError(SpeechkitError):
    """A draft cannot be read (corrupt .docx, binary file, unknown encoding…)."""


class OutputError(SpeechkitError):
    """The output cannot be written (exists without --force, bad suffix…)."""


class TableError(SpeechkitError):
    """A batch table cannot be read, or one of its rows is bad."""


class RuleError(SpeechkitError):
    """A term or rule file is malformed."""


class ConfigError(SpeechkitError):
    """speechkit.yaml is malformed, or a section holds a key its capability does not know."""
