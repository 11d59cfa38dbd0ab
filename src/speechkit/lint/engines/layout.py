"""The ``layout`` engine: the F rules of ``speechkit check-format`` (corpora/layout/format.yaml).

They stand in the registry beside the text rules so that ``speechkit rules`` lists and explains them,
but what they judge is a .docx's page setup and formatting, which a draft read as text does not
have: layout/checkformat.py checks them. Their examples are therefore not texts but described
changes to a speechkit-rendered starter outline (:class:`LayoutExample`, checked as typed data by
``outline.convert``), which layout/examples.py builds and checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Literal

from .base import Engine

if TYPE_CHECKING:
    from ..draft import Draft
    from ..findings import Finding
    from ..rules import Rule


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


class LayoutEngine(Engine):
    names = ("layout",)
    keys: ClassVar = {"layout": {}}
    example_type = LayoutExample
    builtin_only = True

    @classmethod
    def summary(cls, rule: Rule, limit: int | None = None) -> str:
        return rule.message

    def run(self, draft: Draft) -> Iterator[Finding]:
        return iter(())  # text has no page; check-format judges the .docx
