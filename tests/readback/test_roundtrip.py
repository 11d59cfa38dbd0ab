"""render(outline) → read back == outline, over generated speeches and over the legacy example."""

from __future__ import annotations

import datetime as dt
import functools
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechkit.blocks import cn_numeral
from speechkit.readback import extract_file, extract_outline
from tests.conftest import EXAMPLES
from tests.readback.helpers import WAYS, legacy_outline, rendered

# A small alphabet of realistic phrases (original). Sentences end in 。 or ！, headings carry no
# sentence end, nothing opens with a level marker, 同志们 or 下面: the rules an outline keeps and
# the cues read-back relies on.
SUBJECTS = ["各级各部门", "各乡镇", "全县上下", "有关单位", "各街道", "相关职能部门", "广大党员干部", "各村（社区）"]
VERBS = ["要进一步", "必须切实", "要持续", "要主动", "要认真", "要坚决"]
OBJECTS = ["压实工作责任", "强化统筹协调", "完善工作机制", "补齐短板弱项", "提升服务水平", "加强督促检查",
           "抓好任务落实", "守牢安全底线", "用好“一网统管”平台"]
TAILS = ["", "，确保各项措施落地见效", "，推动工作取得新进展", "，切实把好事办好、实事办实",
         "，做到守土有责、守土尽责", "，在2026年底前全部完成"]
HEAD_A = ["提高站位", "突出重点", "强化保障", "压实责任", "改革创新", "聚焦短板"]
HEAD_B = ["切实增强做好工作的责任感和紧迫感", "扎实推进各项任务落地见效", "凝聚推动发展的强大合力",
          "全面提升基层治理效能"]
LEADS = ["坚持问题导向", "加强组织领导", "坚持群众主体", "严格督导考核", "强化要素保障", "注重宣传引导"]
TITLE_BITS = ["凝心聚力", "攻坚克难", "真抓实干", "全力推进城乡环境整治", "奋力开创高质量发展新局面"]
MEETINGS = ["全区城乡环境整治工作动员大会", "全县安全生产工作会议", "全市优化营商环境推进会"]
SPEAKERS = ["区长　林建国", "县委书记　王志远", "副市长　陈立新", "李明华"]
SALUTATIONS = ["同志们：", "各位代表、同志们：", "各位委员、同志们："]

sentence = st.builds(lambda s, v, o, t, end: f"{s}{v}{o}{t}{end}", st.sampled_from(SUBJECTS), st.sampled_from(VERBS),
                     st.sampled_from(OBJECTS), st.sampled_from(TAILS), st.sampled_from("。。。！"))
paragraph = st.lists(sentence, min_size=1, max_size=3).map("".join)
heading = st.builds(lambda a, b: f"{a}，{b}", st.sampled_from(HEAD_A), st.sampled_from(HEAD_B))
lead = st.builds(lambda v, o, end: f"{v}{o}{end}", st.sampled_from(["", "要", "坚持", "着力"]),
                 st.sampled_from(LEADS + OBJECTS), st.sampled_from("。。！"))
title = st.lists(st.sampled_from(TITLE_BITS), min_size=1, max_size=3, unique=True).map("　".join)


@st.composite
def subpoint(draw) -> dict:
    body = draw(st.one_of(st.just(""), st.lists(sentence, min_size=1, max_size=3).map("".join)))
    return {"lead": draw(lead), "body": body} if body else {"lead": draw(lead)}


@st.composite
def speech(draw) -> dict:
    """Outline data in the canonical form read-back writes: optional fields omitted, options only when
    they differ from the defaults, the shape set to match when it is not 3 × 4."""
    n_points = draw(st.integers(1, 4))
    sub_counts = draw(st.one_of(st.lists(st.integers(1, 5), min_size=n_points, max_size=n_points),
                                st.integers(1, 5).map(lambda m: [m] * n_points)))
    data: dict = {"kind": "speech", "title": draw(title)}
    meeting = draw(st.one_of(st.none(), st.sampled_from(MEETINGS)))
    if meeting:
        data["subtitle"] = f"——在{meeting}上的讲话"
    data["speaker"] = draw(st.sampled_from(SPEAKERS))
    data["date"] = draw(st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)))
    if meeting:
        data["occasion"] = meeting
    data["salutation"] = draw(st.sampled_from(SALUTATIONS))
    data["opening"] = draw(st.lists(paragraph, min_size=0, max_size=3))
    count = "两" if n_points == 2 else cn_numeral(n_points)
    data["transition"] = draw(st.sampled_from([f"下面，我讲{count}点意见：", "下面，我再强调几点意见。",
                                               f"下面，我就做好今年的工作讲{count}点意见。"]))
    data["points"] = []
    for m in sub_counts:
        point = {"heading": draw(heading)}
        intro = draw(st.lists(paragraph, max_size=2))
        if intro:
            point["intro"] = intro
        point["subpoints"] = [draw(subpoint()) for _ in range(m)]
        data["points"].append(point)
    closing = draw(st.lists(paragraph, min_size=1, max_size=2))
    if draw(st.booleans()):
        closing[0] = "同志们，" + closing[0]
    data["closing"] = closing
    options = {}
    if n_points != 3:
        options["points"] = n_points
    if set(sub_counts) != {4}:
        options["subpoints"] = sub_counts[0] if len(set(sub_counts)) == 1 else "any"
    if draw(st.booleans()):
        options["date_first"] = False
    if draw(st.booleans()):
        options["date_style"] = "chinese"
    if options:
        data["options"] = options
    return data


@functools.cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def _traditional(value):
    if isinstance(value, str):
        return _s2t().convert(value)
    if isinstance(value, list):
        return [_traditional(v) for v in value]
    if isinstance(value, dict):
        return {k: (v if k in ("kind", "options") else _traditional(v)) for k, v in value.items()}
    return value


def _check_read_back(data: dict, way: str) -> None:
    result = extract_outline(rendered(data, way), "speech")
    assert result.data == data
    # A document speechkit rendered needs no repair: the only notes are about the whole draft (its shape),
    # or say that a closing without 同志们 was taken from its place after the last sub-point.
    guessed_closing = "没有以「同志们」开头的结尾段；"
    assert [n for n in result.notes if n.line is not None and not n.message.startswith(guessed_closing)] == []
    assert any(n.message.startswith(guessed_closing) for n in result.notes) == (
        not data["closing"][0].startswith(("同志们", "同志們")))


@pytest.mark.parametrize("way", WAYS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=speech())
def test_render_then_read_back_gives_the_outline(way, data):
    _check_read_back(data, way)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=speech(), way=st.sampled_from(WAYS))
def test_traditional_script_survives_the_round_trip(data, way):
    _check_read_back(_traditional(data), way)


def test_generated_transition_is_read_back_as_written():
    data = {"kind": "speech", "title": "真抓实干", "speaker": "李明华", "date": dt.date(2026, 5, 6),
            "salutation": "同志们：", "opening": ["各乡镇要认真抓好任务落实。"],
            "points": [{"heading": "突出重点", "subpoints": [{"lead": "要加强组织领导。"}]}],
            "closing": ["同志们，全县上下要坚决守牢安全底线！"], "options": {"points": 1, "subpoints": 1}}
    for way in WAYS:
        result = extract_outline(rendered(data, way))
        assert result.data["transition"] == "下面，我讲一点意见："
        assert {k: v for k, v in result.data.items() if k != "transition"} == data


# ---------------------------------------------------------------------------------------------
# The legacy example: examples/legacy-speech.txt → examples/legacy-speech.yaml.

LEGACY = EXAMPLES / "legacy-speech.txt"


def test_legacy_example_outline_is_what_the_reader_gives():
    result = extract_file(LEGACY)
    assert result.to_yaml(str(LEGACY)) == legacy_outline()
    assert yaml.safe_load((EXAMPLES / "legacy-speech.yaml").read_text(encoding="utf-8")) == \
        yaml.safe_load(result.to_yaml())


def test_legacy_example_repairs_are_reported_with_their_lines():
    notes = {(n.line, n.message.split("；")[0]) for n in extract_file(LEGACY).notes}
    assert notes == {(11, "第 10 行的段落在句中断开"), (31, "序号「(一)」按「（一）」读取"), (43, "两段连在一起")}


@pytest.mark.parametrize("way", WAYS)
def test_legacy_example_survives_read_back_render_read_back(way):
    first = extract_file(LEGACY).data
    second = extract_outline(rendered(first, way))
    assert second.data == first
    assert [n for n in second.notes if n.line is not None] == []


_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")


def _outline_texts(data: dict) -> list[str]:
    texts = [data["title"], data.get("subtitle", ""), data["speaker"], data["salutation"], *data["opening"],
             data.get("transition", "")]
    for point in data["points"]:
        texts += [point["heading"], *point.get("intro", [])]
        texts += [sub["lead"] + sub.get("body", "") for sub in point["subpoints"]]
    return texts + data["closing"]


def test_legacy_example_loses_no_text():
    """Every character of the draft is in the outline, in order: only markers, spacing and the date line
    (which becomes date:) are left out."""
    lines = [line.strip(" \u3000") for line in LEGACY.read_text(encoding="utf-8").splitlines()]
    data = extract_file(LEGACY).data
    draft = "".join(_MARKER.sub("", line) for line in lines if line and line != "（2026年4月8日）")
    draft = re.sub(r"。[（(][一二三四五六七八九十]+[)）]", "。", draft)  # the marker of the merged paragraph
    assert "".join(_outline_texts(data)) == draft
    assert data["date"] == dt.date(2026, 4, 8)
