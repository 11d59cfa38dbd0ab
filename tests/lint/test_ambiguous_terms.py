"""Taiwan-style words that are also mainland words: the word showing the Taiwan sense must share the clause."""

from __future__ import annotations

import pytest

from speechkit.lint import lint_text


@pytest.mark.parametrize("text", [
    "各部门要依法行使行政许可权，在政务服务平台公开办理流程。",
    "依法下放行政许可权，由审批系统自动推送到各乡镇。",
    "加强网路安全，提升产品品质和服务品质。",
])
def test_mainland_compounds_next_to_a_computing_clause(text, rules):
    assert [f.code for f in lint_text(text, rules=rules) if f.code.startswith("T4")] == []


@pytest.mark.parametrize(("text", "code"), [
    ("请管理员为新用户开通共享目录的访问许可权。", "T403"),
    ("部分乡镇视讯会议的连线品质不稳定。", "T413"),
])
def test_the_taiwan_sense_in_the_same_clause(text, code, rules):
    assert code in [f.code for f in lint_text(text, rules=rules)]
