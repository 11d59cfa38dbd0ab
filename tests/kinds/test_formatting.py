"""Formatting rules of the 公文 kinds: 文号, dates, 一字线 ranges, units, the 决定事项 sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from speechkit.errors import OutlineError
from speechkit.kinds import Award, Person, date_range, doc_number, duty_note, grant_sentence
from speechkit.kinds.decision import list_title_from
from speechkit.render.build import build
from speechkit.render.plaintext import to_text
from tests.kinds.util import example_data, load, outline_text


def decision_text(**changes) -> str:
    data = example_data("decision")
    data.update(changes)
    return outline_text(data)


def test_doc_number_layout():
    assert doc_number("江城管发", 2026, 12) == "江城管发〔2026〕12号"
    assert doc_number("国办函", 2025, 1) == "国办函〔2025〕1号"


@pytest.mark.parametrize("code", ["江城管发〔", "江城管发第", "江 城管发", "江城管发2026", "[江城管发]", ""])
def test_doc_number_rejects_codes_that_spell_the_rest(code):
    with pytest.raises(ValueError):
        doc_number(code, 2026, 12)


@pytest.mark.parametrize("year", [26, 1899, 2100, True])
def test_doc_number_rejects_short_or_odd_years(year):
    with pytest.raises(ValueError):
        doc_number("江城管发", year, 12)


def test_rendered_doc_number_and_dates_have_no_padding():
    text = to_text(build(load(decision_text(date="2026-03-05"))))
    assert "江城管发〔2026〕12号" in text
    assert "2026年3月5日\n" in text and "2026年3月6日印发" in text
    assert "03" not in text.replace("2026", "")  # no zero-padded month or day anywhere


def test_year_defaults_to_the_date():
    data = example_data("decision")
    data["doc_number"] = {"code": "江城管发", "serial": 7}
    data["date"] = "2027-01-04"
    data["imprint"] = {"organ": "江澄市城市管理局办公室"}
    assert "江城管发〔2027〕7号" in to_text(build(load(outline_text(data))))


@pytest.mark.parametrize(
    ("fragment", "replacement", "path", "needle"),
    [
        ("serial: 12", "serial: 012", "doc_number.serial", "发文顺序号不编虚位：请写成 12"),
        ("serial: 12", "serial: 第12", "doc_number.serial", "应为不小于 1 的整数，却是「第12」"),
        ("year: 2026", "year: 26", "doc_number.year", "年份应写全，如 2026，却是「26」"),
        ("code: 江城管发", "code: 江城管发〔2026〕", "doc_number.code", "不能含「〔」"),
        ("date: 2026-03-05", "date: 2026-02-30", "date", "日期 2026-02-30 不存在"),
        ("date: 2026-03-05", "date: 2026年2月30日", "date", "日期 2026年2月30日 不存在"),
        ("  date: 2026-03-06", "  date: 2026-13-01", "imprint.date", "日期 2026-13-01 不存在"),
        ("  date: 2026-03-06", "  date: 2026-03-01", "imprint.date", "印发日期 2026-03-01 早于成文日期 2026-03-05"),
        ("addressee: 各区城市管理局，市局机关各处室、各直属单位", 'addressee: "各区城市管理局:"', "addressee",
         "主送机关末尾不要加「:」"),
    ],
)
def test_bad_decision_fields_are_located(examples, fragment, replacement, path, needle):
    text = (examples / "decision.yaml").read_text(encoding="utf-8")
    assert fragment in text
    bad = text.replace(fragment, replacement, 1)
    with pytest.raises(OutlineError) as caught:
        load(bad, "decision.yaml")
    message = str(caught.value)
    line = next(i for i, row in enumerate(bad.splitlines(), 1) if replacement in row)
    assert message.startswith(f"decision.yaml:{line}: {path}: "), message
    assert needle in message


def test_dates_as_strings_are_accepted(examples):
    text = (examples / "decision.yaml").read_text(encoding="utf-8").replace("date: 2026-03-05", "date: 2026年3月5日")
    assert load(text).model.date == dt.date(2026, 3, 5)


def test_addressee_gets_one_full_width_colon():
    for written in ("各区城市管理局", "各区城市管理局："):
        text = to_text(build(load(decision_text(addressee=written))))
        assert "\n各区城市管理局：\n" in text


def test_cc_joined_with_commas_and_full_stop():
    text = to_text(build(load(decision_text(cc=["甲单位", "乙单位"]))))
    assert "抄送：甲单位，乙单位。" in text
    with pytest.raises(OutlineError, match=r"cc\[1\]: 末尾不要加「。」"):
        load(decision_text(cc=["甲单位", "乙单位。"]))


def test_note_is_bracketed_once():
    for written in ("此件公开发布", "（此件公开发布）"):
        assert "（此件公开发布）\n" in to_text(build(load(decision_text(note=written))))


# 实施步骤: ranges take the 一字线, never the 破折号.


def test_date_range_uses_the_one_em_dash():
    assert date_range(dt.date(2026, 3, 1), dt.date(2026, 3, 15)) == "2026年3月1日—3月15日"
    assert date_range(dt.date(2026, 12, 1), dt.date(2027, 1, 15)) == "2026年12月1日—2027年1月15日"
    assert "——" not in date_range(dt.date(2026, 3, 1), dt.date(2026, 3, 1))
    with pytest.raises(ValueError):
        date_range(dt.date(2026, 3, 15), dt.date(2026, 3, 1))


def test_plan_steps_render_with_the_one_em_dash():
    text = to_text(build(load(outline_text(example_data("plan")))))
    assert "（一）动员部署阶段（2026年3月1日—3月15日）。" in text
    assert "——" not in text


@pytest.mark.parametrize("written", ["3月1日——3月15日", "3月1日-3月15日", "3月1日~15日"])
def test_plan_text_with_a_wrong_range_mark_is_an_error(written):
    data = example_data("plan")
    data["steps"][1]["body"] = f"集中整治时间为{written}，按计划推进。"
    with pytest.raises(OutlineError, match=r"steps\[1\]\.body: 表示起止请用一字线「—」（如 3月1日—3月15日），不用「"):
        load(outline_text(data), "plan.yaml")


def test_step_that_ends_before_it_starts_is_located():
    data = example_data("plan")
    data["steps"][0]["end"] = "2026-02-20"
    with pytest.raises(OutlineError, match=r"steps\[0\]\.end: 结束日期 2026-02-20 早于开始日期 2026-03-01；请核对"):
        load(outline_text(data), "plan.yaml")


def test_step_dates_are_validated_with_their_field():
    data = example_data("plan")
    data["steps"][2]["start"] = "2026-02-30"
    with pytest.raises(OutlineError, match=r"steps\[2\]\.start: 日期 2026-02-30 不存在"):
        load(outline_text(data), "plan.yaml")


def test_task_units():
    assert duty_note("市城市管理局", "各区人民政府、各街道办事处") == (
        "（牵头单位：市城市管理局；责任单位：各区人民政府、各街道办事处）")
    assert duty_note("市城市管理局", None) == "（牵头单位：市城市管理局）"
    assert duty_note(None, "各区人民政府") == "（责任单位：各区人民政府）"
    assert duty_note(None, None) == ""
    text = to_text(build(load(outline_text(example_data("plan")))))
    assert "（牵头单位：市住房和城乡建设局；责任单位：市城市管理局、各区人民政府）\n　　1.中心城区" in text


def test_task_item_starting_with_a_digit_is_refused():
    data = example_data("plan")
    data["tasks"][1]["items"][0] = "6月底前完成积水点改造。"
    with pytest.raises(OutlineError, match=r"tasks\[1\]\.items\[0\]: 以数字开头，会与自动生成的序号连在一起"):
        load(outline_text(data))


# 表彰决定: the 决定事项 sentence and the 名单.


def test_grant_sentence_counts_and_quotes():
    awards = [Award("先进集体", units=["甲队", "乙队", "丙队"]),
              Award("先进个人", people=[Person("王建华", "甲队队长")])]
    assert grant_sentence(awards, "江澄市城市管理局", "为表彰先进，") == (
        "为表彰先进，江澄市城市管理局决定，授予甲队等3个单位“先进集体”称号，授予王建华同志“先进个人”称号。")
    assert grant_sentence(awards[:1], "某局").startswith("经研究，某局决定，授予甲队等3个单位")


def test_list_title_follows_the_title():
    assert list_title_from("关于表彰2025年度全市城市管理工作先进集体和先进个人的决定") == (
        "2025年度全市城市管理工作先进集体和先进个人名单")
    assert list_title_from("关于授予某某荣誉称号的决定") is None
    with pytest.raises(OutlineError, match="无法据此生成名单标题；请设置 list_title"):
        load(decision_text(title="关于授予某某荣誉称号的决定"))


def test_name_list_pads_two_character_names():
    text = to_text(build(load(outline_text(example_data("decision")))))
    assert "\n　　刘　敏　江澄市环境卫生管理中心垃圾分类科科长\n" in text
    assert "\n　　王建华　江澄市" in text
    assert "二、先进个人（10名）" in text and "一、先进集体（8个）" in text


def test_award_needs_units_or_people():
    data = example_data("decision")
    data["awards"][0]["people"] = [{"name": "王建华", "unit": "某队"}]
    with pytest.raises(OutlineError, match=r"awards\[0\]: units（先进集体）和 people（先进个人）须填写其中一项"):
        load(outline_text(data))


def test_duplicate_awardee_is_located():
    data = example_data("decision")
    data["awards"][0]["units"].append(data["awards"][0]["units"][0])
    with pytest.raises(OutlineError, match=r"awards\[0\]\.units\[8\]: 「.+」重复列出"):
        load(outline_text(data))


def test_two_awards_in_one_group_are_counted_from_one():
    data = example_data("decision")
    data["awards"].append({"honor": "另一称号", "units": ["某队"]})
    last = len(data["awards"])  # the example's 先进集体 is the first award
    with pytest.raises(OutlineError) as caught:
        load(outline_text(data))
    assert caught.value.path == ("awards", last - 1, "group")
    assert f"第 1 项和第 {last} 项表彰在名单中都归入「先进集体」；请分别设置 group" in str(caught.value)


def test_sealed_option_defaults_on_for_gongwen_kinds():
    assert load(outline_text(example_data("decision"))).document_info()["sealed"] is True
    assert load(outline_text(example_data("notice"))).document_info()["sealed"] is True
    assert load(decision_text(sealed=False)).document_info()["sealed"] is False


def test_notice_text_with_a_dash_range_is_located():
    data = example_data("notice")
    data["items"][0]["body"][0] = "自查时间为4月1日——4月20日。"
    with pytest.raises(OutlineError, match=r"items\[0\]\.body\[0\]: 表示起止请用一字线「—」.*不用「——」"):
        load(outline_text(data), "notice.yaml")
    # a telephone number is no range
    data["items"][0]["body"][0] = "自查时间为4月1日—4月20日，联系电话：0571-86801234。"
    load(outline_text(data), "notice.yaml")
