"""Whether an outdated institution name is used as history, which a reviewer would leave alone.

An old name is right where the text speaks of the past or cites what the old body issued:

* 原 / 时任 / 曾任 / 前身为 before it, also with a place between (原市工商局, 原××省环保厅);
* a note after it saying what it is now: 国土资源部（现自然资源部）;
* the issuer of a cited document: 国土资源部令第15号, 建设部81号令, 劳社部发〔2005〕12号;
* a source of figures: 据国土资源部统计, 据原环保部监测数据;
* a sentence anchored to a year before the change (2016年，… / 〔2016〕 in a cited 文号 / 2016年3月…),
  or one that says 改革前 / 更名前;
* a sentence that explains the change (the new name and 更名 / 改组 / 并入…).

A year that is the object of the work does not make the sentence history: 2011年度工作要点,
2011年工作计划, 到2015年, 力争2015年底前, and a sentence that plans (2011年，市国土资源局要…, with a
modal and nothing done), 考核…2014年安全生产工作 (a verb of managing the work before the year)
are what a reused draft carries, and its old names are exactly what the check is for. Book titles
(《》) are handled by the engine itself.
"""

from __future__ import annotations

import re
from typing import Any


class _Lazy:
    """An expression compiled on first use: a clean draft never asks, and classes of Chinese text take
    milliseconds to compile at every start."""

    __slots__ = ("source", "_compiled")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return getattr(self._compiled, name)


# 原 / 时任 … before the name, perhaps with a place or 中华人民共和国 between (原市工商局, 原××省环保厅,
# 原县检察院反贪局).
HISTORY_PREFIX = _Lazy(
    r"(?:原(?![则来因本先始理料创貌状样汁地址名称])|原名|原称|曾用名|旧称|时任|曾任|当时的?|前身为|前身是|改革前的|撤并前的"
    r"|已撤销的|已经撤销的)"
    r"(?:中华人民共和国|中国|国家|[\u4e00-\u9fff×]{0,8}?[省市县区州旗盟乡镇](?:人民)?(?:政府|检察院)?(?:党委|委)?)?\Z"
)
# After the name: （现…） notes, and the marks of a cited document it issued (《…》, 令第15号, 〔2005〕…).
_NUMBER = r"[\d一二三四五六七八九十百〇零]+"
_CITED_AFTER = _Lazy(
    r"\s*(?:[（(]\s*(?:现|今|已|后|改革后)|《"
    rf"|令\s*[（(]?\s*第?\s*{_NUMBER}\s*号"
    rf"|令\s*[〔\[【［(（]\s*\d{{4}}\s*[〕\]】］)）]\s*第?\s*{_NUMBER}\s*号"
    rf"|第?\s*{_NUMBER}\s*号令"
    rf"|(?:\d{{4}}\s*年\s*)?(?:公告|令)\s*(?:\d{{4}}\s*年\s*)?第\s*{_NUMBER}\s*号"
    rf"|\d{{4}}\s*年\s*第\s*{_NUMBER}\s*号(?:令|公告)"
    r"|[发函字办令通]{1,2}\s*[〔\[【［(（]\s*\d{4}\s*[〕\]】］)）])"
)
# The name followed by what became of it: 国家经贸委撤销后, 县工商局于2019年并入…
_CHANGED_AFTER = _Lazy(r"\s*(?:已经?|于\d{4}年)?(?:撤销|撤并|更名|改名|合并|并入|改组|划入|整合|转隶|不再保留|重组)")
# 据（原）××统计 / 监测 / 数据: the old body as the source of figures.
_SOURCE_BEFORE = _Lazy(r"据(?:原)?[\u4e00-\u9fff]{0,10}\Z")
_SOURCE_AFTER = _Lazy(r"[\u4e00-\u9fff]{0,8}?(?:统计|测算|调查|普查|监测|数据|公布|发布的|显示|通报)")
_BEFORE_CHANGE = _Lazy(r"(?:机构)?改革前|更名前|合并前|撤并前|组建前|调整前|撤销前")
_CHANGE = _Lazy("改组|更名|组建|划入|并入|撤销|不再保留|整合|改为|调整为")

# A year: 〔2016〕 (a cited 文号) or 2016年, 2011—2015年 (the later year counts).
_YEAR = _Lazy(
    r"[〔\[【［]\s*((?:19|20)\d\d)\s*[〕\]】］]"
    r"|(?<![\d〔\[【［])((?:19|20)\d\d)(?:\s*[—\-－~～至到]\s*((?:19|20)\d\d))?\s*年"
)
# After 2016年: the period runs up to now (以来, 起…), or the year is a target (前, 底前, 内).
_YEAR_NOT_PAST = _Lazy(r"度|以来|来|起|至今|以后|后|(?:底|末|年底|年末|上半年|下半年)?前|内(?!蒙)|之内")
_TARGET_BEFORE = ("到", "力争", "确保", "争取", "预计", "计划", "力争在", "确保在", "争取在", "计划在", "要在", "将在",
                  "力争到", "确保到", "争取到", "计划到", "预计到")
# 2011年（全市）国土资源工作要点: the year names the plan, report or budget the text is about.
_WORK_OBJECT = _Lazy(r"要点|计划|方案|安排|任务|目标|预算|决算|考核|总结|报告|规划|项目|重点工作|工作会议")
# …unless a verb comes first: 2016年省政府印发了实施方案 tells what was done that year.
_PAST_VERB = _Lazy(r"印发|出台|发布|公布|开展|召开|启动|完成|批复|批准|制定|部署|实施|下达|组织|成立|建成")
# 考核甘谷县2014年安全生产工作 / 安排2010年的工作: a verb of managing the work right before the year
# (perhaps with the place between) makes the year its object, as 2011年度 does.
_OBJECT_VERB_BEFORE = _Lazy(r"(?:考核|检查|安排|部署|总结|通报|谋划|研究|审议|汇报|回顾|做好|抓好|落实|推进|完成)"
                            r"(?:[\u4e00-\u9fff]{1,8}?[省市县区州旗乡镇]|全[省市县区乡镇])?\Z")
_CLAUSE_END = _Lazy(r"[，。；：、,;:！？!?\n]")
# 2011年，市国土资源局要重点抓好…: a sentence that plans (a modal, nothing done) is a work plan's, whatever its year.
_PLANS = _Lazy(r"要(?!求|点|素|闻|害|是)|将(?!其|该|原|这|此|近|军)|拟(?!定|订)"
               r"|力争|确保|争取|着力|务必|必须|抓好|做好")
_DONE = _Lazy(r"(?<![为除])了(?!解)|已|曾")


def is_historical(text: str, block_start: int, start: int, end: int, sentence: tuple[int, int],
                  since: int | None, preferred: str | None) -> bool:
    """Whether the name at [start, end) of ``text`` is a historical use (see the module docstring)."""
    if HISTORY_PREFIX.search(text, max(block_start, start - 16), start):
        return True
    if _CITED_AFTER.match(text, end) or _CHANGED_AFTER.match(text, end):
        return True
    a, b = sentence
    if _SOURCE_BEFORE.search(text, max(a, start - 12), start) and _SOURCE_AFTER.match(text, end, b):
        return True
    body = text[a:b]
    if _BEFORE_CHANGE.search(body):
        return True
    if since and any(year < since for year in past_years(body)):
        return True
    return bool(preferred and preferred in body and _CHANGE.search(body))


def past_years(sentence: str) -> list[int]:
    """The years of ``sentence`` that date what it tells (not those it plans for, or that run up to now)."""
    years = []
    sentence = _arabic_years(sentence)
    planning = None
    for m in _YEAR.finditer(sentence):
        bracketed, plain, last = m.groups()
        if planning is None:
            planning = bool(_PLANS.search(sentence)) and not _DONE.search(sentence)
        if planning:  # 根据…（国发〔2016〕5号），市国土资源局要…: the cited year dates the basis, not the name
            continue
        if bracketed:  # a cited 文号: a date of the past document
            years.append(int(bracketed))
            continue
        after, before = sentence[m.end():], sentence[:m.start()]
        if _YEAR_NOT_PAST.match(after):
            continue
        if _OBJECT_VERB_BEFORE.search(before[-12:]):
            continue
        if before.endswith(_TARGET_BEFORE) or (before.endswith("至") and not before.endswith("截至")):
            continue
        if _names_the_work(_CLAUSE_END.split(after, 1)[0][:16]):
            continue
        years.append(int(last or plain))
    return years


def _names_the_work(clause: str) -> bool:
    """2011年（全市）国土资源工作要点: a plan, report or budget noun before any verb, and no other year."""
    work = _WORK_OBJECT.search(clause)
    if not work or _YEAR.search(clause):
        return False
    verb = _PAST_VERB.search(clause)
    return verb is None or work.start() < verb.start()


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_NUMERAL_DIGITS = str.maketrans("〇零○O一二三四五六七八九", "0000123456789")
_NUMERAL_YEAR = _Lazy(r"[〇零○O一二三四五六七八九]{4}(?=年)")


def _arabic_years(sentence: str) -> str:
    """２０１６年 and 二〇一六年 as 2016年 (same length, so positions hold)."""
    sentence = sentence.translate(_FULL_WIDTH_DIGITS)
    if "年" in sentence and _NUMERAL_YEAR.search(sentence):
        sentence = _NUMERAL_YEAR.sub(lambda m: m.group().translate(_NUMERAL_DIGITS), sentence)
    return sentence
