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
]
STALE = [
    ("请县环保局按照《实施方案》抓好落实。", "环保局"),
    ("市环保局和县农业局要加强协作，履行监管职责。", "环保局"),
    ("由国土资源部牵头落实《土地管理法》有关规定。", "国土资源部"),
    ("县农业局要做好秸秆禁烧的宣传工作。", "农业局"),
]


@pytest.mark.parametrize("text", CLEAN)
def test_historical_uses_are_left_alone(text, rules):
    assert [f.match for f in lint_text(text, rules=rules) if f.code[0] == "T"] == []


@pytest.mark.parametrize(("text", "name"), STALE)
def test_current_uses_are_still_reported(text, name, rules):
    assert name in [f.match for f in lint_text(text, rules=rules) if f.code[0] == "T"]
