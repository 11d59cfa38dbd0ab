"""Inputs too large, too deep or too binary to write into a case file: each a function of the case's args.

A case names one with ``generate: NAME`` and passes ``args``; the function returns the bytes of the file.
"""

from __future__ import annotations

import io
import random
import zipfile

# A valid speech outline, the base that one field at a time is spoiled from.
SPEECH = """kind: speech
title: 关于做好安全生产工作的讲话
speaker: 局长　王明
date: 2026-03-16
occasion: 全局安全生产工作会议
opening:
  - 今天召开会议，部署今年的安全生产工作。
points:
{points}
closing:
  - 同志们，让我们扎实工作，确保全年安全形势稳定。
"""

_POINT = """  - heading: 第{n}方面的工作要求
    subpoints:
      - {{lead: 要抓好第一项。, body: 各单位要认真落实。}}
      - {{lead: 要抓好第二项。, body: 各单位要认真落实。}}
      - {{lead: 要抓好第三项。, body: 各单位要认真落实。}}
      - {{lead: 要抓好第四项。, body: 各单位要认真落实。}}
"""


def speech(**fields: str) -> str:
    """The base speech with ``field: value`` lines replaced (values are YAML as written)."""
    text = SPEECH.format(points="".join(_POINT.format(n=n) for n in "一二三"))
    for key, value in fields.items():
        lines = text.splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.startswith(f"{key}:"):
                lines[i] = f"{key}: {value}\n"
        text = "".join(lines)
    return text


def speech_with(field: str, value: str, repeat: int = 1) -> bytes:
    return speech(**{field: value * repeat}).encode("utf-8")


def nested_yaml(depth: int, style: str = "flow") -> bytes:
    if style == "flow":
        body = "[" * depth + "]" * depth
    else:
        body = "".join(f"{'  ' * i}- \n" for i in range(depth))
    return f"kind: speech\ntitle: {body}\n".encode()


def random_bytes(size: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(size)


def repeated(text: str, count: int, encoding: str = "utf-8") -> bytes:
    return (text * count).encode(encoding)


def encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding)


def _xlsx(sheet: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .xlsx whose first sheet is ``sheet`` (raw XML, so that it may be hostile)."""
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        b'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        b'</Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
        **(extra or {}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


_SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?>{doctype}<worksheet xmlns="http://schemas.openxmlformats.org/'
               b'spreadsheetml/2006/main"><sheetData>')


def _cell(ref: str, text: bytes) -> bytes:
    return b'<c r="' + ref.encode() + b'" t="inlineStr"><is><t>' + text + b"</t></is></c>"


def xlsx_sheet(kind: str) -> bytes:
    head = _SHEET_HEAD.replace(b"{doctype}", b"")
    rows = (b'<row r="1">' + _cell("A1", "部门".encode()) + b'</row><row r="2">' + _cell("A2", b"{value}")
            + b"</row>")
    tail = b"</sheetData></worksheet>"
    if kind == "xxe":
        doctype = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        sheet = _SHEET_HEAD.replace(b"{doctype}", doctype) + rows.replace(b"{value}", b"&e;") + tail
    elif kind == "laughs":
        entities = b'<!ENTITY a0 "ha">' + b"".join(
            b"<!ENTITY a%d \"" % i + b"&a%d;" % (i - 1) * 10 + b'">' for i in range(1, 10))
        sheet = _SHEET_HEAD.replace(b"{doctype}", b"<!DOCTYPE x [" + entities + b"]>") + rows.replace(
            b"{value}", b"&a9;") + tail
    elif kind == "truncated":
        whole = head + rows.replace(b"{value}", "市教育局".encode()) + tail
        sheet = whole[: len(whole) // 2]
    elif kind == "huge":
        big = b"x" * (300 * 1024 * 1024)
        filled = rows.replace(b"{value}", "市教育局".encode())
        sheet = head + filled + b'<row r="3">' + _cell("Z3", big) + b"</row>" + tail
    else:
        raise ValueError(kind)
    return _xlsx(sheet)


def zip_of(name: str, data: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, data)
    return out.getvalue()


def nested_block(depth: int) -> bytes:
    """``title:`` holding block-style lists nested ``depth`` deep, one ``-`` a line."""
    body = "".join(f"{'  ' * (i + 1)}-\n" for i in range(depth))
    return f"kind: speech\ntitle:\n{body}".encode()
