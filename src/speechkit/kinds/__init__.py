"""The document kinds: their outline models and structure rules.

A kind is a dataclass (the outline's fields; names are the public YAML format) with hooks:
``check(source)`` applies structure rules that types cannot express, ``context()`` gives the
template its variables, and ``document_info()`` gives the title, author, date and layout the writer
puts into the package. Templates live in ``templates/<kind>/``; a kind with a template but no model
here (a user's own) takes its outline as free-form data. One module per kind; the 公文 frame that
decisions and notices share is in :mod:`.gongwen`.
"""

from __future__ import annotations

from .common import cn_count
from .decision import Award, Decision, Person, grant_sentence
from .gongwen import Attachment, DocNumber, Gongwen, Imprint, doc_number
from .notice import Item, Notice, Subitem
from .plan import Measure, Plan, PlanHeadings, Step, Task, date_range, duty_note
from .speech import Point, Speech, SpeechOptions, Subpoint

MODELS: dict[str, type] = {"speech": Speech, "plan": Plan, "decision": Decision, "notice": Notice}

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
