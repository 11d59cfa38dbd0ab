"""Traditional → simplified script for matching, with every position kept where it was.

Term rules are written in simplified script and matched against simplified text, so a draft in
traditional script is converted first (OpenCC ``t2s``). Findings must point into the original text,
so the conversion has to keep offsets: OpenCC 1.4's t2s tables map every phrase to one of the same
length, and we verify that on every call. Where it does not hold (a future table, or characters the
binding cannot pass, such as lone surrogates), the text is converted one character at a time and a
character whose conversion is not a single character is kept as it was.
"""

from __future__ import annotations

from functools import lru_cache


def needs_conversion(text: str) -> bool:
    """False for text that GB2312 can encode: plain simplified text, which t2s would leave alone."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def _convert(text: str, config: str) -> str | None:
    try:
        return _converter(config).convert(text)
    except (UnicodeError, ValueError, RuntimeError):
        return None


def to_simplified(text: str) -> str:
    """``text`` in simplified script, of exactly the same length, position for position."""
    if not needs_conversion(text):
        return text
    converted = _convert(text, "t2s")
    if converted is not None and len(converted) == len(text):
        return converted
    return "".join(_one(ch) for ch in text)


def _one(ch: str) -> str:
    converted = _convert(ch, "t2s")
    return converted if converted is not None and len(converted) == 1 else ch


def to_traditional(text: str) -> str:
    """A simplified replacement written back in traditional script (for fixes in traditional drafts)."""
    converted = _convert(text, "s2t")
    return converted if converted is not None else text
