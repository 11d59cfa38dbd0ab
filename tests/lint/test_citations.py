"""Old names that are not stale: cited issuers, explanations of a reform, the new body's own short form."""

from __future__ import annotations

import pytest

from speechkit.lint import lint_text

CLEAN = [
    "根据财政部、环保部《中央农村环境保护专项资金管理暂行办法》，制定本细则。",
    "依照环保部、农业部等六部委《秸秆禁烧和综合利用管理办法》，全面实施禁烧。",
    "按照国家工商行政管理总局令第33号的规定办理验照。",
    "依据国土资源部联合印发的《节约集约利用土地规定》开展评价。",
    "新组建的县自然资源局整合了县国土资源局的职责和县农业局的草原监督管理职责。",
    "将县农业局的农田整治职责划入新成立的县农业农村局。",
    "防止地下水污染的职责划出至县生态环保局。",
    "根据国土资源部关于加强耕地保护的通知（国土资发〔2010〕137号）精神，制定本方案。",
    "按照财政部、国土资源部关于规范土地出让收支管理的通知要求抓好落实。",
    "经国务院批准，国土资源部、财政部联合印发了《土地整治规划》。",
    "各地要按照省环保厅关于加强监管的通知要求抓好落实。",
    "根据河北省环保厅、省财政厅关于下达专项资金的通知，现将资金分配如下。",
]
STALE = [
    ("请县环保局按照《实施方案》抓好落实。", "环保局"),
    ("市环保局和县农业局要加强协作，履行监管职责。", "环保局"),
    ("由国土资源部牵头落实《土地管理法》有关规定。", "国土资源部"),
    ("县农业局要做好秸秆禁烧的宣传工作。", "农业局"),
    ("要落实县环保局关于秸秆禁烧的工作部署。", "环保局"),
    ("县农业局要按照省环保厅关于加强监管的通知要求抓好落实。", "农业局"),
]


@pytest.mark.parametrize("text", CLEAN)
def test_historical_uses_are_left_alone(text, rules):
    assert [f.match for f in lint_text(text, rules=rules) if f.code[0] == "T"] == []


@pytest.mark.parametrize(("text", "name"), STALE)
def test_current_uses_are_still_reported(text, name, rules):
    assert name in [f.match for f in lint_text(text, rules=rules) if f.code[0] == "T"]
