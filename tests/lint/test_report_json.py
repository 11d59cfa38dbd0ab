"""The JSON report is written without json.dumps(indent=2), and must be byte for byte what that call writes."""

from __future__ import annotations

import json

import pytest

from speechkit.lint import lint_text
from speechkit.lint.findings import Finding, Fix
from speechkit.lint.report import json_report, payload


def reference(findings, paths) -> str:
    return json.dumps(payload(findings, paths), ensure_ascii=False, indent=2) + "\n"


def finding(message: str, match: str, fix: Fix | None, *, block: int | None = 0, summary: str = "",
            path: str = "a.txt", line: int = 1) -> Finding:
    return Finding(path, line, 3, line, 3 + len(match), "T301", "tw-software", "error", message, match, fix,
                   block, 2, 2 + len(match), summary=summary)


# Strings that json.dumps escapes: quotes, backslashes, control characters, a line separator, a lone
# surrogate (a .txt read with errors kept), astral ideographs.
AWKWARD = ['"引号"\\反斜杠', "换行\n制表\t回车\r", "\x00\x1f\x7f", "\u2028\u2029", "\ud800", "𠀀𪚥", "", "a/b"]


@pytest.mark.parametrize("text", AWKWARD)
def test_escaping_matches_json_dumps(text):
    findings = [finding(text, text, Fix(text, True)), finding("消息", text, None, block=None)]
    assert json_report(findings, [text or "-"]) == reference(findings, [text or "-"])


def test_no_findings_and_many_files():
    assert json_report([], []) == reference([], [])
    assert json_report([], ["a.txt", "b.docx", "-"]) == reference([], ["a.txt", "b.docx", "-"])


def test_summary_findings_with_detail_are_nested_like_json_dumps():
    members = [finding("段落", "軟體", Fix("软件", True), line=n, summary="全文为繁体字") for n in (1, 2, 3)]
    findings = [finding("其他", "软体", None), *members, finding("再一条", "网路", Fix("网络", False), line=9)]
    out = json_report(findings, ["a.txt"])
    assert out == reference(findings, ["a.txt"])
    assert len(json.loads(out)["findings"][1]["detail"]) == 3


def test_real_findings_of_every_family(rules):
    text = ("各单位要及时更新办公软体，国土资源部要加强网路安全。\n"
            "一、总体要求\n（一）加强领导\n截止2024年底，完成率达到百分之95%。\n"
            "請各單位於2024年3月1日前報送資料庫建設情況。\n")
    findings = lint_text(text, rules=rules)
    assert {f.code[0] for f in findings} >= {"T", "Z"}
    assert json_report(findings, ["-"]) == reference(findings, ["-"])


def test_a_traditional_draft_is_one_summary_finding(rules):
    text = "各單位要及時更新辦公軟體。\n請於本週內報送統計資料。\n網路安全責任重大。\n"
    findings = lint_text(text, rules=rules)
    out = json_report(findings, ["-"])
    assert out == reference(findings, ["-"])
    assert any("detail" in f for f in json.loads(out)["findings"])
