"""Speech: 标题 / 副标题 / 日期 / 讲话人 / 称呼 / 开场 / 过渡句 / 一、 （一） / 结尾."""

from __future__ import annotations

import re
from typing import Any

from ..blocks import cn_numeral
from ..frame import SPACES
from .model import Draft, Para, finish, level_of, marker, sentence_starts, simplified, title_like
from .points import plain_run, walk_points
from .repairs import repaired
from .speech_head import is_salutation, is_transition, speech_head

SPEECH_ORDER = ("kind", "title", "subtitle", "speaker", "date", "occasion", "salutation", "opening", "transition",
                "points", "closing", "options", "unplaced")
_SPEECH_WORDS = ("讲话", "致辞", "发言", "动员", "报告")  # in the title block, most telling first
_CLOSING = re.compile(r"同志们|各位代表|各位委员|各位来宾|朋友们|让我们")


def _opens_closing(text: str) -> bool:
    return bool(_CLOSING.match(simplified(text[:8])))


def guess_speech(draft: Draft) -> tuple[int, str]:
    head = draft.paras[:8]
    score, reasons = 0, []
    heads = [simplified(p.text) for p in head[:4] if title_like(p.text)]
    named = next((word for word in _SPEECH_WORDS if any(word in text for text in heads)), None)
    if named:
        score += 3
        reasons.append(f"标题区有「{named}」")
    salutation = next((p.text for p in head if p.kind == "salutation" or is_salutation(p.text)), None)
    if salutation:
        score += 2
        reasons.append(f"称呼「{salutation}」")
    if any(is_transition(p.text[start:]) for p in draft.paras for start in (0, *sentence_starts(p.text)[-1:])):
        score += 2
        reasons.append("有过渡句")
    if any(level_of(p) == 1 for p in draft.paras):
        score += 1
        reasons.append("有「一、」级要点")
    return score, "、".join(reasons) or "没有讲话稿的特征"


def read_speech(draft: Draft) -> dict[str, Any]:
    head, options, body = speech_head(draft)
    body = repaired(body, draft)
    transition, body = _take_transition(body, draft)
    closing_start, body = _find_closing(body, draft)
    opening, points = walk_points(body[:closing_start], draft)
    closing = plain_run(body[closing_start:], draft, "closing")

    data: dict[str, Any] = {"kind": "speech", **head, "opening": opening}
    if transition is not None:
        data["transition"] = transition
    elif points:
        draft.note(None, f"没有找到过渡句；生成时将补上「下面，我讲{_count(len(points))}点意见：」")
    data["points"] = points
    data["closing"] = closing
    options = {**_shape(points, draft), **options}
    if options:
        data["options"] = options
    return finish(draft, data, SPEECH_ORDER)
def _count(n: int) -> str:
    return "两" if n == 2 else cn_numeral(n)


def _shape(points: list[dict], draft: Draft) -> dict[str, Any]:
    """options.points / options.subpoints for a draft that is not 3 × 4, so it still renders."""
    options: dict[str, Any] = {}
    if len(points) != 3:
        options["points"] = len(points) or "any"
        draft.note(None, f"文稿有 {len(points)} 个要点，不是 3 个；已相应设置 options.points")
    counts = {len(p["subpoints"]) for p in points}
    if counts and counts != {4}:
        same = counts.pop() if len(counts) == 1 else 0
        options["subpoints"] = same or "any"
        draft.note(None, f"各要点的小点数为 {'、'.join(str(len(p['subpoints'])) for p in points)}，"
                         "不都是 4 个；已相应设置 options.subpoints")
    return options


def _take_transition(body: list[Para], draft: Draft) -> tuple[str | None, list[Para]]:
    """The transition sentence just before 一、: a paragraph of its own, or the tail of the last opening one."""
    first = next((k for k, p in enumerate(body) if level_of(p) == 1), None)
    if not first or level_of(body[first - 1]):
        return None, body
    p = body[first - 1]
    if is_transition(p.text):
        return p.text, body[: first - 1] + body[first:]
    starts = sentence_starts(p.text)
    if starts and is_transition(p.text[starts[-1]:]):
        draft.note(p.line, "过渡句在「一、」前一段的末尾；已拆出")
        head = Para(p.text[: starts[-1]].rstrip(SPACES), p.line)
        return p.text[starts[-1]:].strip(SPACES), [*body[: first - 1], head, *body[first:]]
    return None, body


def _find_closing(body: list[Para], draft: Draft) -> tuple[int, list[Para]]:
    """Where the closing starts: the first 同志们，… paragraph after the last numbered one."""
    if not any(level_of(p) == 1 for p in body):
        draft.note(body[0].line if body else None,
                   "没有找到「一、」级要点；标题区之后的内容均作为 opening 读取")
        return len(body), body
    last = max(k for k, p in enumerate(body) if level_of(p) in (1, 2))
    for j in range(last + 1, len(body)):
        if _opens_closing(body[j].text):
            return j, body
    for j in range(last, len(body)):
        p = body[j]
        m = marker(p.text) if j == last else None
        floor = len(m.text) if m else 0
        for pos in sentence_starts(p.text):
            if pos > floor and _opens_closing(p.text[pos:]):
                draft.note(p.line, "结尾（同志们，…）与上一段连在一起；已拆出")
                head, tail = Para(p.text[:pos].rstrip(SPACES), p.line, p.kind), Para(p.text[pos:], p.line)
                return j + 1, [*body[:j], head, tail, *body[j + 1:]]
    if last + 1 < len(body):
        draft.note(body[last + 1].line, "没有以「同志们」开头的结尾段；最后一个编号段之后的段落作为 closing 读取")
    else:
        draft.note(body[last].line, "最后一个编号段之后没有结尾段")
    return last + 1, body
