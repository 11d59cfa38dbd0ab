"""Best-effort read-back of plans, notices and decisions: the examples come back whole, web copies
read with placeholders and notes, and drafts a kind cannot do without are refused with a reason."""

from __future__ import annotations

import re

import pytest

from speechkit.blocks import without_lines
from speechkit.docx_io import docx_bytes
from speechkit.drafts import read_document
from speechkit.errors import OutlineError
from speechkit.readback import extract_outline
from speechkit.render.build import build, load_outline
from speechkit.render.plaintext import to_markdown, to_text
from tests.conftest import EXAMPLES
from tests.readback.helpers import WAYS, messages, parse, read_text_draft

EXAMPLE_KINDS = {"plan": "plan", "notice": "notice", "notice-issue": "notice", "decision": "decision",
                 "speech": "speech"}


def _read(document, way):
    if way == "blocks":
        return document
    if way == "docx":
        return read_document("draft.docx", docx_bytes(document))
    text = to_text(document) if way == "txt" else to_markdown(document)
    return read_document(f"draft.{way}", text.encode("utf-8"))


def _content(document):
    return [(b.kind, b.text) for b in without_lines(document.blocks)]


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("name", sorted(EXAMPLE_KINDS))
def test_examples_read_back_into_outlines_that_render_the_same_document(name, way):
    document = build(load_outline(str(EXAMPLES / f"{name}.yaml")))
    result = extract_outline(_read(document, way))
    assert result.kind == EXAMPLE_KINDS[name] and result.guess
    assert result.notes == []
    assert _content(build(parse(result.data))) == _content(document)


NOTICE = """关于做好2026年夏季高温时段
户外作业人员防暑降温工作的通知
各乡镇人民政府、街道办事处，县直各单位：
　　入夏以来，我县持续出现高温天气。为切实保障户外作业人员身体健康，
现将有关事项通知如下：
一、合理调整作业时间
各单位要根据气温变化合理安排户外作业时间。
二、落实防暑降温措施
(一)配足防暑用品。为户外作业人员配备清凉饮料和防暑药品。
（二）设置休息场所。在作业点附近设置阴凉的休息场所。
特此通知。
附件：高温作业防护要点
某某县人力资源和社会保障局
2026年6月20日
（此件公开发布）
"""


def test_notice_web_copy_reads_with_placeholders_for_what_it_lacks():
    result = read_text_draft(NOTICE)
    data = result.data
    assert result.kind == "notice" and result.guess == "标题以「通知」结尾"
    assert data["title"] == "关于做好2026年夏季高温时段户外作业人员防暑降温工作的通知"
    assert data["addressee"] == "各乡镇人民政府、街道办事处，县直各单位"
    assert data["preamble"] == ["入夏以来，我县持续出现高温天气。为切实保障户外作业人员身体健康，"]
    assert "transition" not in data  # the default 现将有关事项通知如下： it was
    assert [item["heading"] for item in data["items"]] == ["合理调整作业时间", "落实防暑降温措施"]
    assert data["items"][1]["subitems"][0] == {"lead": "配足防暑用品。",
                                               "body": "为户外作业人员配备清凉饮料和防暑药品。"}
    assert "closing" not in data  # the default 特此通知。
    assert data["attachments"] == [{"title": "高温作业防护要点"}]
    assert (data["organ"], data["note"]) == ("某某县人力资源和社会保障局", "此件公开发布")
    assert str(data["date"]) == "2026-06-20"
    assert data["doc_number"] == {"code": "待补", "serial": 1}
    assert "没有可用的发文字号；已写入占位字号 待补〔年份〕1号" in messages(result)
    assert "序号「(一)」按「（一）」读取" in messages(result)


def test_notice_lines_nobody_expects_are_kept_under_unplaced():
    result = read_text_draft(NOTICE.replace("（此件公开发布）\n", "（此件公开发布）\n联系人：张明　电话：86801234\n"))
    assert result.data["unplaced"] == ["联系人：张明　电话：86801234"]
    texts = [b.text for b in build(parse(result.data)).blocks]
    assert not any("联系人" in t for t in texts)


@pytest.mark.parametrize(("kind", "text", "message"), [
    ("notice", "关于开展安全检查的通知\n各单位：\n请于本周内完成安全检查。\n特此通知。\n",
     "draft.txt: 无法按 notice 读取：既没有「一、」等事项，也没有「现将《……》印发给你们」一句；可试用 --kind speech"),
    ("plan", "全县安全检查工作方案\n为做好安全检查，制定本方案。\n一、主要任务\n（一）开展排查。全面排查隐患。\n",
     "draft.txt: 无法按 plan 读取：找不到实施步骤（以（一）编号、写明起止日期的各步骤）；可试用 --kind speech"),
    ("decision", "关于表彰先进集体的决定\n各单位：\n经研究，决定授予县应急管理局“先进集体”称号。\n"
                 "某某县人民政府\n2026年1月5日\n",
     "draft.txt: 无法按 decision 读取：找不到名单页（附件）"),
])
def test_a_draft_missing_what_the_kind_needs_is_refused_with_a_reason(kind, text, message):
    with pytest.raises(OutlineError, match=re.escape(message)):
        extract_outline(read_document("draft.txt", text.encode("utf-8")), kind, file="draft.txt")


def test_plan_steps_and_duties_are_read_from_a_text_draft():
    text = ("全县安全生产大检查工作方案\n为全面排查安全隐患，制定本方案。\n一、重点任务\n"
            "（一）开展企业自查。企业对照清单逐项自查。（牵头单位：县应急管理局；责任单位：各乡镇）\n"
            "1.建立隐患台账。\n2.落实整改责任。\n二、时间安排\n（一）自查阶段（2026年3月1日—3月31日）。企业全面自查。\n"
            "（二）督查阶段（2026年4月1日—4月30日）。县里组织督查。\n某某县安全生产委员会办公室\n2026年2月20日\n")
    data = read_text_draft(text).data
    assert data["tasks"] == [{"lead": "开展企业自查。", "body": "企业对照清单逐项自查。", "lead_unit": "县应急管理局",
                              "units": "各乡镇", "items": ["建立隐患台账。", "落实整改责任。"]}]
    assert [(s["name"], str(s["start"]), str(s["end"])) for s in data["steps"]] == [
        ("自查阶段", "2026-03-01", "2026-03-31"), ("督查阶段", "2026-04-01", "2026-04-30")]
    assert data["headings"] == {"tasks": "重点任务", "steps": "时间安排"}
    assert (data["organ"], str(data["date"])) == ("某某县安全生产委员会办公室", "2026-02-20")
