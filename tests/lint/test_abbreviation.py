"""「……（以下简称××）」 discipline (C101, C102)."""

from __future__ import annotations

import pytest

from speechkit.lint import lint_text
from speechkit.lint.engines.abbreviation import find_definitions


@pytest.mark.parametrize(("text", "abbr", "full"), [
    ("国家市场监督管理总局（以下简称市场监管总局）负责", "市场监管总局", "市场监督管理总局"),
    ("印发《关于加强基层治理的意见》（以下简称《意见》）", "《意见》", "《关于加强基层治理的意见》"),
    ("甘肃省人民政府（以下简称“省政府”）", "省政府", "省人民政府"),
    ("中华人民共和国安全生产法（以下简称安全生产法）", "安全生产法", "中华人民共和国安全生产法"),
    ("县政府决定成立乡村振兴工作领导小组（以下简称领导小组）", "领导小组", "乡村振兴工作领导小组"),
    ("第三条全县农村环境整治示范资金（以下简称示范资金）", "示范资金", "全县农村环境整治示范资金"),
    ("最高人民法院、最高人民检察院（以下简称“两高”）", "两高", None),
    ("市发展和改革委员会(以下简称市发展改革委)", "市发展改革委", "市发展和改革委员会"),
])
def test_definitions(text, abbr, full):
    (definition,) = find_definitions(text)
    assert (definition.abbr, definition.full) == (abbr, full)


def test_an_article_label_is_not_part_of_the_name():
    text = "第一章 总则\n第三条全县农村环境整治示范资金（以下简称示范资金）专款专用。"
    (definition,) = find_definitions(text)
    assert definition.full == "全县农村环境整治示范资金"


def test_full_name_repeated_after_the_definition(rules):
    text = (
        "甘肃省人民政府（以下简称“省政府”）高度重视此项工作。\n"
        "甘肃省人民政府将定期听取工作汇报。\n"
        "《甘肃省人民政府关于加强基层治理的意见》已经印发。\n"
        "甘肃省人民政府办公厅负责日常联络。\n"
        "甘肃省人民政府\n"
    )
    found = [(f.line, f.code, f.match) for f in lint_text(text, rules=rules)]
    assert found == [(2, "C101", "省人民政府")]


def test_abbreviation_before_its_definition(rules):
    text = "省政府要加强指导。\n甘肃省人民政府（以下简称“省政府”）负责统筹。\n省政府将定期听取汇报。\n"
    found = [(f.line, f.code, f.message) for f in lint_text(text, rules=rules)]
    assert found == [(1, "C102", "简称「省政府」在第2行才定义，首次出现时应使用全称")]


def test_abbreviation_inside_an_earlier_full_name_is_not_early(rules):
    text = "市发展和改革委员会牵头。\n市发展和改革委员会（以下简称市发展改革委）负责统筹。\n"
    assert lint_text(text, rules=rules) == []


def test_full_name_repeated_names_the_line_of_the_definition(rules):
    text = "全县河湖专项整治行动（以下简称专项行动）即日启动。\n各乡镇要按照全县河湖专项整治行动的部署抓好落实。\n"
    (finding,) = [f for f in lint_text(text, rules=rules) if f.code == "C101"]
    assert "（第1行）" in finding.message, finding.message
