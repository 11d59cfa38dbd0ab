"""The ``layout`` engine: the F rules of ``speechkit check-format`` (corpora/layout/format.yaml).

They stand in the registry beside the text rules so that ``speechkit rules`` lists and explains them,
but what they judge is a .docx's page setup and formatting, which a draft read as text does not
have: layout/checkformat.py checks them. Their examples are therefore not texts but described
changes to a speechkit-rendered starter outline (:mod:`.layout_examples`, checked as typed data by
``outline.convert``), which layout/examples.py builds and checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from .base import Engine

if TYPE_CHECKING:
    from ..draft import Draft
    from ..findings import Finding
    from ..rules import Rule


class LayoutEngine(Engine):
    names = ("layout",)
    keys: ClassVar = {"layout": {}}
    builtin_only = True

    @classmethod
    def example_type(cls) -> type:
        from .layout_examples import LayoutExample  # only the F rules' loading needs it

        return LayoutExample

    @classmethod
    def summary(cls, rule: Rule, limit: int | None = None) -> str:
        return rule.message

    def run(self, draft: Draft) -> Iterator[Finding]:
        return iter(())  # text has no page; check-format judges the .docx
