"""The 公文 frame shared by decisions and notices (GB/T 9704 §7): 版头, 主送, 署名, 成文日期, 版记.

The frame's fields are flat in the outline (organ, doc_number, addressee, date, cc…) so that a
batch table can fill any of them from a column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..outline import Paragraphs, Source, one_line
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
        raise ValueError(f"发文顺序号应为不小于 1 的整数，却是「{serial}」")
    return f"{code}〔{year}〕{serial}号"


def check_code(code: str) -> None:
    if not code:
        raise ValueError("机关代字为空；请填写，如「清应急发」")
    bad = _CODE_FORBIDDEN.search(code)
    if bad:
        what = "空格" if bad.group().isspace() else f"「{bad.group()}」"
        raise ValueError(f"机关代字应为「清应急发」这样的文字，不能含{what}（年份、〔〕和序号会自动添加）")


def check_year(year: int) -> None:
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2099:
        raise ValueError(f"年份应写全，如 2026，却是「{year}」")


@dataclass
class DocNumber:
    """发文字号 as its three parts; the outline never spells the brackets."""

    code: str  # 机关代字: 清应急发
    serial: int  # 发文顺序号: 12
    year: int | None = None  # defaults to the year of the 成文日期

    @property
    def text(self) -> str:
        if self.year is None:
            raise ValueError("发文字号的年份尚未确定")
        return doc_number(self.code, self.year, self.serial)

    def check(self, source: Source, path: tuple, date: dt.date) -> None:
        try:
            check_code(self.code)
        except ValueError as exc:
            raise source.error(str(exc), (*path, "code")) from None
        raw = raw_value(source, (*path, "year"))
        if raw is not None:
            if not re.fullmatch(r"\d{4}", str(raw).strip()):
                raise source.error(f"年份应写全，如 {date.year}，却是「{one_line(str(raw))}」", (*path, "year"))
            try:
                check_year(self.year or 0)  # converted from the raw value just checked
            except ValueError as exc:
                raise source.error(str(exc), (*path, "year")) from None
        else:
            self.year = date.year
        raw = str(raw_value(source, (*path, "serial")) or "").strip()
        if raw.startswith("0"):
            raise source.error(f"发文顺序号不编虚位：请写成 {int(raw)}（GB/T 9704 §7.2.5）", (*path, "serial"))


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
            raise source.error(f"主送机关末尾不要加「{self.addressee[-1]}」；只写机关名称，全角冒号会自动添加",
                               ("addressee",))
        for i, organ in enumerate(self.cc):
            if not organ:
                raise source.error("这一项是空的；请删去或填写", ("cc", i))
            if organ[-1] in _TRAILING_PUNCT:
                raise source.error(f"末尾不要加「{organ[-1]}」；机关之间的分隔符和末尾的「。」会自动添加", ("cc", i))
        if self.note:
            self.note = self.note.removeprefix("（").removesuffix("）").strip()
        if self.imprint.date and self.imprint.date < self.date:
            raise source.error(f"印发日期 {self.imprint.date.isoformat()} 早于成文日期 {self.date.isoformat()}；请核对",
                               ("imprint", "date"))
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
            raise source.error("附件名称末尾不加标点符号（GB/T 9704 §7.3.4）；请删去",
                               (*path, "title"))
        if attachment.title in seen:
            raise source.error(f"附件「{attachment.title}」重复列出；请删去其中一个", (*path, "title"))
        seen.add(attachment.title)
        # Content is free text: an attachment may carry its own 一、 （一） levels.
