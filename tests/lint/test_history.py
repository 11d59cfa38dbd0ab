"""Historical uses of an outdated name stay clean; a reused draft's old names are still reported.

Each case is data: a sentence, and the (code, match) findings the built-in rules must give for it.
"""

from __future__ import annotations

import pytest

from speechkit.lint import lint_text
from speechkit.lint.history import past_years

HISTORICAL = [
    # the issuer of a cited document
    "依照国土资源部令第15号的规定办理。",
    "严格执行建设部81号令。",
    "执行建设部第81号令的有关规定。",
    "按照国土资源部令（第39号）执行。",
    "参照国家质检总局公告2015年第12号执行。",
    "按照劳社部发〔2005〕18号文件执行。",
    "以食品药品监管总局《食用农产品市场销售质量安全监督管理办法》为依据。",
    "根据国土资发〔2016〕23号文件的要求办理。",
    # a note saying what the body is now
    "国土资源部（现自然资源部）曾开展过专项督察。",
    "市工商局（现市市场监管局）负责登记。",
    # a source of figures
    "据国土资源部统计，全国耕地保有量保持稳定。",
    "据原环保部监测数据，空气质量持续改善。",
    "据县农业局调查，粮食播种面积有所增加。",
    # a dated past, or a sentence about the reform
    "2016年，国土资源部印发了土地整治规划。",
    "2016年3月，市工商局开展了商事制度改革试点。",
    "截至2015年底，县环保局已完成全部排污许可证核发。",
    "2011—2015年，市国土资源局累计供应建设用地两万亩。",
    "机构改革前，县安监局承担这项职责。",
    "二〇一六年，县环保局完成了排污许可证核发。",
    "２０１６年，县环保局完成了排污许可证核发。",
    "当时的县工商局负责个体户登记。",
    "该局曾用名县国土资源局。",
    "国家经贸委撤销后，有关职责划入商务部。",
    "县工商局于2019年并入县市场监督管理局。",
    "原市政府法制办的行政复议职责已划入市司法局。",
]

REPORTED = [
    # a year that is the object of the work: the reused 2011 plan still says 国土资源部
    ("2011年度工作要点已报国土资源部备案。", [("T101", "国土资源部")]),
    ("市国土资源局2011年工作计划已印发。", [("T201", "国土资源局")]),
    ("县环保局2012年工作总结要突出重点。", [("T202", "环保局")]),
    # a year that a verb of managing the work takes as its object
    ("市安监局副局长带领考核组考核甘谷县2014年安全生产工作。", [("T205", "安监局")]),
    ("市人口计生委主任通报2009年度人口计生工作情况，安排2010年的工作。", [("T128", "人口计生委")]),
    # a target year
    ("到2015年，市工商局要完成全部登记档案数字化。", [("T206", "工商局")]),
    ("力争2017年底前，县安监局完成全部企业标准化达标。", [("T205", "安监局")]),
    ("2017年前县卫计局要完成村卫生室标准化建设。", [("T204", "卫计局")]),
    # a sentence that plans: the year is the plan's
    ("2011年，市国土资源局要重点抓好耕地保护工作。", [("T201", "国土资源局")]),
    ("2015年，县工商局将全面推行企业年报公示。", [("T206", "工商局")]),
    ("根据《国务院关于加强耕地保护的通知》（国发〔2016〕5号），市国土资源局要抓好落实。", [("T201", "国土资源局")]),
    # a period that runs up to now
    ("2016年以来，环境保护部持续推进督察。", [("T103", "环境保护部")]),
    # 据 without figures, and a plain request
    ("根据国土资源部要求，抓紧完成变更调查。", [("T101", "国土资源部")]),
    ("请国土资源部牵头制定实施方案。", [("T101", "国土资源部")]),
    # an order number that is not the old body's
    ("国土资源部要落实国务院令第653号的要求。", [("T101", "国土资源部")]),
]


def found(rules, text):
    return [(f.code, f.match) for f in lint_text(text, rules=rules) if f.code[0] == "T"]


@pytest.mark.parametrize("text", HISTORICAL)
def test_historical_uses_are_left_alone(rules, text):
    assert found(rules, text) == []


@pytest.mark.parametrize(("text", "expected"), REPORTED)
def test_reused_drafts_are_reported(rules, text, expected):
    assert found(rules, text) == expected


@pytest.mark.parametrize(("sentence", "years"), [
    ("2016年，国土资源部印发了规划", [2016]),
    ("2011年度工作要点", []),
    ("市考核组考核甘谷县2014年安全生产工作", []),
    ("主任通报2009年度工作情况，安排2010年的工作", []),
    ("2014年，市考核组考核了全县安全生产工作", [2014]),
    ("2011年工作要点", []),
    ("到2015年，全面完成", []),
    ("截至2015年底，已完成", [2015]),
    ("2011—2015年，累计完成", [2015]),
    ("按照国土资发〔2016〕23号文件", [2016]),
    ("2016年以来，持续推进", []),
    ("2011年，全市要抓好耕地保护", []),
    ("2011年，全市抓好了耕地保护", [2011]),
    ("为了做好2012年的统计工作，各单位要抓紧报送", []),
    ("2016年内蒙古自治区印发了方案", [2016]),
    ("二〇一六年，省政府印发了方案", [2016]),
    ("２０１１年度工作要点", []),
])
def test_past_years(sentence, years):
    assert past_years(sentence) == years
