"""speechkit: outlines to GB/T 9704 official documents, and a linter for Chinese official drafts.

The public API is listed in ``__all__``. Names load on first use, so a one-shot ``speechkit lint``
does not pay for Jinja and the batch machinery, nor ``speechkit render`` for jieba and OpenCC.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy import lazy_attributes
from .version import __version__ as __version__

_EXPORTS = {
    # building
    "Outline": "render.build", "build": "render.build", "load_outline": "render.build", "render_file": "render.build",
    "Block": "blocks", "Document": "blocks", "cn_numeral": "blocks", "parse_markup": "blocks",
    "print_markup": "blocks",
    "MODELS": "kinds", "date_range": "kinds", "doc_number": "kinds",
    "KindInfo": "render.catalog", "list_kinds": "render.catalog",
    "docx_bytes": "docx_io", "read_docx": "docx_io",
    "to_markdown": "render.plaintext", "to_text": "render.plaintext",
    "docx_to_pdf": "soffice",
    # batch
    "BatchOptions": "batch", "BatchResult": "batch", "run_batch": "batch", "open_table": "batch",
    # reading and checking drafts
    "read_document": "drafts",
    "Extraction": "readback", "extract_file": "readback", "extract_outline": "readback",
    "Finding": "lint", "lint": "lint", "lint_text": "lint",
    "check_format": "layout.checkformat",
    # errors
    "SpeechkitError": "errors", "OutlineError": "errors", "TemplateError": "errors", "MarkupError": "errors",
    "DocumentError": "errors", "OutputError": "errors", "TableError": "errors", "RuleError": "errors",
    "ConfigError": "errors",
}
__all__ = sorted(_EXPORTS)


# Two public functions share their name with the module that defines them. Bind them now: once a
# submodule is imported Python sets ``speechkit.render.build`` / ``speechkit.lint`` to the module, and the
# lazy lookup below is never asked again.
from .lint import lint  # noqa: E402
from .render.build import build  # noqa: E402

__getattr__ = lazy_attributes(__name__, _EXPORTS, globals())


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


if TYPE_CHECKING:  # what type checkers and editors see
    from .batch import BatchOptions, BatchResult, open_table, run_batch  # noqa: F401
    from .blocks import Block, Document, cn_numeral, parse_markup, print_markup  # noqa: F401
    from .docx_io import docx_bytes, read_docx  # noqa: F401
    from .drafts import read_document  # noqa: F401
    from .errors import (  # noqa: F401
        ConfigError,
        DocumentError,
        MarkupError,
        OutlineError,
        OutputError,
        RuleError,
        SpeechkitError,
        TableError,
        TemplateError,
    )
    from .kinds import MODELS, date_range, doc_number  # noqa: F401
    from .layout.checkformat import check_format  # noqa: F401
    from .lint import Finding, lint, lint_text  # noqa: F401
    from .readback import Extraction, extract_file, extract_outline  # noqa: F401
    from .render.build import Outline, build, load_outline, render_file  # noqa: F401
    from .render.catalog import KindInfo, list_kinds  # noqa: F401
    from .render.plaintext import to_markdown, to_text  # noqa: F401
    from .soffice import docx_to_pdf  # noqa: F401
