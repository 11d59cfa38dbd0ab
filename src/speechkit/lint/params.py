"""The kinds of a rule's parameters (an engine's ``keys`` name them: ``str``, ``terms``, ``regex``…) as
types that :func:`outline.convert` fills, each failing with the message rule files have always given.

Texts are stripped and, when written in traditional characters, stored simplified, so that a rule
file may be written either way.
"""

from __future__ import annotations

import re
from typing import Any

from ..outline import Source
from .simplify import needs_conversion, to_simplified


def _text(value: Any, path: tuple, source: Source) -> str:
    if not isinstance(value, str) or not value.strip():
        raise source.error("应为非空文本", path)
    value = value.strip()
    return to_simplified(value) if needs_conversion(value) else value


class Text(str):
    @staticmethod
    def __convert__(value: Any, path: tuple, source: Source) -> str:
        return _text(value, path, source)


class Texts(list):
    """One text or a list of them."""

    @staticmethod
    def __convert__(value: Any, path: tuple, source: Source) -> list[str]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            raise source.error("应为文本或文本列表", path)
        return [_text(v, path, source) for v in items]


class Terms(dict):
    """A list of terms, or a mapping of each term to its preferred form (None: the rule's ``preferred``)."""

    @staticmethod
    def __convert__(value: Any, path: tuple, source: Source) -> dict[str, str | None]:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            pairs = [(t, None) for t in value]
        elif isinstance(value, dict):
            pairs = list(value.items())
        else:
            raise source.error("应为词语列表，或「词语: 推荐写法」的映射", path)
        terms: dict[str, str | None] = {}
        for term, preferred in pairs:
            term = _text(term, path, source)
            if term in terms:
                raise source.error(f"词语「{term}」重复列出；请删去重复的一项", path)
            terms[term] = None if preferred is None else _text(preferred, path, source)
        return terms


class Flag(int):
    @staticmethod
    def __convert__(value: Any, path: tuple, source: Source) -> bool:
        if not isinstance(value, bool):
            raise source.error("应为 true 或 false", path)
        return value


class Whole(int):
    @staticmethod
    def __convert__(value: Any, path: tuple, source: Source) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise source.error("应为非负整数", path)
        return value


class Year(int):
    @staticmethod
    def __convert__(value: Any, path: tuple, source: Source) -> int:
        value = Whole.__convert__(value, path, source)
        if not 1900 <= value <= 2100:
            raise source.error(f"应为 1900 至 2100 之间的年份，现为 {value}", path)
        return value


class Regex:
    @staticmethod
    def __convert__(value: Any, path: tuple, source: Source) -> re.Pattern[str]:
        return _compile(value, path, source, "{}")


class RegexTail:
    """An expression that must match right up to a position: compiled to end there."""

    @staticmethod
    def __convert__(value: Any, path: tuple, source: Source) -> re.Pattern[str]:
        return _compile(value, path, source, "(?:{})\\Z")


def _compile(value: Any, path: tuple, source: Source, shape: str) -> re.Pattern[str]:
    if not isinstance(value, str) or not value:
        raise source.error("应为正则表达式", path)
    try:
        return re.compile(shape.format(value) if shape != "{}" else value)
    except re.error as exc:
        raise source.error(f"正则表达式有误：{exc}", path) from None


class Data:
    """Structured values (mappings, lists) that the engine's check_params checks."""

    @staticmethod
    def __convert__(value: Any, path: tuple, source: Source) -> Any:
        return value


KINDS: dict[str, type] = {"str": Text, "strings": Texts, "terms": Terms, "bool": Flag, "int": Whole, "year": Year,
                          "regex": Regex, "regex-tail": RegexTail, "data": Data}
