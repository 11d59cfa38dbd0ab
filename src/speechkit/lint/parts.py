"""Which part of a document each block is: 标题, 主送, 正文, 附件说明, 成文日期, 附注, 抄送, 印发…

Rules about the 公文 frame (GB/T 9704 §7) apply to one part only: 成文日期 rules to the date line,
the 抄送 rule to the 抄送 line, level markers to body paragraphs. The parts are recognised by
:mod:`speechkit.frame` (shared with read-back); this module computes them once per draft.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..frame import HEAD_SCAN, PARTS, SENTENCE_MARKS, parts

if TYPE_CHECKING:
    from .draft import Draft

ROLES = PARTS  # the part names a rule's ``roles:`` may list


def roles(draft: Draft) -> list[str]:
    """The part of each linted block (``draft.texts[i]``), cached on the draft."""
    cached = draft.cache.get("roles")
    if cached is None:
        kinds = [_kind(draft, i) for i in range(len(draft.texts))]
        cached = draft.cache["roles"] = parts(draft.texts, kinds, title_like)
    return cached


def _kind(draft: Draft, i: int) -> str:
    return draft.document.blocks[draft.indices[i]].kind


def title_like(text: str) -> bool:
    from .zones import zone_pattern

    return len(text) <= 60 and not SENTENCE_MARKS.intersection(text) and not zone_pattern("marker").match(text)


def looks_like_speech(draft: Draft, title: re.Pattern[str], salutation: re.Pattern[str]) -> bool:
    """A speech: the reader saw speech parts, or the head has a speech title or a salutation."""
    found = roles(draft)
    for i in range(min(len(found), HEAD_SCAN + 2)):
        kind = _kind(draft, i)
        if kind in ("salutation", "byline", "dateline") or found[i] == "dateline":
            return True
        text = draft.texts[i]
        if found[i] == "title" and title.search(text):
            return True
        if found[i] == "salutation" and salutation.search(text):
            return True
    return False
