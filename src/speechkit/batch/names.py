"""File names made from table values: safe on Windows, macOS and Linux, and never a path.

A department called ``财务/审计处`` or a title with a colon must still give one file inside the
output folder. Characters Windows reserves become their full-width forms (readable, and legal
everywhere); control and bidirectional-override characters are dropped; names Windows keeps for
devices get a leading underscore; length is bounded in characters and in UTF-8 bytes (ext4 allows
255 bytes, and the temporary name used for the atomic write adds a few).
"""

from __future__ import annotations

import re
import unicodedata

SUFFIX = ".docx"
MAX_CHARS = 80
MAX_BYTES = 180  # UTF-8; leaves room for the suffix and the temporary name's prefix and random part

# Windows reserves these; the full-width forms read the same in Chinese text.
_FULL_WIDTH = str.maketrans({"\\": "＼", "/": "／", ":": "：", "*": "＊", "?": "？", '"': "＂", "<": "＜",
                             ">": "＞", "|": "｜"})
# C0/C1 controls, DEL, line and paragraph separators, bidi overrides and isolates (they can make
# "cod.exe" display as "exe.doc"), and noncharacters.
_DROP = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")
_SPACE = re.compile(r"[\s\u3000]+")
_DOTS = re.compile(r"\.{2,}")
_ENDS = re.compile(r"^[ .]+|[ .]+$")
_WINDOWS_DEVICES = re.compile(r"(?i)(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(?:\..*)?")


def sanitise(name: str) -> str:
    """A safe file name (with ``.docx``) from a rendered pattern; ValueError when nothing is left."""
    stem = unicodedata.normalize("NFC", name)
    if stem.lower().endswith(SUFFIX):
        stem = stem[: -len(SUFFIX)]
    stem = _SPACE.sub(" ", stem.translate(_FULL_WIDTH))  # a line break in a cell becomes a space
    stem = _DROP.sub("", stem)
    stem = _DOTS.sub(".", stem)
    stem = _trim(stem)
    if len(stem) > MAX_CHARS:
        stem = _trim(stem[:MAX_CHARS])
    while len(stem.encode("utf-8")) > MAX_BYTES:
        stem = _trim(stem[:-1])
    if not stem:
        raise ValueError(f"文件名去掉不可用的字符后为空（原为「{_escaped(name)}」）；请修改 --name 或该列的值")
    if _WINDOWS_DEVICES.fullmatch(stem):
        stem = "_" + stem
    return stem + SUFFIX


def _escaped(text: str) -> str:
    """``text`` with what cannot be seen (control, format, separator characters) written as ``\\x01``, ``\\u202e``."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _trim(stem: str) -> str:
    # Windows drops trailing dots and spaces; a leading dot hides the file on Unix.
    return _ENDS.sub("", stem)


def clash_key(name: str) -> str:
    """Names that one file system or another would treat as the same file compare equal."""
    return unicodedata.normalize("NFC", name).casefold()
