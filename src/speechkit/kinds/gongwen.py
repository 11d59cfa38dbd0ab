"""The 公文 frame shared by decisions and notices (GB/T 9704 §7): 版头, 主送, 署名, 成文日期, 版记.

The frame's fields are flat in the outline (organ, doc_number, addressee, date, cc…) so that a
batch table can fill any of them from a column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..outline import Paragraphs, Source
from .common import check_range_marks, raw_value

# A 机关代字 is text such as 清应急发 or 国办函: the year, the brackets and the serial are added here.
_CODE_FORBIDDEN = re.compile(r"[\d０-９〔〕\[\]［］()（）【】{}<>《》\s　第号]")
_TRAILING_PUNCT = "，、。；：:,.;"


def doc_number(code: str, year: int, serial: int) -> str:
    """发文字号 per GB/T 9704 §7.2.5: 机关代字 + year in full inside 〔〕 + serial without 第 or zeros + 号.

    >>> doc_number("清应急发", 2026, 12)
    '清应急发〔2026〕12号'
    """
    check_code(code)
    check_year(year)
    if isinstance(serial, bool) or not isinstance(serial, int) or serial < 1:
        raise ValueError(f"the serial is a whole number ≥ 1, found {serial!r}")
    return f"{code}〔{year}〕{serial}号"


def check_code(code: str) -> None:
    if not code:
        raise ValueError("the organ code (机关代字) is empty")
    bad = _CODE_FORBIDDEN.search(code)
    if bad:
        what = "a space" if bad.group().isspace() else repr(bad.group())
        raise ValueError(f"the organ code (机关代字) is text such as 清应急发; it may not contain {what} "
                         "(the year, 〔〕 and the serial are added for you)")


def check_year(year: int) -> None:
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2099:
        raise ValueError(f"the year is written in full, such as 2026, found {year!r}")


@dataclass
class DocNumber:
    """发文字号 as its three parts; the outline never spells the brackets."""

    code: str  # 机关代字: 清应急发
    serial: int  # 发文顺序号: 12
    year: int | None = None  # defaults to the year of the 成文日期

    @property
    def text(self) -> str:
        if self.year is None:
            raise ValueError("the year of the document number is not known yet")
        return doc_number(self.code, self.year, self.serial)

    def check(self, source: Source, path: tuple, date: dt.date) -> None:
        try:
            check_code(self.code)
        except ValueError as exc:
            raise source.error(str(exc), (*path, "code")) from None
        raw = raw_value(source, (*path, "year"))
        if raw is not None:
            if not re.fullmatch(r"\d{4}", str(raw).strip()):
                raise source.error(f"the year is written in full, such as {date.year}, found {raw!r}",
                                   (*path, "year"))
            try:
                check_year(self.year or 0)  # converted from the raw value just checked
            except ValueError as exc:
                raise source.error(str(exc), (*path, "year")) from None
        else:
            self.year = date.year
        raw = str(raw_value(source, (*path, "serial")) or "").strip()
        if raw.startswith("0"):
            raise source.error(f"the serial has no leading zeros: write {int(raw)} (GB/T 9704 §7.2.5)",
                               (*path, "serial"))


@dataclass
class Imprint:
    """印发机关和印发日期, the last line of the 版记."""

    organ: str | None = None  # defaults to the issuing organ
    date: dt.date | None = None  # defaults to the 成文日期


@dataclass
class Attachment:
    """An attachment: its name goes into the 附件说明; with content it also gets its own 附件 page."""

    title: str
    content: Paragraphs = Paragraphs()


@dataclass(kw_only=True)
class Gongwen:
    """Fields every 公文 kind shares, in the order they appear on the page."""

    kind: str
    organ: str  # 发文机关全称
    doc_number: DocNumber
    title: str
    addressee: str  # 主送机关; the full-width colon is added
    date: dt.date  # 成文日期
    organ_mark: str | None = None  # 发文机关标志; defaults to organ + 文件
    signature: str | None = None  # 发文机关署名; defaults to organ
    sealed: bool = True  # 加盖印章: decides where 署名 and 成文日期 sit (§7.3.5)
    note: str | None = None  # 附注, printed in round brackets
    cc: list[str] = field(default_factory=list)  # 抄送机关
    imprint: Imprint = field(default_factory=Imprint)
    # Paragraphs `speechkit outline` could not place; not printed, they wait for a person to move them.
    unplaced: Paragraphs = Paragraphs()

    def check_frame(self, source: Source) -> None:
        self.doc_number.check(source, ("doc_number",), self.date)
        self.addressee = self.addressee.rstrip("：")
        if self.addressee[-1:] in _TRAILING_PUNCT:
            raise source.error(f"the 主送 ends with {self.addressee[-1]!r}; write the organs and let "
                               "speechkit add the full-width colon", ("addressee",))
        for i, organ in enumerate(self.cc):
            if not organ:
                raise source.error("an empty entry", ("cc", i))
            if organ[-1] in _TRAILING_PUNCT:
                raise source.error(f"ends with {organ[-1]!r}; the separators and the final 。 are added",
                                   ("cc", i))
        if self.note:
            self.note = self.note.removeprefix("（").removesuffix("）").strip()
        if self.imprint.date and self.imprint.date < self.date:
            raise source.error(f"the 印发日期 {self.imprint.date.isoformat()} is before the 成文日期 "
                               f"{self.date.isoformat()}", ("imprint", "date"))
        for name in ("organ", "organ_mark", "signature", "title"):
            check_range_marks(source, (name,), getattr(self, name) or "")

    def frame_context(self) -> dict:
        organ = self.organ
        return {
            **vars(self),
            "organ_mark": self.organ_mark or f"{organ}文件",
            "signature": self.signature or organ,
            "imprint": Imprint(self.imprint.organ or organ, self.imprint.date or self.date),
            "addressee": self.addressee.rstrip("：") + "：",
        }

    def document_info(self) -> dict:
        return {"title": self.title or "", "author": self.organ, "date": self.date.isoformat(),
                "layout": "gongwen", "sealed": self.sealed}


def check_attachments(source: Source, attachments: list[Attachment]) -> None:
    seen: set[str] = set()
    for i, attachment in enumerate(attachments):
        path = ("attachments", i)
        if attachment.title[-1:] in "，、。；：:,.;":
            raise source.error("an attachment name takes no punctuation at its end (GB/T 9704 §7.3.4)",
                               (*path, "title"))
        if attachment.title in seen:
            raise source.error(f"attachment {attachment.title!r} is listed twice", (*path, "title"))
        seen.add(attachment.title)
        # Content is free text: an attachment may carry its own 一、 （一） levels.
