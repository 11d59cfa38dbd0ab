"""The document kinds: their outline models and structure rules.

A kind is a dataclass (the outline's fields; names are the public YAML format) with hooks:
``check(source)`` applies structure rules that types cannot express, ``context()`` gives the
template its variables, and ``document_info()`` gives the title, author, date and layout the writer
puts into the package. Templates live in ``templates/<kind>/``; a kind with a template but no model
here (a user's own) takes its outline as free-form data. One module per kind; the 公文 frame that
decisions and notices share is in :mod:`.gongwen`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from ..lazy import lazy_attributes
from .common import cn_count

# Each kind's module is imported when first used: a batch of notices does not load the speech model.
_EXPORTS = {
    "Award": "decision", "Decision": "decision", "Person": "decision", "grant_sentence": "decision",
    "Attachment": "gongwen", "DocNumber": "gongwen", "Gongwen": "gongwen", "Imprint": "gongwen",
    "doc_number": "gongwen",
    "Item": "notice", "Notice": "notice", "Subitem": "notice",
    "Measure": "plan", "Plan": "plan", "PlanHeadings": "plan", "Step": "plan", "Task": "plan",
    "date_range": "plan", "duty_note": "plan",
    "Point": "speech", "Speech": "speech", "SpeechOptions": "speech", "Subpoint": "speech",
}
__getattr__ = lazy_attributes(__name__, _EXPORTS, globals())


class _Models(Mapping):
    """kind name → model class, the class imported on first lookup."""

    _CLASSES = {"speech": "Speech", "plan": "Plan", "decision": "Decision", "notice": "Notice"}

    def __getitem__(self, kind: str) -> type:
        name = self._CLASSES[kind]
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._CLASSES)

    def __len__(self) -> int:
        return len(self._CLASSES)


MODELS: Mapping[str, type] = _Models()

__all__ = [
    "MODELS",
    "Attachment",
    "Award",
    "Decision",
    "DocNumber",
    "Gongwen",
    "Imprint",
    "Item",
    "Measure",
    "Notice",
    "Person",
    "Plan",
    "PlanHeadings",
    "Point",
    "Speech",
    "SpeechOptions",
    "Step",
    "Subitem",
    "Subpoint",
    "Task",
    "cn_count",
    "date_range",
    "doc_number",
    "duty_note",
    "grant_sentence",
]
