"""Reading speech drafts: each repair, guess and leftover, and what the outline then holds.

Every draft here goes through `read_text_draft`, which also renders the outline it gives: an
outline that `speechkit render` would refuse fails the test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from speechkit.drafts import read_document
from speechkit.errors import DocumentError, OutlineError
from speechkit.readback import extract_outline
from speechkit.readback.model import PLACEHOLDER_DATE, PLACEHOLDER_SPEAKER, PLACEHOLDER_TITLE, marker
from speechkit.render.build import build
from tests.readback.helpers import messages, parse, read_text_draft

HEAD = "关于做好春季森林防火工作的讲话\n李明华\n（2026年3月2日）\n同志们：\n"
POINT = "二、严格火源管控\n（一）要加强巡查。巡查要覆盖重点林区。\n"


def notes_at(result, line: int) -> list[str]:
    return [n.message for n in result.notes if n.line == line]


@pytest.mark.parametrize(("text", "level", "number", "exact"), [
    ("（一）要加强", 2, 1, True), ("(一)要加强", 2, 1, False), ("（二)要加强", 2, 2, False),
    ("( 三 ) 要加强", 2, 3, False), ("一、提高认识", 1, 1, True), ("十二．提高认识", 1, 12, False),
    ("一.提高认识", 1, 1, False), ("3.明确责任", 3, 3, True), ("3、明确责任", 3, 3, False),
    ("（4）细化分工", 4, 4, True), ("(4)细化分工", 4, 4, False),
])
def test_markers_are_recognised_however_typed(text, level, number, exact):
    found = marker(text)
    assert (found.level, found.number, found.exact) == (level, number, exact)


@pytest.mark.parametrize("text", ["一些同志认为", "2026年要做好", "1.5倍", "（此件公开发布）", "十分重要"])
def test_text_that_only_looks_numbered_is_not_a_marker(text):
    assert marker(text) is None


def test_half_width_markers_are_read_and_reported():
    result = read_text_draft(HEAD + "今天召开会议。\n一.提高认识\n(一)要克服麻痹思想。防火形势依然严峻。\n"
                             "同志们，让我们共同努力！\n")
    point = result.data["points"][0]
    assert point == {"heading": "提高认识", "subpoints": [{"lead": "要克服麻痹思想。", "body": "防火形势依然严峻。"}]}
    assert notes_at(result, 6) == ["序号「一.」按「一、」读取"]
    assert notes_at(result, 7) == ["序号「(一)」按「（一）」读取"]


def test_paragraph_split_mid_sentence_is_joined():
    result = read_text_draft(HEAD + "今天召开会议，\n主要是部署春季森林防火工作。\n一、提高认识，\n增强责任感\n"
                             "（一）要克服麻痹思想。防火形势，\n依然严峻。\n同志们，让我们共同努力！\n")
    assert result.data["opening"] == ["今天召开会议，主要是部署春季森林防火工作。"]
    assert result.data["points"][0]["heading"] == "提高认识，增强责任感"
    assert result.data["points"][0]["subpoints"][0]["body"] == "防火形势，依然严峻。"
    assert notes_at(result, 6) == ["第 5 行的段落在句中断开；已接上"]


def test_merged_paragraphs_are_split_at_the_next_marker_in_sequence():
    result = read_text_draft(HEAD + "今天召开会议。下面，我讲两点意见。一、提高认识（一）要克服麻痹思想。形势严峻。"
                             "（二）要压实责任。各乡镇要亲自抓。二、严格火源管控\n（一）要加强巡查。巡查要到位。"
                             "同志们，让我们共同努力！\n")
    data = result.data
    assert data["opening"] == ["今天召开会议。"]
    assert data["transition"] == "下面，我讲两点意见。"
    assert [p["heading"] for p in data["points"]] == ["提高认识", "严格火源管控"]
    assert [s["lead"] for s in data["points"][0]["subpoints"]] == ["要克服麻痹思想。", "要压实责任。"]
    assert data["closing"] == ["同志们，让我们共同努力！"]
    assert data["options"] == {"points": 2, "subpoints": "any", "date_first": False}


def test_a_marker_out_of_sequence_inside_a_sentence_run_stays_text():
    # （三） is not the next sub-point after （一）, so it is a reference inside the text, not a merge.
    result = read_text_draft(HEAD + "一、提高认识\n（一）要对照附件。具体见第（三）项。（三）项要重点落实。\n" + POINT
                             + "同志们，让我们共同努力！\n")
    assert result.data["points"][0]["subpoints"][0]["body"] == "具体见第（三）项。（三）项要重点落实。"


def test_transition_at_the_end_of_the_opening_is_split_off():
    result = read_text_draft(HEAD + "今天召开会议。下面，我就做好今年防火工作讲两点意见：\n一、提高认识\n"
                             "（一）要克服麻痹思想。\n" + POINT + "同志们，让我们共同努力！\n")
    assert result.data["opening"] == ["今天召开会议。"]
    assert result.data["transition"] == "下面，我就做好今年防火工作讲两点意见："


def test_no_transition_is_reported_because_render_adds_one():
    result = read_text_draft(HEAD + "今天召开会议。\n一、提高认识\n（一）要克服麻痹思想。\n" + POINT
                             + "同志们，散会！\n")
    assert "transition" not in result.data
    assert "没有找到过渡句；生成时将补上「下面，我讲两点意见：」" in messages(result)
    assert "刚才" not in result.data["opening"][0]


def test_salutation_run_into_the_opening_is_split():
    result = read_text_draft("关于做好防火工作的讲话\n李明华\n2026年3月2日\n各位代表、同志们：今天召开会议。\n"
                             "一、提高认识\n（一）要克服麻痹思想。\n" + POINT + "同志们，散会！\n")
    assert result.data["salutation"] == "各位代表、同志们："
    assert result.data["opening"] == ["今天召开会议。"]


def test_closing_run_into_the_last_sub_point_is_split():
    result = read_text_draft(HEAD + "一、提高认识\n（一）要克服麻痹思想。形势严峻。同志们，让我们共同努力！\n")
    assert result.data["points"][0]["subpoints"][0]["body"] == "形势严峻。"
    assert result.data["closing"] == ["同志们，让我们共同努力！"]


def test_closing_without_comrades_is_what_follows_the_last_sub_point():
    result = read_text_draft(HEAD + "一、提高认识\n（一）要克服麻痹思想。形势严峻。\n让我们共同努力！\n")
    assert result.data["closing"] == ["让我们共同努力！"]
    result = read_text_draft(HEAD + "一、提高认识\n（一）要克服麻痹思想。形势严峻。\n会后要抓紧传达。\n")
    assert result.data["closing"] == ["会后要抓紧传达。"]
    assert "没有以「同志们」开头的结尾段；最后一个编号段之后的段落作为 closing 读取" in messages(result)


def test_sub_point_paragraphs_become_one_lead_and_body():
    result = read_text_draft(HEAD + "一、提高认识\n（一）加强组织领导\n区里成立了领导小组。\n各乡镇要落实属地责任。\n"
                             "（二）要做到三个坚持：\n坚持规划先行。坚持建管并重。\n同志们，散会！\n")
    subs = result.data["points"][0]["subpoints"]
    assert subs[0] == {"lead": "加强组织领导。", "body": "区里成立了领导小组。各乡镇要落实属地责任。"}
    assert subs[1] == {"lead": "要做到三个坚持：坚持规划先行。", "body": "坚持建管并重。"}
    text = messages(result)
    assert "points[0].subpoints[0]：小标题末尾没有「。」；已补上，作为首句" in text
    assert text.count("每个小点只有一段（首句 + 正文）") == 3


def test_heading_run_into_its_intro_is_split_after_the_first_sentence():
    result = read_text_draft(HEAD + "一、提高认识。今年形势严峻。\n（一）要克服麻痹思想。\n" + POINT
                             + "同志们，散会！\n")
    point = result.data["points"][0]
    assert point["heading"] == "提高认识。"
    assert point["intro"] == ["今年形势严峻。"]


def test_numbered_items_join_the_paragraph_they_belong_to_or_wait_under_unplaced():
    result = read_text_draft(HEAD + "一、提高认识\n（一）要明确责任。责任如下。\n1.县级领导包乡镇。\n2.乡镇领导包村。\n"
                             "（二）要细化分工。\n（1）分工到人。\n" + POINT + "同志们，散会！\n")
    subs = result.data["points"][0]["subpoints"]
    assert subs[0]["body"] == "责任如下。1.县级领导包乡镇。2.乡镇领导包村。"
    assert subs[1] == {"lead": "要细化分工。"}  # a body may not open with a marker, so the item waits
    assert result.data["unplaced"] == ["（1）分工到人。"]
    assert notes_at(result, 10) == ["编号项「（1）」紧跟在 points[0].subpoints[1] 的首句之后；已放入 unplaced"]


def test_title_block_variants():
    result = read_text_draft("全力推进\n乡村振兴取得新成效\n——在全镇乡村振兴工作推进会上的讲话\n"
                             "镇长　赵国强（二〇二六年五月十二日）\n"
                             "（根据录音整理）\n各位代表：\n今年以来，各项工作稳步推进。\n一、统一思想\n（一）要提高认识。\n"
                             "同志们，散会！\n")
    data = result.data
    assert data["title"] == "全力推进乡村振兴取得新成效"
    assert data["subtitle"] == "——在全镇乡村振兴工作推进会上的讲话"
    assert data["occasion"] == "全镇乡村振兴工作推进会"
    assert (data["speaker"], data["date"]) == ("镇长　赵国强", dt.date(2026, 5, 12))
    assert data["options"]["date_style"] == "chinese"
    assert data["unplaced"] == ["（根据录音整理）"]
    assert notes_at(result, 2) == ["标题延续到第 2 行；已合并"]
    assert notes_at(result, 5) == ["标题区中的括注；已放入 unplaced"]


@pytest.mark.parametrize(("head", "date_first"), [
    ("讲话\n（2026年3月2日）\n李明华\n", None),
    ("讲话\n李明华\n（2026年3月2日）\n", False),
    ("讲话\n2026-03-02\n李明华\n", None),
    ("讲话\n李明华　2026.3.2\n", None),
])
def test_speaker_and_date_in_either_order(head, date_first):
    result = read_text_draft(head + "同志们：\n今天开会。\n")
    assert (result.data["speaker"], result.data["date"]) == ("李明华", dt.date(2026, 3, 2))
    assert result.data["options"].get("date_first") == date_first


def test_impossible_date_is_kept_and_a_placeholder_renders():
    result = read_text_draft("讲话\n李明华\n（2026年2月30日）\n同志们：\n今天开会。\n")
    assert result.data["date"] == PLACEHOLDER_DATE
    assert result.data["unplaced"] == ["（2026年2月30日）"]
    assert "日期行中的日期不存在；已放入 unplaced" in messages(result)
    assert "没有日期行；已写入占位日期 2000-01-01，请改为实际日期" in messages(result)


def test_traditional_draft_keeps_its_script():
    text = ("凝心聚力　推動高質量發展\n——在全市經濟工作會議上的講話\n（2026年1月20日）\n市長　陳志明\n同志們：\n"
            "今天，我們召開全市經濟工作會議。\n下面，我講三點意見。\n一、準確把握形勢\n（一）要看到成績。過去一年成績來之不易。\n"
            "二、突出工作重點\n（一）要抓項目建設。項目是發展的生命線。\n三、加強組織保障\n（一）要壓實責任。各級要守土盡責。\n"
            "同志們，讓我們攜手奮進！\n")
    result = read_text_draft(text)
    data = result.data
    assert result.kind == "speech" and "講話" not in (result.guess or "")  # matched on a simplified copy
    assert data["salutation"] == "同志們：" and data["transition"] == "下面，我講三點意見。"
    assert data["closing"] == ["同志們，讓我們攜手奮進！"]
    assert data["occasion"] == "全市經濟工作會議"
    flat = repr(data)
    assert "会议" not in flat and "讲" not in flat and "们" not in flat


def test_no_recognisable_structure_puts_everything_in_the_opening():
    paragraphs = ["今天我们在这里开会，主要是听取大家的意见。", "希望大家畅所欲言，多提建议。会议就开到这里。"]
    result = read_text_draft("\n".join(paragraphs) + "\n")
    data = result.data
    assert data["opening"] == paragraphs
    assert (data["title"], data["speaker"], data["date"]) == (PLACEHOLDER_TITLE, PLACEHOLDER_SPEAKER, PLACEHOLDER_DATE)
    assert data["points"] == [] and data["closing"] == [] and data["options"] == {"points": "any"}
    assert "没有找到「一、」级要点；标题区之后的内容均作为 opening 读取" in messages(result)
    rendered = [b.text for b in build(parse(data)).blocks]
    assert not any("零点意见" in t for t in rendered)  # no transition announcing zero points


def test_sub_points_without_a_point_are_kept_under_unplaced():
    result = read_text_draft(HEAD + "今天开会。\n（一）要提高认识。\n（二）要压实责任。\n")
    assert result.data["opening"] == ["今天开会。"]
    assert result.data["unplaced"] == ["（一）要提高认识。", "（二）要压实责任。"]


def test_unplaced_paragraphs_are_not_printed():
    result = read_text_draft(HEAD + "今天开会。\n（一）要提高认识。\n")
    texts = [b.text for b in build(parse(result.data)).blocks]
    assert "（一）要提高认识。" not in texts and "今天开会。" in texts


@pytest.mark.parametrize("text", ["", "\n\n", "\u3000\u3000\n  \n"])
def test_empty_draft_is_an_error(text):
    with pytest.raises(DocumentError, match="empty.txt: 文稿为空，没有可读出提纲的文字"):
        extract_outline(read_document("empty.txt", text.encode()), file="empty.txt")


def test_unknown_kind_is_an_error():
    with pytest.raises(OutlineError, match="x.txt: 无法按「memo」读取文稿（可读取的 kind：decision、notice、plan"):
        extract_outline(read_document("x.txt", "讲话\n".encode()), "memo", file="x.txt")


def test_control_characters_and_leading_at_sign_are_made_safe():
    result = read_text_draft(HEAD + "今天\x07开会。\n@各单位要抓好落实。\n")
    assert result.data["opening"] == ["今天开会。", "＠各单位要抓好落实。"]
    assert "已删除控制字符" in messages(result) and "段首的 @ 已改为全角 ＠" in messages(result)
