"""The kinds read-back can read, in one static table: kind → (guess function, read function)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .decision import guess_decision, read_decision
from .model import Draft
from .notice import guess_notice, read_notice
from .plan import guess_plan, read_plan
from .speech import guess_speech, read_speech


@dataclass(frozen=True)
class KindReader:
    kind: str
    guess: Callable[[Draft], tuple[int, str]]  # (score, reason); 0 means "does not look like this kind"
    read: Callable[[Draft], dict[str, Any]]  # paragraphs → outline data, keys in writing order


READERS: dict[str, KindReader] = {reader.kind: reader for reader in (
    KindReader("speech", guess_speech, read_speech),
    KindReader("plan", guess_plan, read_plan),
    KindReader("notice", guess_notice, read_notice),
    KindReader("decision", guess_decision, read_decision),
)}


def guess_kind(draft: Draft) -> tuple[str, str]:
    """(kind, reason): the best-scoring reader; a speech when nothing marks the draft."""
    scored = sorted(((reader.guess(draft), name) for name, reader in READERS.items()),
                    key=lambda item: (-item[0][0], item[1]))
    (score, reason), name = scored[0]
    if score <= 0:
        return "speech", "看不出文种，按 speech 读取"
    return name, reason
