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
        raise source.error("expected non-empty text", path)
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
            raise source.error("expected text or a list of texts", path)
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
            raise source.error("expected a list of terms, or a mapping of term to preferred form", path)
        terms: dict[str, str | None] = {}
        for term, preferred in pairs:
            term = _text(term, path, source)
            if term in terms:
                raise source.error(f"term {term!r} is listed twice", path)
            terms[term] = None if preferred is None else _text(preferred, path, source)
        return terms


class Flag(int):
    @staticmethod
    def __convert__(value: Any, path: tuple, source: Source) -> bool:
        if not isinstance(value, bool):
            raise source.error("expected true or false", path)
        return value


class Whole(int):
    @staticmethod
    def __convert__(value: Any, path: tuple, source: Source) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise source.error("expected a whole number", path)
        return value


class Year(int):
    @staticmethod
    def __convert__(value: Any, path: tuple, source: Source) -> int:
        value = Whole.__convert__(value, path, source)
        if not 1900 <= value <= 2100:
            raise source.error(f"expected a year, got {value}", path)
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
        raise source.error("expected a regular expression", path)
    try:
        return re.compile(shape.format(value) if shape != "{}" else value)
    except re.error as exc:
        raise source.error(f"bad regular expression: {exc}", path) from None


class Data:
    """Structured values (mappings, lists) that the engine's check_params checks."""

    @staticmethod
    def __convert__(value: Any, path: tuple, source: Source) -> Any:
        return value


KINDS: dict[str, type] = {"str": Text, "strings": Texts, "terms": Terms, "bool": Flag, "int": Whole, "year": Year,
                          "regex": Regex, "regex-tail": RegexTail, "data": Data}
