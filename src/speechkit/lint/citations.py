"""Uses of an old body's name that are not stale: the issuer of a cited document, an explanation of the
reform that moved its duties, and a short form of the new body's own name.

A draft reused today must not say 国土资源部 for the body that acts now, but it may cite what that body
issued (财政部、环保部《……办法》, 国家工商行政管理总局令第33号) and may say which old bodies' duties a new
one took over (将县林业局的职责，县农业局的……职责……整合). The institution rules (``historical: true``)
skip both, on the simplified text of the draft.
"""

from __future__ import annotations

import re

_ORGAN_END = r"(?:部|局|委|厅|署|办|会|院|行|队|中心|办公室|总局|委员会|总队)"
# After the name: more issuers, 等六部委, 联合印发的, then the cited title; or an order or 文号 of its own.
_CITED = re.compile(
    rf"(?:[、和及与][\u4e00-\u9fff]{{1,16}}?{_ORGAN_END})*"
    r"(?:等[一二三四五六七八九十\d]*[个家]?(?:部委|部门|单位|机关))?"
    r"(?:联合)?(?:印发|发布|制定|颁布|出台|下发)?[了的]?《"
    r"|令第?[\d〇一二三四五六七八九十百]+号|第?[\d〇一二三四五六七八九十百]+号令"
    r"|[发函]?[〔\[【]\d{4}[〕\]】]"
)
# 根据国土资源部关于……的通知: a cited title written without 《》, after a verb that cites.
_CITING = re.compile(r"(?:根据|按照|依据|依照|贯彻|落实|执行|转发|参照|遵照|对照|学习)(?:[\u4e00-\u9fff]{1,16}?"
                     rf"{_ORGAN_END}[、和])*(?:[\u4e00-\u9fff]{{0,6}}?[省市县区州旗盟])?\Z")
_UNMARKED_TITLE = re.compile(rf"(?:[、和及与][\u4e00-\u9fff]{{1,16}}?{_ORGAN_END})*"
                             r"关于[^。；：\n]{2,60}?的(?:通知|意见|决定|规定|办法|批复|复函|公告|通告|细则|方案|指导意见)")
_DUTIES = re.compile("职责|职能")
_TRANSFER = re.compile("整合|划入|划出|划转|统一行使|并入|移交|承接")
_REFORM = re.compile("机构改革|组建|新成立|挂牌|揭牌|原(?![则来因本先始理料创貌状样汁地址])")


def cites_document(text: str, start: int, end: int) -> bool:
    """The name from ``start`` to ``end`` is an issuer of the document or order cited right after it."""
    if _CITED.match(text, end) is not None:
        return True
    return _UNMARKED_TITLE.match(text, end) is not None and _CITING.search(text, max(0, start - 40), start) is not None


def explains_reform(sentence: str) -> bool:
    """A sentence telling which duties moved in a reform (职责 … 整合/划入/统一行使 … 组建/挂牌/原…)."""
    return bool(_DUTIES.search(sentence) and _TRANSFER.search(sentence) and _REFORM.search(sentence))


def new_name_variant(text: str, start: int, term: str, preferred: str | None) -> bool:
    """生态环保局: the old short form 环保局 after the first characters of the new name 生态环境局."""
    if not preferred or len(preferred) <= len(term) or preferred.startswith(term[:2]):
        return False
    head = preferred[:2]
    return text.startswith(head, start - len(head))
