"""Z family: traditional characters in a simplified draft, a wholly traditional draft (one line of text
output, every paragraph in JSON), simplified characters in a traditional draft; and what is not loaded."""

from __future__ import annotations

import json
import subprocess
import sys

import opencc
import pytest

from speechkit.lint import lint_text
from speechkit.lint.report import collapse, summary_line, text_report

from .fixing import check_fix_passes, fix_cases, fix_until_clean

S2T = opencc.OpenCC("s2t")
DRAFT = ("关于做好安全生产工作的通知\n各区县人民政府，市政府各部门：\n"
         "　　为认真贯彻落实全市安全生产工作会议精神，现就有关事项通知如下。\n"
         "　　一、压实各方责任\n　　各单位主要负责同志是本单位安全生产第一责任人。\n"
         "　　二、开展隐患排查\n　　要聚焦重点行业领域，对排查发现的问题建立台账、逐项销号。\n")


def z(text, rules):
    return [(f.line, f.code, f.match, f.fix.replacement, f.fix.safe) for f in lint_text(text, rules=rules)
            if f.code[0] == "Z"]


@pytest.mark.parametrize(("rule", "example"), fix_cases("Z"))
def test_every_fix_makes_its_fail_example_pass(rules, rule, example):
    check_fix_passes(rules, rule, example)


def test_stray_traditional_characters_one_finding_per_clause(rules):
    text = DRAFT.replace("压实各方责任", "壓實各方責任").replace("建立台账", "建立臺賬")
    assert z(text, rules) == [
        (4, "Z101", "壓實各方責", "压实各方责", True),
        (7, "Z101", "臺賬", "台账", True),
    ]
    fixed, rounds = fix_until_clean(text, rules.select(["Z"]))
    assert (fixed, rounds) == (DRAFT, 1)


def test_characters_that_are_also_simplified_are_not_reported_alone(rules):
    # 乾 and 於 are in GB2312: t2s changes them by context (乾→干), but a simplified draft may mean them.
    text = "乾隆年间修建的古桥，於是列入保护名录。王喆同志负责。"
    assert z(text, rules) == []
    assert z("要保持乾淨整潔的市容环境，各单位要抓好落实。", rules) == [(1, "Z101", "乾淨整潔", "干净整洁", True)]


def test_a_traditional_draft_is_one_line_of_text_and_every_paragraph_in_json(rules, run, tmp_path):
    (tmp_path / "trad.txt").write_text(S2T.convert(DRAFT), encoding="utf-8")
    findings = [f for f in lint_text(S2T.convert(DRAFT), rules=rules) if f.code[0] == "Z"]
    assert {f.code for f in findings} == {"Z103"} and len(findings) == 7
    assert all(f.fix.safe for f in findings)

    result = run("lint", "trad.txt")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "trad.txt:1:1: Z103 全文以繁体字书写（7段，共41个繁体字），应转换为简体字；各段详情见 --format json "
        "[traditional-document]"]
    assert result.stderr == "共 1 处问题（错误 1 处、警告 0 处、提示 0 处），涉及 1 个文件\n"

    payload = json.loads(run("lint", "--format", "json", "trad.txt").stdout)
    (summary,) = payload["findings"]
    assert payload["summary"]["findings"] == 1
    assert summary["fix"] is None and len(summary["detail"]) == 7
    assert [d["line"] for d in summary["detail"]] == [1, 2, 3, 4, 5, 6, 7]
    assert all(d["fix"]["safe"] for d in summary["detail"])
    first = summary["detail"][0]
    assert first["fix"]["replacement"] == "关于做好安全生产工作的通知"[: len(first["match"])]

    fixed, _ = fix_until_clean(S2T.convert(DRAFT).rstrip("\n"), rules.select(["Z"]))
    assert fixed == DRAFT.rstrip("\n")


def test_the_summary_respects_per_paragraph_suppression(rules):
    text = S2T.convert(DRAFT).replace("二、開展", "<!-- speechkit-disable-line Z --> 二、開展")
    findings = [f for f in lint_text(text, rules=rules) if f.code == "Z103"]
    assert 6 not in [f.line for f in findings] and len(findings) == 6
    (summary,) = collapse(findings)
    assert len(summary.detail) == 6 and summary.message.startswith("全文以繁体字书写")
    assert text_report(findings).count("\n") == 1
    assert summary_line(findings, 1) == "共 1 处问题（错误 1 处、警告 0 处、提示 0 处），涉及 1 个文件"


def test_simplified_characters_in_a_traditional_draft(rules):
    text = S2T.convert(DRAFT).replace("發現", "发现").replace("這", "这")
    text = text.replace("全市安全生產", "这次全市安全生產")
    only = rules.select(["Z102"])
    found = [(f.match, f.fix.replacement, f.fix.safe) for f in lint_text(text, rules=only)]
    assert found == [("这", "這", True), ("发现", "發現", False)]  # 发 is 發 or 髮: review
    # With Z103 selected too, each Z103 span covers the stray characters, so one fix settles all.
    both = rules.select(["Z102", "Z103"])
    fixed, rounds = fix_until_clean(text.rstrip("\n"), both, unsafe=False)
    assert rounds == 1 and fixed == DRAFT.replace("全市安全生产", "这次全市安全生产").rstrip("\n")
    # A paragraph with no traditional character is already what Z103 makes: Z102 does not turn it traditional.
    mixed = "一、总体要求\n" + S2T.convert(DRAFT)
    assert [f for f in lint_text(mixed, rules=both) if f.line == 1] == []
    assert [f.match for f in lint_text(mixed, rules=only) if f.line == 1] == ["总体"]
    assert fix_until_clean(mixed.rstrip("\n"), both, unsafe=False) == ("一、总体要求\n" + DRAFT.rstrip("\n"), 1)


def test_a_clean_draft_loads_neither_jieba_nor_opencc(tmp_path):
    (tmp_path / "clean.txt").write_text(DRAFT, encoding="utf-8")
    code = ("import sys; from speechkit.lint import lint; "
            f"found = lint({str(tmp_path / 'clean.txt')!r}); "
            "print(len(found), 'jieba' in sys.modules, 'opencc' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "False", "False"]
