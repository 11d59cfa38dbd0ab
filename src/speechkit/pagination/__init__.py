"""A pagination model: where LibreOffice will put each block of a .docx, without running it.

``paginate(docx)`` reads a .docx (a path, its bytes, or a python-docx Document) and predicts the line
count of every paragraph, the page and line on which every block (paragraph or table) starts, and
where the document ends. Findings behind each rule: docs/pagination.md.
"""

from __future__ import annotations

from typing import Any

from .docx_model import DocxModel
from .flow import Pages, Placed, paginate_model
from .reading import read_docx

__all__ = ["DocxModel", "Pages", "Placed", "paginate", "read_docx"]


def paginate(docx: Any) -> Pages:
    """Predicted pages of a .docx: per block (index, kind, first_page, first_line, lines) and the end."""
    return paginate_model(read_docx(docx))
