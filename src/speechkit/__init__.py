"""speechkit: outlines to GB/T 9704 official documents, and a linter for Chinese official drafts."""

__version__ = "0.1.0"

from .blocks import Block, Document, cn_numeral, parse_markup, print_markup  # noqa: E402
from .build import Outline, build, load_outline, render_file  # noqa: E402
from .docx_io import docx_bytes, read_docx  # noqa: E402
from .errors import (  # noqa: E402
    DocumentError,
    MarkupError,
    OutlineError,
    OutputError,
    RuleError,
    SpeechkitError,
    TableError,
    TemplateError,
)
from .plaintext import to_markdown, to_text  # noqa: E402

__all__ = [
    "Block",
    "Document",
    "DocumentError",
    "MarkupError",
    "Outline",
    "OutlineError",
    "OutputError",
    "RuleError",
    "SpeechkitError",
    "TableError",
    "TemplateError",
    "build",
    "cn_numeral",
    "docx_bytes",
    "load_outline",
    "parse_markup",
    "print_markup",
    "read_docx",
    "render_file",
    "to_markdown",
    "to_text",
]
