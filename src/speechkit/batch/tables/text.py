"""The encoding of a text table (CSV, YAML, JSON): UTF-8 with or without a BOM, UTF-16 with a BOM,
or GB18030 as Excel and WPS save them on Chinese Windows.

The whole file is checked before the first row is handed out, so a table is never half read and
then found to be in another encoding. Which encoding it is, and whether GB18030 text reads as
Chinese rather than as byte soup GB18030 happened to accept (Shift-JIS, for instance), is the one
judgement every draft gets (:func:`speechkit.drafts.decode_text`), made on a sample: the start of
the file, or the text around its first byte that is not UTF-8.
"""

from __future__ import annotations

import codecs

from ...drafts import decode_text
from ...errors import DocumentError, TableError

_SAMPLE = 256 * 1024
_CHUNK = 1024 * 1024


def detect_encoding(path: str) -> str:
    """The encoding of a text table, after checking that every byte of it decodes."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_SAMPLE)
    except OSError as exc:
        raise TableError(f"无法读取：{exc.strerror}", file=path) from None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"  # a BOM says it all (and a newline byte could split a UTF-16 unit)
    else:
        if len(head) == _SAMPLE and b"\n" in head:
            head = head[: head.rindex(b"\n") + 1]  # never cut a character in two
        try:
            _, encoding = decode_text(head, path)
        except DocumentError as exc:
            raise TableError(exc.message, file=path) from None
    if encoding == "utf-8":
        bad = _first_invalid(path, "utf-8")
        if bad is None:
            return "utf-8"
        if not head.isascii():
            raise _encoding_error(path, "utf-8", bad)
        # An ASCII start says nothing; judge by the text around the first non-UTF-8 byte.
        encoding = _judge_around(path, bad[0])
    bad = _first_invalid(path, encoding)
    if bad is not None:
        raise _encoding_error(path, encoding, bad)
    return encoding


def _first_invalid(path: str, encoding: str) -> tuple[int, int] | None:
    """(byte offset, line) of the first undecodable byte, or None when the whole file decodes."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset, lines = 0, 1
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(_CHUNK)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                start = max(0, min(exc.start, len(chunk)))
                return offset + start, lines + chunk[:start].count(b"\n")
            if not chunk:
                return None
            offset += len(chunk)
            lines += chunk.count(b"\n")


def _judge_around(path: str, offset: int) -> str:
    with open(path, "rb") as fh:
        fh.seek(max(0, offset - _SAMPLE // 2))
        data = fh.read(_SAMPLE)
    start = data.find(b"\n") + 1 if offset > _SAMPLE // 2 else 0
    end = data.rfind(b"\n") + 1 or len(data)
    try:
        _, encoding = decode_text(data[start:end], path)
    except DocumentError as exc:
        raise TableError(exc.message, file=path, line=exc.line) from None
    return encoding


def _encoding_error(path: str, encoding: str, bad: tuple[int, int]) -> TableError:
    name = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "gb18030": "GB18030"}.get(encoding, encoding)
    return TableError(f"第 {bad[0] + 1} 字节不是有效的 {name} 文本；请将表格另存为 UTF-8 或 GB18030"
                      "（混用多种编码的文件无法读取）", file=path, line=bad[1])
