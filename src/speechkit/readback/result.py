"""What read-back gives: the outline data of a kind, the notes, and the draft's paragraphs behind them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PathPart
from .dump import dump_yaml
from .model import Note, Para, marker


@dataclass
class Extraction:
    kind: str
    data: dict[str, Any]  # plain outline data: dicts, lists, text, numbers, dates, in writing order
    notes: list[Note]
    guess: str | None = None  # why this kind, when it was guessed rather than given
    paras: list[Para] = field(default_factory=list, repr=False, compare=False)  # the draft's, before repairs

    def to_yaml(self, source: str | None = None) -> str:
        """The outline as YAML text, headed by comments that repeat the notes."""
        name = source_label(source) if source == "-" else Path(source).name if source else "文稿"
        head = [f"# 由 `speechkit outline` 从 {name} 读出的提纲（kind: {self.kind}"
                + (f"，推断依据：{self.guess}）。" if self.guess else "）。")]
        if self.notes:
            head.append("# 请核对以下各处（行号为原稿的行号）：")
            head += [f"#   {f'第 {n.line} 行' if n.line else '全文'}：{n.message}" for n in self.notes]
        return "\n".join(head) + "\n" + dump_yaml(self.data)

    def line_of(self, path: tuple[PathPart, ...]) -> int | None:
        """The draft line the outline field at ``path`` was read from, found by its text; None if unknown.

        The reader does not track where each value came from, but every text it places is the draft's
        own (markers and joins aside), so the first draft paragraph holding the field's first text is it.
        """
        node: Any = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        for text in _texts(node):
            m = marker(text)
            rest = m.rest if m else text  # a bad field may be a bad marker on the draft's text
            for probe in (text, rest, text[:12], rest[:12]):
                hit = next((p.line for p in self.paras if probe in p.text), None) if len(probe) >= 4 else None
                if hit is not None:
                    return hit
        return None


def _texts(node: Any) -> list[str]:
    """The text leaves of outline data, in writing order."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        node = list(node.values())
    if isinstance(node, list):
        return [text for item in node for text in _texts(item)]
    return []


def source_label(path: str | Path | None) -> str | None:
    """How a draft is named in messages: ``-`` is standard input."""
    return "<stdin>" if str(path) == "-" else (str(path) if path is not None else None)
