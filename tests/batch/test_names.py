"""File names from table values: never a path, never reserved, bounded, clashes found across case."""

from __future__ import annotations

import pytest

from speechkit.batch.names import MAX_BYTES, MAX_CHARS, clash_key, sanitise

CASES = [  # (value, file name)
    ("财政局", "财政局.docx"),
    ("财务/审计处", "财务／审计处.docx"),
    ("财务\\审计处", "财务＼审计处.docx"),
    ('关于"春季"防火:通知*?<>|', "关于＂春季＂防火：通知＊？＜＞｜.docx"),
    ("../../etc/passwd", "／.／etc／passwd.docx"),
    ("..", None),
    ("...", None),
    (" . 名单 . ", "名单.docx"),
    (".hidden", "hidden.docx"),
    ("名\x00字\x1b\u202e", "名字.docx"),
    ("第一行\n第二行\t第三", "第一行 第二行 第三.docx"),
    ("综合　　科", "综合 科.docx"),
    ("\t\n", None),
    ("", None),
    ("CON", "_CON.docx"),
    ("con.txt", "_con.txt.docx"),
    ("Com1", "_Com1.docx"),
    ("LPT9.docx", "_LPT9.docx"),
    ("nul", "_nul.docx"),
    ("console", "console.docx"),
    ("报告.DOCX", "报告.docx"),
    ("a..b", "a.b.docx"),
]


@pytest.mark.parametrize(("value", "expected"), CASES)
def test_sanitise(value, expected):
    if expected is None:
        with pytest.raises(ValueError, match="文件名去掉不可用的字符后为空（原为「.*」）；请修改 --name 或该列的值"):
            sanitise(value)
    else:
        assert sanitise(value) == expected


def test_an_empty_name_shows_what_it_was_made_of_escaped():
    with pytest.raises(ValueError) as info:
        sanitise("\x01\u202e\t")
    assert "（原为「\\x01\\u202e\\t」）" in str(info.value) and "\x01" not in str(info.value)


@pytest.mark.parametrize("value", ["办" * 300, "x" * 300, "办公室" * 25 + "x" * 50, "名" * 79 + " . . . "])
def test_length_is_bounded(value):
    name = sanitise(value)
    stem = name[: -len(".docx")]
    assert len(stem) <= MAX_CHARS
    assert len(stem.encode("utf-8")) <= MAX_BYTES
    assert stem == stem.strip(" .")
    assert value.startswith(stem[:10])


def test_never_a_path_or_reserved():
    nasty = "".join(chr(c) for c in range(0x20)) + '\\/:*?"<>|' + "\x7f\u2028\u2066..名"
    name = sanitise(nasty)
    assert not any(ch in name for ch in '\\/:*?"<>|')
    assert not any(ord(ch) < 0x20 or ch in "\x7f\u2028\u2066" for ch in name)
    assert ".." not in name


def test_clash_key_folds_case_and_normal_form():
    assert clash_key("Report.docx") == clash_key("REPORT.docx")
    assert clash_key("e\u0301.docx") == clash_key("\u00e9.docx")
    assert clash_key("财政局.docx") != clash_key("教育局.docx")
