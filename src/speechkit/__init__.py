"""speechkit: outlines to GB/T 9704 official documents, and a linter for Chinese official drafts."""

__version__ = "0.1.0"

from .batch import BatchOptions, BatchResult, run_batch  # noqa: E402
from .blocks import Block, Document, cn_numeral, parse_markup, print_markup  # noqa: E402
from .build import Outline, build, load_outline, render_file  # noqa: E402
from .checkformat import check_format  # noqa: E402
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
from .extract import Extraction, extract_file, extract_outline  # noqa: E402
from .kinds import MODELS, date_range, doc_number  # noqa: E402
from .lint import Finding, lint, lint_text  # noqa: E402
from .pdf import docx_to_pdf  # noqa: E402
from .plaintext import to_markdown, to_text  # noqa: E402
from .tables import open_table  # noqa: E402
from .template_catalog import KindInfo, list_kinds  # noqa: E402

__all__ = [
    "BatchOptions",
    "BatchResult",
    "Block",
    "Document",
    "DocumentError",
    "Extraction",
    "Finding",
    "KindInfo",
    "MODELS",
    "MarkupError",
    "Outline",
    "OutlineError",
    "OutputError",
    "RuleError",
    "SpeechkitError",
    "TableError",
    "TemplateError",
    "build",
    "check_format",
    "cn_numeral",
    "date_range",
    "doc_number",
    "docx_bytes",
    "docx_to_pdf",
    "extract_file",
    "extract_outline",
    "lint",
    "lint_text",
    "list_kinds",
    "load_outline",
    "open_table",
    "parse_markup",
    "print_markup",
    "read_docx",
    "render_file",
    "run_batch",
    "to_markdown",
    "to_text",
]
