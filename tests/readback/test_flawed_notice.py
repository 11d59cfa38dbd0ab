"""QA findings on examples/flawed-draft.txt (a 通知 full of the slips lint reports): the title stays the
draft's first line, a 附件说明 typed 附件:1、…。 is repaired with notes, and 1、 items written straight
under an item heading become its subitems instead of landing under unplaced."""

from __future__ import annotations

import pytest

from speechkit.blocks import without_lines
from speechkit.readback import extract_outline
from speechkit.render.build import build
from tests.conftest import EXAMPLES
from tests.readback.helpers import WAYS, messages, parse, read_text_draft, rendered

FLAWED = EXAMPLES / "flawed-draft.txt"


def _flawed():
    return read_text_draft(FLAWED.read_text(encoding="utf-8"), name="flawed-draft.txt")


def test_the_title_is_the_first_line_not_the_attachment_name():
    data = _flawed().data
    assert data["title"] == "关于开展全县政务信息系统安全检查的通知"
    assert data["attachments"] == [{"title": "政务信息系统安全自查表"}]


def test_a_sloppy_attachment_note_is_repaired_with_a_note_for_each_slip():
    notes = [(n.line, n.message) for n in _flawed().notes if n.line == 14]
    assert notes == [
        (14, "附件说明用了半角冒号（附件:）；已按「附件：」读取"),
        (14, "附件序号「1、」按「1.」读取"),
        (14, "附件名称末尾有「。」；已删去"),
    ]


NOTICE = """关于做好汛期值班值守工作的通知
各乡镇人民政府，县直各单位：
为确保安全度汛，现将有关事项通知如下：
一、严格值班制度
各单位要实行24小时值班和领导带班制度。
二、及时报送信息
遇有重大汛情要第一时间报告。
特此通知。
{note}
某某县防汛抗旱指挥部办公室
2026年5月20日
"""


def test_several_attachments_with_slips_keep_the_title_and_each_name():
    note = "附件:1、值班人员名单。\n2、汛情信息报送表；"
    result = read_text_draft(NOTICE.format(note=note))
    assert result.data["title"] == "关于做好汛期值班值守工作的通知"
    assert result.data["attachments"] == [{"title": "值班人员名单"}, {"title": "汛情信息报送表"}]
    assert "10: 附件序号「2、」按「2.」读取" in messages(result)
    assert "10: 附件名称末尾有「；」；已删去" in messages(result)


def test_a_clean_attachment_note_gets_no_notes():
    result = read_text_draft(NOTICE.format(note="附件：1.值班人员名单\n2.汛情信息报送表"))
    assert result.data["attachments"] == [{"title": "值班人员名单"}, {"title": "汛情信息报送表"}]
    assert "附件" not in messages(result)


def test_a_draft_without_a_title_line_never_takes_one_from_below_the_body():
    text = NOTICE.format(note="附件:1、值班人员名单。").split("\n", 1)[1]  # starts at the 主送
    data = read_text_draft(text, "notice").data
    assert data["title"] == "【待补：通知标题】"
    assert data["attachments"] == [{"title": "值班人员名单"}]


def test_numbered_items_straight_under_a_heading_become_its_subitems():
    result = _flawed()
    assert result.data["items"][2] == {"heading": "工作要求", "subitems": [
        {"lead": "各单位要高度重视，主要负责同志要亲自过问，对检查中发现的问题要做出整改承诺。"},
        {"lead": "银监会驻县监管组请配合做好金融类系统的检查工作。"},
        {"lead": "请各单位于18年12月20日前将自查报告报送县委网信办。", "body": "未按时报送的,将予以通报！！！！"},
    ]}
    assert "unplaced" not in result.data
    text = messages(result)
    assert "11: 序号「1、」按「1.」读取" in text
    assert "8: 「（三）」实为第 2 项（items[1].subitems[1]）；生成时将重新编号" in text  # counted from 1 for people
    assert "13: 「3.」直接位于标题之下（跳过了（一）级）；按 items[2].subitems[2] 读取，生成时编为（三）" in text
    rendered = [b.text for b in build(parse(result.data)).blocks]
    assert "（一）各单位要高度重视，主要负责同志要亲自过问，对检查中发现的问题要做出整改承诺。" in rendered


@pytest.mark.parametrize("way", WAYS)
def test_the_repaired_outline_renders_the_same_document_after_another_read_back(way):
    data = _flawed().data
    again = extract_outline(rendered(data, way))
    assert "unplaced" not in again.data

    def content(outline_data):
        return [(b.kind, b.text) for b in without_lines(build(parse(outline_data)).blocks)]

    assert content(again.data) == content(data)


def test_numbered_items_after_a_body_paragraph_still_join_it():
    text = NOTICE.format(note="").replace("各单位要实行24小时值班和领导带班制度。",
                                          "各单位要实行24小时值班和领导带班制度。\n1.值班人员不得擅离岗位。")
    result = read_text_draft(text)
    assert result.data["items"][0] == {"heading": "严格值班制度",
                                       "body": ["各单位要实行24小时值班和领导带班制度。1.值班人员不得擅离岗位。"]}
    assert "直接位于标题之下" not in messages(result)


def test_a_speech_point_with_1_items_straight_under_it_gets_them_as_subpoints():
    text = ("在全县安全生产工作会议上的讲话\n县长　李明\n（2026年3月5日）\n同志们：\n"
            "今天召开会议，部署安全生产工作。下面，我讲两点意见。\n一、提高认识\n"
            "1、安全生产是底线。必须时刻绷紧这根弦。\n2.责任必须压实。\n"
            "二、抓好落实\n（一）加强检查。要全面排查隐患。\n同志们，让我们共同努力！\n")
    data = read_text_draft(text).data
    assert data["points"][0]["subpoints"] == [{"lead": "安全生产是底线。", "body": "必须时刻绷紧这根弦。"},
                                              {"lead": "责任必须压实。"}]
    assert "unplaced" not in data
