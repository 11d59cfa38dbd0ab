"""`speechkit lint` and `speechkit rules` as a user runs them: formats, exit statuses, inputs, bad inputs."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest

from speechkit.blocks import Block, Document, body_block
from speechkit.docx_io import docx_bytes
from speechkit.lint.rules import format_rules

DRAFT = "关于做好安全生产工作的通知\n\n　　请市环保局牵头，更新办公软体。\n其他事项另行通知。\n"


def test_clean_draft_exits_0_with_no_output(run, tmp_path):
    (tmp_path / "a.txt").write_text("各地要结合实际，抓好贯彻落实。\n", encoding="utf-8")
    result = run("lint", "a.txt")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_text_format(run, tmp_path):
    (tmp_path / "a.txt").write_text(DRAFT, encoding="utf-8")
    result = run("lint", "a.txt")
    assert result.exit_code == 1
    assert result.stdout == (
        "a.txt:3:5: T202 「环保局」已在2018年机构改革中改为「生态环境局」 [old-local-environment]\n"
        "a.txt:3:15: T301 「软体」是台湾地区用语，应改为「软件」 [tw-software]\n"
    )
    assert result.stderr == "共 2 处问题（错误 1 处、警告 1 处、提示 0 处），涉及 1 个文件\n"


def test_json_format_follows_the_documented_schema(run, tmp_path):
    (tmp_path / "a.txt").write_text(DRAFT, encoding="utf-8")
    result = run("lint", "--format", "json", "a.txt")
    assert result.exit_code == 1 and result.stderr == ""
    payload = json.loads(result.stdout)
    assert payload["schema"] == "speechkit-lint/1"
    assert payload["files"] == ["a.txt"]
    assert payload["summary"] == {"findings": 2, "error": 1, "warn": 1, "info": 0}
    first = payload["findings"][0]
    assert first == {
        "path": "a.txt", "line": 3, "column": 5, "end_line": 3, "end_column": 8,
        "code": "T202", "name": "old-local-environment", "severity": "warn",
        "message": "「环保局」已在2018年机构改革中改为「生态环境局」", "match": "环保局",
        "fix": {"replacement": "生态环境局", "safe": False},
        "block": 1, "start": 2, "end": 5,
    }
    assert payload["findings"][1]["fix"] == {"replacement": "软件", "safe": True}


def test_json_for_a_clean_draft(run, tmp_path):
    (tmp_path / "a.txt").write_text("抓好落实。\n", encoding="utf-8")
    result = run("lint", "--format", "json", "a.txt")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"] == []


def test_output_is_deterministic(run, tmp_path):
    (tmp_path / "a.txt").write_text(DRAFT * 20, encoding="utf-8")
    first = run("lint", "--format", "json", "a.txt").stdout
    assert first == run("lint", "--format", "json", "a.txt").stdout


def test_stdin(run):
    result = run("lint", "-", input=DRAFT.encode("utf-8"))
    assert result.exit_code == 1
    assert result.stdout.startswith("-:3:5: T202 ")


def test_gb18030_text(run, tmp_path):
    (tmp_path / "a.txt").write_bytes(DRAFT.encode("gb18030"))
    assert run("lint", "a.txt").stdout.count("\n") == 2


def test_docx_paragraph_numbers_are_lines(run, tmp_path):
    document = Document([
        Block("title", "关于转发有关通知的通知"),
        body_block("各区县："),
        body_block("请市环保局抓好落实，及时更新办公软体。"),
    ])
    (tmp_path / "a.docx").write_bytes(docx_bytes(document))
    result = run("lint", "a.docx")
    assert result.exit_code == 1
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == ["a.docx:3:3", "a.docx:3:17"]


def test_several_files_in_argument_order(run, tmp_path):
    (tmp_path / "b.txt").write_text("请市环保局牵头。\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# 通知\n\n请县安监局牵头。\n", encoding="utf-8")
    result = run("lint", "b.txt", "a.md")
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["b.txt", "a.md"]
    assert result.stderr == "共 2 处问题（错误 0 处、警告 2 处、提示 0 处），涉及 2 个文件\n"


# ---------------------------------------------------------------------------------------------
# Bad input: one line, exit 2, nothing else.


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


BAD_INPUTS = {
    "corrupt.docx": (b"PK\x03\x04" + b"\x00garbage" * 40, "corrupt.docx: 不是有效的 .docx 文件"),
    "truncated.docx": (None, "truncated.docx: "),
    "bomb.docx": (_zip({"word/document.xml": b" " * 5_000_000}),
                  "bomb.docx: word/document.xml 解压后有 5000000 字节，疑为压缩炸弹，拒绝读取"),
    "binary.txt": (bytes(range(256)) * 8, "binary.txt: 是二进制文件，不是文本文件"),
    "latin1.txt": ("Ð¡Ð¾Ð¾Ð±Ñ\u2030ÐµÐ½Ð¸Ðµ ÄÖÜ äöü ß".encode("cp1252") * 30,
                   "latin1.txt:1: 无法识别文本编码：从第 20 字节起不是 UTF-8，也不是 GB18030"),
    # Shift-JIS decodes as GB18030 into rare Han characters; drafts refuse it as batch tables do.
    "shift_jis.txt": ("関係部署各位\n総務課の山田太郎です。会議資料をお送りします。\n".encode("shift_jis") * 5,
                      "shift_jis.txt:1: 无法识别文本编码：从第 1 字节起不是 UTF-8"),
    "folder.txt": ("dir", "folder.txt: 文件夹中没有与 *.docx"),  # an empty folder: nothing to lint
    "missing.txt": ("missing", "missing.txt: 文件不存在；请检查路径"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_one_line_and_exit_2(run, tmp_path, name):
    data, expected = BAD_INPUTS[name]
    if data == "dir":
        (tmp_path / name).mkdir()
    elif data is None:
        good = docx_bytes(Document([body_block("请市环保局抓好落实。")]))
        (tmp_path / name).write_bytes(good[: len(good) // 2])
    elif data != "missing":
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text("请市环保局抓好落实。\n", encoding="utf-8")
    result = run("lint", "good.txt", name)
    assert result.exit_code == 2
    assert result.stdout == ""  # no half report: every draft is read before anything is printed
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("speechkit: 错误：") and expected in result.stderr, result.stderr


def test_bad_suppression_comment_is_located(run, tmp_path):
    (tmp_path / "a.md").write_text("正文。\n<!-- speechkit-disable T10x -->\n", encoding="utf-8")
    result = run("lint", "a.md")
    assert result.exit_code == 2
    assert result.stderr == "speechkit: 错误：a.md:2: speechkit 注释中的「T10x」不是规则代码或代码前缀" \
                            "（如 T101、T1、T）\n"


def test_no_traceback_in_a_real_process(tmp_path):
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04broken")
    proc = subprocess.run([sys.executable, "-m", "speechkit", "lint", "bad.docx"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == "speechkit: 错误：bad.docx: 不是有效的 .docx 文件（不是 zip 压缩包）\n"


# ---------------------------------------------------------------------------------------------
# speechkit rules


def test_rules_lists_every_rule(run, rules):
    result = run("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    # the lint rules and check-format's F rules, one registry in code order
    codes = [r.code for r in rules.rules] + [r.code for r in format_rules()]
    assert [line.split()[0] for line in lines] == sorted(codes)
    assert lines[0].startswith("C001  info ")


def test_rules_code_explains_one_rule_with_its_examples(run):
    result = run("rules", "T101")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("T101 old-land-resources-ministry\n")
    assert "级别：error" in out and "查找：国土资源部 → 自然资源部" in out and "修改：" in out
    assert "✗ 请国土资源部牵头制定实施方案。" in out and "✓ 各级国土资源部门要加强协作，形成工作合力。" in out


def test_rules_by_name_and_by_prefix(run):
    assert run("rules", "tw-software").stdout.startswith("T301 tw-software\n")
    assert [line.split()[0] for line in run("rules", "C1").stdout.splitlines()] == ["C101", "C102"]


def test_rules_unknown_code(run):
    result = run("rules", "Z999")
    assert result.exit_code == 2 and "没有与「Z999」相符的规则" in result.stderr


def test_rules_verify_passes_for_the_builtins(run):
    result = run("rules", "--verify")
    assert result.exit_code == 0 and result.stdout.endswith("个示例全部与所述相符\n")


def test_rules_verify_reports_a_failing_example(run, tmp_path):
    (tmp_path / "mine.yaml").write_text(
        "rules:\n  - code: U001\n    name: old-name\n    terms: [规划局]\n    preferred: 自然资源和规划局\n"
        "    examples:\n      fail: [请市规划局牵头。]\n      pass: [请市自然资源和规划局牵头。]\n",
        encoding="utf-8",
    )
    result = run("rules", "--terms", "mine.yaml", "U001", "--verify")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "mine.yaml:8: U001: pass 示例中报告了「规划局」：请市自然资源和规划局牵头。",
        "2 个示例中有 1 处与所述不符",
    ]
