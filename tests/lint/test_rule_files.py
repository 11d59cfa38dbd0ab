"""User term files, speechkit.yaml and rule selection: good files work, bad ones stop the run with one
located line (file, line, entry) and exit status 2, before any draft is linted."""

from __future__ import annotations

import json

import pytest

from speechkit.config import ConfigError, read_section
from speechkit.errors import RuleError
from speechkit.lint import load_rules
from speechkit.lint.rules import load_file

GOOD = """\
description: 本单位常用名称
rules:
  - code: U001
    name: old-investment-office
    terms: {招商办: 投资促进局}
    except: [招商办公室]
    message: 「{match}」已并入「{preferred}」
    examples:
      fail: [请市招商办牵头落实。]
      pass: [请市投资促进局牵头落实。]
  - code: U002
    name: banned-phrase
    engine: existence
    severity: info
    terms: [高度重视]
    message: 「{match}」用得过多，请换成具体措施
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_term_file_adds_rules(run, tmp_path):
    write(tmp_path, "local.yaml", GOOD)
    write(tmp_path, "draft.txt", "请市招商办牵头落实，各单位要高度重视。\n")
    result = run("lint", "--terms", "local.yaml", "draft.txt")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "draft.txt:1:3: U001 「招商办」已并入「投资促进局」 [old-investment-office]",
        "draft.txt:1:15: U002 「高度重视」用得过多，请换成具体措施 [banned-phrase]",
    ]
    assert run("rules", "--terms", "local.yaml", "U001", "--verify").exit_code == 0


BAD = [
    ("severity", "    severity: fatal\n", 10, "rules[0] U001: severity: 应为 error、warn、info 之一，现为「fatal」"),
    ("code", "    code: T1\n", 9, "code: 应为一个大写字母加三位数字（如 T101），现为「T1」"),
    ("key", "    sevrity: warn\n", 10, "rules[0] U001: sevrity: 未知的键（引擎 substitution 可用："),
    ("regex", "    follow: '(未闭合'\n", 10, "rules[0] U001: follow: 正则表达式有误"),
    ("placeholder", "    message: 「{term}」已改名\n", 10, "未知的占位符 {term}（此引擎可用：{match}、{preferred}）"),
    ("terms", "    terms: 42\n", 9, "rules[0] U001: terms: 应为词语列表"),
    ("examples", "    examples: [请市招商办牵头。]\n", 10, "examples: 应为映射，其中含 fail: 和 pass: 列表"),
]


@pytest.mark.parametrize(("case", "extra", "line", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_entry_is_named_with_file_line_and_entry(run, tmp_path, case, extra, line, message):
    text = (
        "rules:\n"
        "  - code: U000\n"
        "    name: fine-entry\n"
        "    terms: [某某局]\n"
        "    preferred: 某某中心\n"
        "  - name: broken-entry\n"
        "    preferred: 投资促进局\n"
        "    code: U001\n"
    )
    if case != "terms":
        text += "    terms: [招商办]\n"
    if case == "code":
        text = text.replace("    code: U001\n", "")
    text += extra
    write(tmp_path, "bad.yaml", text)
    write(tmp_path, "draft.txt", "请市招商办牵头落实。\n")
    result = run("lint", "--terms", "bad.yaml", "draft.txt")
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"speechkit: 错误：bad.yaml:{line}: "), lines
    assert message.replace("rules[0]", "rules[1]") in lines[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("text", "expected"), [
    ("rules: [\n", "bad.yaml:2: YAML 格式错误"),
    ("", "bad.yaml:1: 应为映射，其中含 rules: 列表"),
    ("rules: []\n", "bad.yaml:1: rules 应为非空的条目列表"),
    ("rule:\n  - code: U001\n", "bad.yaml:1: 未知的键「rule」（可用：description、defaults、rules）"),
    ("rules:\n  - just text\n", "bad.yaml:2: rules[0]: 条目应为映射"),
    ("rules:\n  - code: T101\n    name: my-own\n    terms: [某局]\n    preferred: 新局\n",
     "bad.yaml:2: T101 已在 "),
    ("rules:\n  - code: U001\n    name: x\n    terms: !!python/object:os.system echo\n",
     "bad.yaml:4: rules[0].terms: 不支持 YAML 标签"),
])
def test_a_malformed_file_is_one_located_line(run, tmp_path, text, expected):
    write(tmp_path, "bad.yaml", text)
    write(tmp_path, "draft.txt", "正文。\n")
    result = run("lint", "--terms", "bad.yaml", "draft.txt")
    assert result.exit_code == 2
    assert len(result.output.splitlines()) == 1
    assert result.output.startswith(f"speechkit: 错误：{expected}"), result.output


def test_a_missing_or_non_utf8_term_file(run, tmp_path):
    write(tmp_path, "draft.txt", "正文。\n")
    result = run("lint", "--terms", "nowhere.yaml", "draft.txt")
    assert (result.exit_code, result.output) == (2, "speechkit: 错误：nowhere.yaml: 术语文件不存在；请检查路径\n")
    (tmp_path / "gbk.yaml").write_bytes("rules:\n  - code: U001\n    name: 招商办\n".encode("gbk"))
    result = run("lint", "--terms", "gbk.yaml", "draft.txt")
    assert result.exit_code == 2 and "gbk.yaml:3: 不是 UTF-8 文本（第 33 字节）" in result.output


def test_a_bad_term_file_stops_the_run_before_any_report(run, tmp_path):
    write(tmp_path, "a.txt", "请市环保局牵头。\n")
    write(tmp_path, "bad.yaml", "rules:\n  - code: U001\n")
    result = run("lint", "a.txt", "--terms", "bad.yaml")
    assert result.exit_code == 2
    assert "T202" not in result.output


def test_load_file_directly_raises_rule_error(tmp_path):
    path = write(tmp_path, "bad.yaml", "rules:\n  - code: U001\n    name: ok-name\n    engine: magic\n")
    with pytest.raises(RuleError) as caught:
        load_file(path)
    assert str(caught.value) == f"{path}:4: rules[0] U001: engine: 未知的引擎「magic」" \
                                "（可用：abbreviation、attachment、consistency、existence、marker、mixed-style、" \
                                "numbering、pairs、pattern、script、shape、substitution）"


# ---------------------------------------------------------------------------------------------
# Selection.


def test_select_and_ignore_by_code_prefix_and_name(rules):
    assert [r.code for r in rules.select(["T10"]).rules] == [f"T10{i}" for i in range(1, 10)]
    assert {r.code for r in rules.select(["C"], ["C1"]).rules} == {"C001", "C002", "C003", "C004"}
    assert [r.code for r in rules.select(["tw-software"]).rules] == ["T301"]
    assert len(rules.select(None, ["T"]).rules) == len([r for r in rules.rules if r.code[0] != "T"])


@pytest.mark.parametrize("selector", ["X", "T999", "t1", "software"])
def test_a_selector_that_matches_nothing_is_an_error(run, tmp_path, selector):
    write(tmp_path, "a.txt", "正文。\n")
    result = run("lint", "--select", selector, "a.txt")
    assert result.exit_code == 2 and len(result.output.splitlines()) == 1
    assert "speechkit: 错误：命令行: " in result.output and f"「{selector}」" in result.output


def test_cli_select_and_ignore(run, tmp_path):
    write(tmp_path, "a.txt", "请市环保局牵头，更新办公软体。\n")
    assert run("lint", "a.txt").stdout.count("\n") == 2
    assert "T301" not in run("lint", "--ignore", "T3", "a.txt").output
    result = run("lint", "--select", "T3,C", "a.txt")
    assert "T202" not in result.output and "T301" in result.output
    assert run("lint", "--select", "C", "a.txt").exit_code == 0


# ---------------------------------------------------------------------------------------------
# speechkit.yaml.


def test_config_section_selects_ignores_and_adds_terms(run, tmp_path):
    (tmp_path / "terms").mkdir()
    write(tmp_path, "terms/local.yaml", GOOD)
    write(tmp_path, "speechkit.yaml", "lint:\n  ignore: [T3]\n  terms: [terms/local.yaml]\ntemplates: {}\n")
    write(tmp_path, "a.txt", "请市招商办和市环保局牵头，更新办公软体。\n")
    codes = [line.split()[1] for line in run("lint", "a.txt").stdout.splitlines()]
    assert codes == ["U001", "T202"]
    # --select replaces the configured selection; --ignore adds to the configured one
    result = run("lint", "--select", "T", "--ignore", "T2", "a.txt")
    codes = [line.split()[1] for line in result.stdout.splitlines()]
    assert codes == []


@pytest.mark.parametrize(("config", "expected"), [
    ("lint:\n  selct: [T]\n", "speechkit.yaml:2: lint.selct: 未知设置「selct」（可用的设置：ignore、select、terms）"),
    ("lint:\n  select: 3\n", "speechkit.yaml:2: lint.select: 应为一段文字或文字列表，实际是整数 3"),
    ("lint:\n  ignore: [Q9]\n", "speechkit.yaml:2: lint.ignore: 没有与「Q9」相符的规则"),
    ("lint:\n  terms: [missing.yaml]\n", "speechkit.yaml:2: lint.terms[0]: 术语文件「missing.yaml」不存在"),
    ("lint: [T]\n", "speechkit.yaml:1: lint: lint 节应为「键: 值」形式的设置，实际是列表（1 项）"),
    ("lint:\n  select: [T\n", "speechkit.yaml:2: YAML 格式错误：第 11 个字符处的「[」没有配对的「]」"),
    # The outline's YAML reader reads speechkit.yaml too, with its hint for the commonest slip.
    ("lint：\n  select: [T]\n", "speechkit.yaml:1: YAML 格式错误：「lint」后是全角冒号「：」"),
    ("base: &b {select: [T]}\nlint:\n  <<: *b\n", "speechkit.yaml:3: lint: 不支持 YAML 合并键（<<）"),
])
def test_config_errors_are_located(run, tmp_path, config, expected):
    write(tmp_path, "speechkit.yaml", config)
    write(tmp_path, "a.txt", "正文。\n")
    result = run("lint", "a.txt")
    assert result.exit_code == 2
    assert result.output.startswith(f"speechkit: 错误：{expected}"), result.output


def test_read_section_is_generic(tmp_path):
    path = write(tmp_path, "speechkit.yaml", "templates:\n  folder: mine\n  strict: true\nlint: {}\n")
    section = read_section("templates", {"folder": "str", "strict": "bool"}, path)
    assert section.data == {"folder": "mine", "strict": True}
    assert section.line("strict") == 3
    assert read_section("other", {}, path).data == {}
    with pytest.raises(ConfigError) as caught:
        read_section("templates", {"folder": "int", "strict": "bool"}, path)
    assert str(caught.value) == f"{path}:2: templates.folder: 应为整数，实际是文字「mine」"


def test_no_config_file_means_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert read_section("lint", {"select": "strings"}).data == {}


def test_rules_listing_includes_user_rules_from_config(run, tmp_path):
    write(tmp_path, "local.yaml", GOOD)
    write(tmp_path, "speechkit.yaml", "lint:\n  terms: local.yaml\n")
    result = run("rules")
    assert result.exit_code == 0 and "U001" in result.output and "T101" in result.output


def test_json_lists_user_rule_findings(run, tmp_path):
    write(tmp_path, "local.yaml", GOOD)
    write(tmp_path, "a.txt", "请市招商办牵头落实。\n")
    payload = json.loads(run("lint", "--format", "json", "--terms", "local.yaml", "a.txt").output)
    assert [f["code"] for f in payload["findings"]] == ["U001"]


def test_builtin_rules_load_from_the_corpora(rules):
    assert load_rules().by_code.keys() == rules.by_code.keys()
    assert {r.file.rsplit("/", 1)[-1] for r in rules.rules} == {
        "institutions.yaml", "taiwan.yaml", "usage.yaml",  # terms
        "reform-1998-2008.yaml", "reform-2013-2018.yaml", "reform-2018-local.yaml", "reform-2021-2023.yaml",
        "structure.yaml", "punctuation.yaml", "numbers.yaml", "script.yaml",  # rules
    }


def test_precede_follow_and_near_conditions_in_a_user_file(tmp_path):
    from speechkit.lint import lint_text

    path = write(tmp_path, "ctx.yaml", (
        "rules:\n"
        "  - code: U010\n"
        "    name: only-after-qing\n"
        "    terms: {落实: 抓好落实}\n"
        "    precede: '请(?:各单位)?'\n"
        "    follow: '[^。\\n]*工作'\n"
        "    near: [通知]\n"
        "    near_scope: sentence\n"
    ))
    ruleset = load_rules([path], builtin=False)
    assert [f.code for f in lint_text("接通知后，请各单位落实有关工作。", rules=ruleset)] == ["U010"]
    assert lint_text("接通知后，各单位落实有关工作。", rules=ruleset) == []
    assert lint_text("接通知后，请各单位落实有关要求。", rules=ruleset) == []
    assert lint_text("请各单位落实有关工作。", rules=ruleset) == []


def test_near_words_count_in_the_same_clause_by_default(tmp_path):
    from speechkit.lint import lint_text

    path = write(tmp_path, "ctx.yaml", "rules:\n  - {code: U011, name: n, terms: {落实: 抓好落实}, near: [通知]}\n")
    ruleset = load_rules([path], builtin=False)
    assert [f.code for f in lint_text("接通知后请各单位落实。", rules=ruleset)] == ["U011"]
    assert lint_text("接通知后，请各单位落实。", rules=ruleset) == []
    bad = write(tmp_path, "bad.yaml", "rules:\n  - {code: U012, name: m, terms: {落实: 抓好落实}, near_scope: page}\n")
    with pytest.raises(RuleError, match="near_scope"):
        load_rules([bad], builtin=False)
