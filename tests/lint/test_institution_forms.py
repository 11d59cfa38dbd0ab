"""Outdated names are found under every level's prefix, and today's names are never reported.

Both lists are data: the prefixes a drafter writes before a local body (glued to it or not, with a
place name or not), and current names and brands that contain an old name's characters or that the
reforms kept.
"""

from __future__ import annotations

import pytest

from speechkit.lint import lint_text

PREFIXES = """
    省 市 县 区 自治区 自治州 旗 盟 镇 开发区 浦东新区 合肥市 北京市 宁都县 黔西南州
    鄂托克旗 海淀区 通州
""".split() + [""]  # and no prefix at all
OLD_LOCAL = """
    工商局 国土资源局 环保局 安监局 卫计局 质监局 食药监局 农业局 文广新局 扶贫办 人事局
    劳动局 交通局 物价局 农委 计生局 卫生局 工商所 地税局 法制办 经信委 综治办
""".split()


@pytest.mark.parametrize("prefix", PREFIXES)
def test_old_local_names_are_found_after_every_prefix(rules, prefix):
    missed = []
    for name in OLD_LOCAL:
        for sentence in ("请{}牵头落实。", "{}要抓好落实。", "会同{}、财政局办理。"):
            text = sentence.format(prefix + name)
            if not any(f.match == name for f in lint_text(text, rules=rules) if f.code[0] == "T"):
                missed.append(text)
    assert missed == []


CURRENT = """
    自然资源和规划局 规划和自然资源局 规划和自然资源委员会 市场监督管理局 市场监管所 国家乡村振兴局
    国家外国专家局 国家海洋局 国家药品监督管理局 国家新闻出版署 消防救援支队 消防救援站
    森林消防大队 国家矿山安全监察局 人民银行江苏省分行 农业农村局 农业农村委员会 文化广电和旅游局
    文化广电体育和旅游局 卫生健康局 住房和城乡建设局 城乡建设委员会 上海市经济和信息化委员会
    地方金融管理局 国防动员办公室 应急管理局 县委编办 全国人大农委
    国家税务总局江苏省税务局 经济和信息化局 民族宗教事务委员会 档案局 老龄办 边境派出所
    退役军人事务局 医疗保障局 综治中心 信访局 公安局交通管理局 交通运输局 生态环境分局 中央政法委
    中央和国家机关工委 中央党史和文献研究院 中央全面深化改革委员会 国家消防救援局
    国家森林草原防灭火指挥部 国家知识产权局商标局 国家发展改革委 工业和信息化部 住房和城乡建设部
    交通运输部 中国民用航空局 科学技术部 粮食和物资储备局 林业和草原局 林业局 国家金融监督管理总局
    金融监管分局 农业银行县支行 工商联 工商银行 规划建设局 国家铁路局 国家统计局 国家数据局
    北京市交通委员会 市委金融办 生态环境部门 城市管理局 县委农办 中心支行
""".split()


@pytest.mark.parametrize("name", CURRENT)
def test_current_names_are_not_reported(rules, name):
    for sentence in ("请市{}牵头落实。", "{}要认真做好有关工作。", "由县{}负责。"):
        text = sentence.format(name)
        assert [f.code for f in lint_text(text, rules=rules) if f.code[0] == "T"] == [], text


def test_each_term_belongs_to_one_rule(rules):
    # A term in two rules would report the same span twice, with two messages.
    owners: dict[str, list[str]] = {}
    for rule in rules.rules:
        for term in rule.params.get("terms") or ():
            owners.setdefault(term, []).append(rule.code)
    assert {term: codes for term, codes in owners.items() if len(codes) > 1} == {}


def test_every_outdated_name_rule_says_where_its_facts_come_from(rules):
    missing = [r.code for r in rules.rules if r.code[:2] in ("T1", "T2") and not r.source.strip()]
    assert missing == []


@pytest.mark.parametrize(("text", "match"), [
    ("县工商局长在会上作了表态发言。", "工商局"),
    ("时任市环保局长的同志已经退休。", None),
    ("国土资源部长出席会议并讲话。", "国土资源部"),
    ("省农业厅长带队开展调研。", "农业厅"),
])
def test_the_head_of_an_old_body(rules, text, match):
    found = [f.match for f in lint_text(text, rules=rules) if f.code[0] == "T"]
    assert found == ([match] if match else [])
