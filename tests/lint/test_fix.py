"""`speechkit lint --fix / --unsafe-fixes / --diff / -o`: text drafts, encodings, output discipline, reporting."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from types import SimpleNamespace

import pytest

from speechkit.lint import Finding, Fix, load_rules
from speechkit.lint.fix import choose, fix_bytes

# 农业部 (T104) and 软体 (T301) have safe fixes; 环保局 (T202) an unsafe one; 其它 loses to 其他 (C001, safe).
DRAFT = (
    "关于加快推进政务信息化建设的通知\n"
    "\n"
    "　　请农业部、市环保局牵头，统一更新办公软体，其他事项另行通知。\n"
    "其它未尽事项，由各单位结合实际研究办理。\n"
)
SAFE_FIXED = (
    "关于加快推进政务信息化建设的通知\n"
    "\n"
    "　　请农业农村部、市环保局牵头，统一更新办公软件，其他事项另行通知。\n"
    "其他未尽事项，由各单位结合实际研究办理。\n"
)
ALL_FIXED = SAFE_FIXED.replace("市环保局", "市生态环境局")
REMAINING = "a.txt:3:11: T202 「环保局」已在2018年机构改革中改为「生态环境局」 [old-local-environment]\n"
UNSAFE_LEFT = "仍有 1 处问题（1 处的修改须审阅：请人工核对，或加 --unsafe-fixes）"


def test_fix_in_place_applies_safe_fixes_and_reports_what_remains(run, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DRAFT, encoding="utf-8")
    result = run("lint", "--fix", "a.txt")
    assert result.exit_code == 1  # the unsafe 环保局 fix is left for review
    assert path.read_text(encoding="utf-8") == SAFE_FIXED
    assert result.stdout == REMAINING
    assert result.stderr == (
        "a.txt:3:4: 已修改 T104 「农业部」→「农业农村部」\n"
        "a.txt:3:21: 已修改 T301 「软体」→「软件」\n"
        "a.txt:4:1: 已修改 C001 「其它」→「其他」\n"
        "已修改 3 处，涉及 1 个文件；仍有 1 处问题（1 处的修改须审阅：请人工核对，或加 --unsafe-fixes）\n"
    )


def test_unsafe_fixes_leave_nothing_and_exit_0(run, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DRAFT, encoding="utf-8")
    result = run("lint", "--unsafe-fixes", "a.txt")
    assert (result.exit_code, result.stdout) == (0, "")
    assert path.read_text(encoding="utf-8") == ALL_FIXED
    assert result.stderr.endswith("已修改 4 处，涉及 1 个文件；没有遗留问题\n")


def test_a_second_fix_changes_nothing(run, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DRAFT, encoding="utf-8")
    run("lint", "--fix", "a.txt")
    once = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    result = run("lint", "--fix", "a.txt")
    assert path.read_bytes() == once and path.stat().st_mtime_ns == mtime  # not even rewritten
    assert result.exit_code == 1
    assert result.stderr == f"已修改 0 处，涉及 0 个文件；{UNSAFE_LEFT}\n"


def test_findings_without_a_fix_are_counted_as_such(run, tmp_path):
    (tmp_path / "a.txt").write_text("请国家税务局做好衔接，更新办公软体。\n", encoding="utf-8")
    result = run("lint", "--fix", "a.txt")
    assert result.exit_code == 1
    assert "T125" in result.stdout
    assert result.stderr.endswith("已修改 1 处，涉及 1 个文件；仍有 1 处问题（1 处无自动修改）\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16-le-bom", "utf-16-be-bom"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "mixed"])
def test_encoding_and_line_endings_are_kept(run, tmp_path, encoding, newline):
    def encode(text: str) -> bytes:
        lines = text.split("\n")
        if newline == "mixed":
            text = "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(lines[:-1])) + lines[-1]
        else:
            text = newline.join(lines)
        if encoding == "utf-16-le-bom":
            return b"\xff\xfe" + text.encode("utf-16-le")
        if encoding == "utf-16-be-bom":
            return b"\xfe\xff" + text.encode("utf-16-be")
        return text.encode(encoding)

    path = tmp_path / "a.txt"
    path.write_bytes(encode(DRAFT.rstrip("\n")))  # and no newline at the end
    result = run("lint", "--unsafe-fixes", "a.txt")
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == encode(ALL_FIXED.rstrip("\n"))


def test_markdown_prefixes_and_indentation_stay(run, tmp_path):
    draft = "## 一、关于农业部职责调整\n\n- 更新办公软体\n> 其它事项另行通知，其他事项按规定办理。\n"
    (tmp_path / "a.md").write_text(draft, encoding="utf-8")
    result = run("lint", "--fix", "a.md")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == (
        "## 一、关于农业农村部职责调整\n\n- 更新办公软件\n> 其他事项另行通知，其他事项按规定办理。\n"
    )


def test_suppressed_findings_are_not_fixed(run, tmp_path):
    draft = "更新办公软体。<!-- speechkit-disable-line T301 -->\n更新办公软体。\n"
    (tmp_path / "a.txt").write_text(draft, encoding="utf-8")
    run("lint", "--fix", "a.txt")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == (
        "更新办公软体。<!-- speechkit-disable-line T301 -->\n更新办公软件。\n"
    )


def test_traditional_draft_gets_a_traditional_fix(run, tmp_path):
    (tmp_path / "a.txt").write_text("請農業部牽頭，更新辦公軟體。\n", encoding="utf-8")
    result = run("lint", "--fix", "--select", "T", "a.txt")
    assert result.exit_code == 0, result.stdout
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "請農業農村部牽頭，更新辦公軟件。\n"


# ---------------------------------------------------------------------------------------------
# -o OUT and --force.


def test_output_file_leaves_the_draft_alone(run, tmp_path):
    (tmp_path / "a.txt").write_text(DRAFT, encoding="gb18030")
    result = run("lint", "--fix", "a.txt", "-o", "fixed.txt")
    assert result.exit_code == 1
    assert (tmp_path / "a.txt").read_text(encoding="gb18030") == DRAFT
    assert (tmp_path / "fixed.txt").read_text(encoding="gb18030") == SAFE_FIXED
    assert result.stderr.endswith("已写入 fixed.txt\n")


def test_output_is_written_even_when_nothing_needs_fixing(run, tmp_path):
    (tmp_path / "a.txt").write_text("抓好贯彻落实。\n", encoding="utf-8")
    result = run("lint", "--fix", "a.txt", "-o", "b.txt")
    assert result.exit_code == 0
    assert (tmp_path / "b.txt").read_bytes() == (tmp_path / "a.txt").read_bytes()


def test_existing_output_needs_force(run, tmp_path):
    (tmp_path / "a.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "b.txt").write_text("留存稿\n", encoding="utf-8")
    result = run("lint", "--fix", "a.txt", "-o", "b.txt")
    assert result.exit_code == 2
    assert result.stderr == "speechkit: 错误：b.txt: 已存在；如需覆盖，请加 --force\n"
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "留存稿\n"
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DRAFT
    result = run("lint", "--fix", "a.txt", "-o", "b.txt", "--force")
    assert result.exit_code == 1
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == SAFE_FIXED


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a.txt", "b.txt", "--fix", "-o", "c.txt"],
         "-o/--output 只能用于一份草稿，现有 2 份；请逐份修改，或去掉 -o 就地修改"),
        (["a.txt", "-o", "c.txt"], "-o/--output 用于写出修改后的草稿，须与 --fix 或 --unsafe-fixes 同用"),
        (["a.txt", "--diff", "-o", "c.txt"], "--diff 只显示改动，不写文件；请去掉 -o/--output"),
        (["a.txt", "--fix", "--diff", "-o", "c.txt"], "--diff 只显示改动，不写文件；请去掉 -o/--output"),
        (["a.txt", "--diff", "--format", "json"], "--diff 在标准输出显示改动，不能与 --format json 同用"),
        (["-", "--fix"], "从标准输入读入的草稿，修改后须用 -o OUT 指定写到哪里（或用 --diff 只看改动）"),
        (["a.txt", "--fix", "-o", "c.docx"], "c.docx: 修改后的草稿是文本；-o 请给文本文件名（不以 .docx 结尾）"),
        (["a.txt", "--fix", "--annotate", "c.docx"],
         "--annotate 按草稿原样加批注，不与 -o/--output、--diff 同用；要修改，请另行运行 --fix"
         "（或与 --track-changes 同用，把修改写成修订）"),
        (["a.txt", "--fix", "-o", "nowhere/c.txt"], "nowhere/c.txt: 文件夹「nowhere」不存在；请先创建"),
    ],
)
def test_option_errors_are_one_line_and_write_nothing(run, tmp_path, args, message):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(DRAFT, encoding="utf-8")
    result = run("lint", *args)
    assert result.exit_code == 2
    assert result.stderr == f"speechkit: 错误：{message}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DRAFT


def test_a_bad_draft_among_several_stops_everything_before_writing(run, tmp_path):
    (tmp_path / "a.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary\x00")
    result = run("lint", "--fix", "a.txt", "b.txt")
    assert result.exit_code == 2
    assert result.stderr == "speechkit: 错误：b.txt: 是二进制文件，不是文本文件\n"
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DRAFT


def test_several_drafts_are_fixed_in_place(run, tmp_path):
    (tmp_path / "a.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "b.txt").write_text("更新办公软体。\n", encoding="utf-8")
    result = run("lint", "--fix", "a.txt", "b.txt", "a.txt")
    assert result.exit_code == 1
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == SAFE_FIXED
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "更新办公软件。\n"
    assert result.stderr.endswith("已修改 4 处，涉及 2 个文件；仍有 1 处问题（1 处的修改须审阅：请人工核对，"
                                  "或加 --unsafe-fixes）\n")


def test_permissions_are_kept_and_a_symlink_stays_a_symlink(run, tmp_path):
    real = tmp_path / "real.txt"
    real.write_text(DRAFT, encoding="utf-8")
    real.chmod(0o640)
    (tmp_path / "link.txt").symlink_to(real)
    result = run("lint", "--fix", "link.txt")
    assert result.exit_code == 1
    assert (tmp_path / "link.txt").is_symlink()
    assert real.read_text(encoding="utf-8") == SAFE_FIXED
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_read_only_draft_is_an_error(run, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DRAFT, encoding="utf-8")
    path.chmod(0o444)
    result = run("lint", "--fix", "a.txt")
    assert result.exit_code == 2
    assert result.stderr == "speechkit: 错误：a.txt: is read-only; not fixed\n"
    assert path.read_text(encoding="utf-8") == DRAFT


# ---------------------------------------------------------------------------------------------
# stdin and stdout.


def test_stdin_to_output_file_and_to_stdout(run, tmp_path):
    data = DRAFT.encode("gb18030")
    result = run("lint", "--fix", "-", "-o", "out.txt", input=data)
    assert result.exit_code == 1
    assert (tmp_path / "out.txt").read_bytes() == SAFE_FIXED.encode("gb18030")
    assert result.stdout.startswith("-:3:11: T202 ")
    result = run("lint", "--unsafe-fixes", "-", "-o", "-", input=data)
    assert result.exit_code == 0
    assert result.stdout_bytes == ALL_FIXED.encode("gb18030")  # the report went to stderr
    assert "已修改 4 处，涉及 1 个文件；没有遗留问题" in result.stderr


# ---------------------------------------------------------------------------------------------
# --diff


def test_diff_prints_a_unified_diff_and_writes_nothing(run, tmp_path):
    (tmp_path / "a.txt").write_text(DRAFT, encoding="utf-8")
    result = run("lint", "--diff", "a.txt")
    assert result.exit_code == 1  # the unsafe fix would remain
    assert result.stdout == (
        "--- a.txt\n"
        "+++ a.txt\n"
        "@@ -1,4 +1,4 @@\n"
        " 关于加快推进政务信息化建设的通知\n"
        " \n"
        "-　　请农业部、市环保局牵头，统一更新办公软体，其他事项另行通知。\n"
        "-其它未尽事项，由各单位结合实际研究办理。\n"
        "+　　请农业农村部、市环保局牵头，统一更新办公软件，其他事项另行通知。\n"
        "+其他未尽事项，由各单位结合实际研究办理。\n"
    )
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DRAFT
    assert result.stderr == (
        "a.txt:3:4: 将修改 T104 「农业部」→「农业农村部」\n"
        "a.txt:3:21: 将修改 T301 「软体」→「软件」\n"
        "a.txt:4:1: 将修改 C001 「其它」→「其他」\n"
        "a.txt:3:11: T202 「环保局」已在2018年机构改革中改为「生态环境局」 [old-local-environment]\n"
        "将修改 3 处，涉及 1 个文件；仍有 1 处问题（1 处的修改须审阅：请人工核对，或加 --unsafe-fixes）\n"
    )


def test_diff_of_a_file_without_final_newline_applies_with_patch(run, tmp_path):
    if shutil.which("patch") is None:
        pytest.skip("no patch(1)")
    (tmp_path / "a.txt").write_text(DRAFT.rstrip("\n"), encoding="utf-8")
    result = run("lint", "--diff", "--unsafe-fixes", "a.txt")
    assert result.exit_code == 0
    assert result.stdout.endswith("\n\\ No newline at end of file\n")
    subprocess.run(["patch", "-s", "-p0"], input=result.stdout.encode(), cwd=tmp_path, check=True)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == ALL_FIXED.rstrip("\n")


def test_diff_is_empty_for_a_clean_draft(run, tmp_path):
    (tmp_path / "a.txt").write_text("抓好贯彻落实。\n", encoding="utf-8")
    result = run("lint", "--diff", "a.txt")
    assert (result.exit_code, result.stdout) == (0, "")


# ---------------------------------------------------------------------------------------------
# JSON


def test_json_lists_what_remains_and_what_was_fixed(run, tmp_path):
    (tmp_path / "a.txt").write_text(DRAFT, encoding="utf-8")
    result = run("lint", "--fix", "--format", "json", "a.txt")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["schema"] == "speechkit-lint/1"
    assert [f["code"] for f in payload["findings"]] == ["T202"]
    assert payload["summary"]["findings"] == 1
    assert [(f["code"], f["match"], f["fix"]["replacement"], f["round"]) for f in payload["fixed"]] == [
        ("T104", "农业部", "农业农村部", 1), ("T301", "软体", "软件", 1), ("C001", "其它", "其他", 1),
    ]


# ---------------------------------------------------------------------------------------------
# Choosing among overlapping fixes, and rounds, with rules that are not term rules.


def _finding(block, start, end, match, replacement, code="X001", safe=True):
    return Finding("-", 1, start + 1, 1, end + 1, code, "x", "error", "m", match, Fix(replacement, safe), block,
                   start, end)


def test_choose_is_deterministic_and_leaves_overlaps():
    a = _finding(0, 0, 3, "网路伺", "网络伺")
    b = _finding(0, 2, 5, "伺服器", "服务器")
    c = _finding(0, 5, 5, "", "。")
    d = _finding(0, 5, 5, "", "！", code="X002")
    e = _finding(0, 5, 7, "资料", "数据")
    f = _finding(1, 0, 2, "软体", "软件", safe=False)
    g = _finding(0, 2, 5, "伺服器", "服务器", code="X003")  # the same edit as b, from another rule
    findings = [g, f, e, d, c, b, a]
    assert choose(findings) == [a, e]  # 5–7 is longer than the insertions at 5, which then clash with it
    assert choose(findings, unsafe=True) == [a, e, f]
    assert choose([b, g, c, d]) == [b, g, c]
    summary = Finding("-", 1, 1, 1, 2, "Z001", "z", "warn", "m", "x", None, 0, 0, 1, detail=(a, f))
    assert choose([summary], unsafe=True) == [a, f]


class _PairEngine:
    """Two overlapping fixes wherever 网路伺服器 appears; each round can make only one of them."""

    rule = SimpleNamespace(code="X101", name="pair", severity="error")

    def run(self, draft):
        k = draft.joined.find("网路伺服器")
        while k >= 0:
            yield draft.finding(self.rule, k, k + 3, "网路伺", "网络伺", True)
            yield draft.finding(self.rule, k + 2, k + 5, "伺服器", "服务器", True)
            k = draft.joined.find("网路伺服器", k + 1)
        k = draft.joined.find("网络伺服器")
        while k >= 0:
            yield draft.finding(self.rule, k + 2, k + 5, "伺服器", "服务器", True)
            k = draft.joined.find("网络伺服器", k + 1)


class _FlipEngine:
    """A broken rule pair: 甲 → 乙 and 乙 → 甲."""

    rule = SimpleNamespace(code="X201", name="flip", severity="error")

    def run(self, draft):
        for k, ch in enumerate(draft.joined):
            if ch in "甲乙":
                yield draft.finding(self.rule, k, k + 1, "m", "乙" if ch == "甲" else "甲", True)


def _ruleset(engine):
    segmenter = load_rules().segmenter
    return SimpleNamespace(segmenter=segmenter, engines=lambda: [engine])


def test_overlapping_fixes_converge_over_rounds():
    data = "升级网路伺服器，再检查网路伺服器。\n".encode()
    result = fix_bytes("a.txt", data, _ruleset(_PairEngine()))
    assert result.after.decode() == "升级网络服务器，再检查网络服务器。\n"
    assert result.rounds == 2 and result.settled
    assert [(a.round, a.finding.match) for a in result.applied] == [
        (1, "网路伺"), (1, "网路伺"), (2, "伺服器"), (2, "伺服器"),
    ]
    again = fix_bytes("a.txt", result.after, _ruleset(_PairEngine()))
    assert again.after == result.after and not again.applied


def test_fixes_that_undo_each_other_stop():
    result = fix_bytes("a.txt", "甲方\n".encode(), _ruleset(_FlipEngine()))
    assert not result.settled and result.circling
    assert result.rounds == 2  # 甲 → 乙 → 甲: back where it started
    assert result.after.decode() == "甲方\n"


def test_unsettled_fixes_are_warned_about_in_one_line_each():
    import io

    from speechkit.lint.commands import _warn_unsettled

    err = io.StringIO()
    circling = fix_bytes("a.txt", "甲方\n".encode(), _ruleset(_FlipEngine()))
    pending = SimpleNamespace(path="-", circling=False, settled=False, rounds=8)
    done = SimpleNamespace(path="c.txt", circling=False, settled=True, rounds=1)
    _warn_unsettled([circling, pending, done], err)
    assert err.getvalue().splitlines() == [
        "speechkit: 警告：a.txt 的修改相互抵消（第 2 轮又改回了先前的文字）；请检查规则的修改",
        "speechkit: 警告：<stdin> 修改 8 轮后仍有未改完之处；请再运行一次，或手工修改",
    ]


def test_a_draft_changed_on_disk_meanwhile_is_not_overwritten(tmp_path):
    from speechkit.errors import OutputError
    from speechkit.lint.apply import write_in_place

    path = tmp_path / "a.txt"
    path.write_text("编辑器里刚改过的稿子\n", encoding="utf-8")
    with pytest.raises(OutputError, match="修改期间文件已被改动，未写入；请重新运行"):
        write_in_place(str(path), SAFE_FIXED.encode(), DRAFT.encode())
    assert path.read_text(encoding="utf-8") == "编辑器里刚改过的稿子\n"


def test_a_corrupt_docx_is_an_error_and_stays_as_it_was(run, tmp_path):
    (tmp_path / "d.docx").write_bytes(b"PK\x03\x04 truncated")
    result = run("lint", "--fix", "d.docx")
    assert result.exit_code == 2
    assert result.stderr == "speechkit: 错误：d.docx: 不是有效的 .docx 文件（不是 zip 压缩包）\n"
    assert (tmp_path / "d.docx").read_bytes() == b"PK\x03\x04 truncated"


class _TwinEngine:
    """Two rules asking for the very same edit (软体 → 软件产品, longer, so making it twice would show)."""

    rules = (SimpleNamespace(code="X301", name="a", severity="error"),
             SimpleNamespace(code="X302", name="b", severity="error"))

    def run(self, draft):
        k = draft.joined.find("软体")
        while k >= 0:
            for rule in self.rules:
                yield draft.finding(rule, k, k + 2, "m", "软件产品", True)
            k = draft.joined.find("软体", k + 1)


@pytest.mark.parametrize("name", ["a.txt", "a.docx"])
def test_the_same_edit_from_two_rules_is_made_once(name):
    import io

    import docx

    from speechkit.docx_io import paragraph_texts

    text = "更新办公软体和配套软体。"  # 软件产品 has no 软体 in it: one round, and done
    if name.endswith(".docx"):
        document = docx.Document()
        document.add_paragraph(text)
        buffer = io.BytesIO()
        document.save(buffer)
        data = buffer.getvalue()
    else:
        data = (text + "\n").encode()
    result = fix_bytes(name, data, _ruleset(_TwinEngine()))
    after = paragraph_texts(name, result.after)[0] if name.endswith(".docx") else result.after.decode().strip()
    assert after == "更新办公软件产品和配套软件产品。"
    assert sorted(a.finding.code for a in result.applied) == ["X301", "X301", "X302", "X302"]
