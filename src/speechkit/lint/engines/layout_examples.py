"""What an F rule's example may say (corpora/layout/format.yaml): a starter outline, one change to its
.docx as Word would leave it, and the codes check-format then gives. Filled by ``outline.convert``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass
class PageChange:
    width_mm: float
    height_mm: float


@dataclass
class Margins:
    top: float | None = None  # mm
    bottom: float | None = None
    left: float | None = None
    right: float | None = None


@dataclass
class StyleChange:
    style: str  # a style name of speechkit's output: Normal, 公文标题, 一级标题…
    size_pt: float | None = None
    east_asia: str | None = None  # the Chinese font slot (w:eastAsia)


@dataclass
class Change:
    """One departure from the standard, as a user's Word would leave it (a field left out: unchanged)."""

    page: PageChange | None = None
    margins: Margins | None = None
    style: StyleChange | None = None
    default_east_asia: str | None = None  # the document default's Chinese font; "" removes it
    default_line: int | None = None  # the document default's line spacing, in twips
    footer: Literal["same-on-every-page", "hyphens", "none", "even-centred"] | None = None


@dataclass
class LayoutExample:
    outline: Literal["speech", "decision", "notice", "plan"]  # the starter outline rendered
    change: Change = field(default_factory=Change)
    reports: list[str] = field(default_factory=list)  # every code check-format gives (fail examples)
