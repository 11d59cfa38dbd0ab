"""Table readers: encodings detected (never mis-decoded), rows streamed with the numbers people see."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from speechkit.batch.tables import json_table, open_table, text
from speechkit.errors import TableError

CSV = "部门,联系人,截止日期\n财政局,王晓明,2026-03-20\n教育局,李华,2026-03-21\n"
ROWS = [
    (2, {"部门": "财政局", "联系人": "王晓明", "截止日期": "2026-03-20"}),
    (3, {"部门": "教育局", "联系人": "李华", "截止日期": "2026-03-21"}),
]


def rows_of(table):
    return [(r.number, r.values) for r in table.rows()]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (CSV.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + CSV.encode("utf-8"), "utf-8-sig"),
        (CSV.replace("\n", "\r\n").encode("gb18030"), "gb18030"),
        (CSV.encode("utf-16"), "utf-16"),
    ],
)
def test_csv_encodings(tmp_path, data, encoding):
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    table = open_table(path)
    assert table.encoding == encoding
    assert table.columns == ["部门", "联系人", "截止日期"]
    assert rows_of(table) == ROWS


def test_mixed_encodings_in_a_long_file(tmp_path, monkeypatch):
    monkeypatch.setattr(text, "_SAMPLE", 64)
    path = tmp_path / "t.csv"
    path.write_bytes(CSV.encode("utf-8") * 20 + "审计局,赵强,2026-03-22\n".encode("gb18030"))
    with pytest.raises(TableError, match=r"t\.csv:61: 第 1781 字节不是有效的 UTF-8 文本；请将表格另存为") as info:
        open_table(path)
    assert info.value.line == 61


def test_long_utf16_file(tmp_path, monkeypatch):
    monkeypatch.setattr(text, "_SAMPLE", 65)  # the sample ends inside a UTF-16 unit
    path = tmp_path / "t.csv"
    path.write_bytes((CSV + "审计局,赵强,2026-03-22\n" * 10).encode("utf-16"))
    table = open_table(path)
    assert table.encoding == "utf-16" and len(list(table.rows())) == 12


def test_gb18030_after_a_long_ascii_start(tmp_path, monkeypatch):
    # The first sample is pure ASCII; the Chinese text (in GB18030) only comes later.
    monkeypatch.setattr(text, "_SAMPLE", 64)
    body = "code,name\n" + "".join(f"{i},x{i}\n" for i in range(40)) + "99,财政局\n"
    path = tmp_path / "t.csv"
    path.write_bytes(body.encode("gb18030"))
    table = open_table(path)
    assert table.encoding == "gb18030"
    assert list(table.rows())[-1].values == {"code": "99", "name": "财政局"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("部署,担当者\n総務課,山田太郎\n経理課,鈴木一郎\n".encode("shift_jis"), "无法识别文本编码"),
        ("name,town\nCafé Müller,Straße\n".encode("cp1252"), "无法识别文本编码"),
        (CSV.encode("utf-8") + "审计局,赵强,2026-03-22\n".encode("gb18030"), "无法识别文本编码"),
        (b"\x00\x01\x02binary\x00", "是二进制文件，不是文本文件"),
    ],
)
def test_undecodable_tables_are_refused(tmp_path, data, message):
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    with pytest.raises(TableError, match=message) as info:
        open_table(path)
    assert str(info.value).startswith(str(path))


def test_csv_row_numbers_skip_blank_rows_and_flag_extra_fields(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('部门,备注\n财政局,"两行\n备注"\n\n教育局,甲,乙\n ,  \n审计局\n', encoding="utf-8")
    rows = list(open_table(path).rows())
    assert [r.number for r in rows] == [2, 4, 6]
    assert rows[0].values == {"部门": "财政局", "备注": "两行\n备注"}
    assert rows[1].problem and "本行有 3 个字段，表头只有 2 个" in rows[1].problem
    assert rows[2].values == {"部门": "审计局"}  # short row: 备注 is missing, decided per use


def test_tab_separated(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("部门\t联系人\n财政局\t王晓明\n", encoding="utf-8")
    assert rows_of(open_table(path)) == [(2, {"部门": "财政局", "联系人": "王晓明"})]


@pytest.mark.parametrize(
    ("header", "message"),
    [("部门,部门\n", "表格第 1 行: 列名「部门」出现两次（第 1 列和第 2 列）；请改名"),
     ("row,部门\n", "表格第 1 行: 列名「row」是保留名"), ("\n", "表格第 1 行: 表格为空；第一行须写明各列名称"),
     ("", "表格第 1 行: 表格为空")],
)
def test_bad_headers(tmp_path, header, message):
    path = tmp_path / "t.csv"
    path.write_text(header + "甲,乙\n" if header else "", encoding="utf-8")
    with pytest.raises(TableError, match=message):
        open_table(path)


def test_unknown_format_and_missing_file(tmp_path):
    with pytest.raises(TableError, match="无法从文件名判断表格格式；请使用 .csv、.xlsx、.yaml 或 .json 文件"):
        open_table(tmp_path / "t.numbers")
    with pytest.raises(TableError, match="未知的表格格式「numbers」（可用：csv、xlsx、yaml、json）"):
        open_table(tmp_path / "t.csv", fmt="numbers")
    with pytest.raises(TableError, match=r"t\.xls: 文件不存在；请检查路径"):
        open_table(tmp_path / "t.xls")
    with pytest.raises(TableError, match=r"t\.csv: 文件不存在"):
        open_table(tmp_path / "t.csv")
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(TableError, match="folder.csv: 是文件夹，不是表格文件"):
        open_table(tmp_path / "folder.csv")
    (tmp_path / "t.yaml").write_text("- 部门: 财政局\n", encoding="utf-8")
    with pytest.raises(TableError, match="--sheet 只适用于 .xlsx 表格"):
        open_table(tmp_path / "t.yaml", sheet="一季度")


def make_xlsx(path, sheets):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_xlsx_values_and_sheets(tmp_path):
    path = make_xlsx(tmp_path / "t.xlsx", {
        "一季度": [[None], ["部门", "截止日期", "人数", "备注"],
                ["财政局", dt.datetime(2026, 3, 20), 12.0, None],
                [None, None, None, None],
                ["教育局", dt.date(2026, 3, 21), 3, "  需要核对  "]],
        "二季度": [["部门"], ["审计局"]],
    })
    table = open_table(path)
    assert table.columns == ["部门", "截止日期", "人数", "备注"]
    assert rows_of(table) == [
        (3, {"部门": "财政局", "截止日期": dt.date(2026, 3, 20), "人数": 12, "备注": None}),
        (5, {"部门": "教育局", "截止日期": dt.date(2026, 3, 21), "人数": 3, "备注": "需要核对"}),
    ]
    assert rows_of(open_table(path, sheet="二季度")) == [(2, {"部门": "审计局"})]
    with pytest.raises(TableError, match="没有名为「三季度」的工作表（现有：一季度、二季度）"):
        open_table(path, sheet="三季度")


def test_xlsx_column_without_header_is_ignored(tmp_path):
    path = make_xlsx(tmp_path / "t.xlsx", {"s": [["部门", None, "联系人"], ["财政局", "无名列", "王晓明"]]})
    table = open_table(path)
    assert table.columns == ["部门", "", "联系人"]
    assert rows_of(table) == [(2, {"部门": "财政局", "联系人": "王晓明"})]


def test_not_a_workbook(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_text("部门\n", encoding="utf-8")
    with pytest.raises(TableError, match=r"t\.xlsx: 不是可读取的 \.xlsx 工作簿（BadZipFile: .*）；请用 Excel"):
        open_table(path)


def test_yaml_rows(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(
        "- 部门: 财政局\n  截止日期: 2026-03-20\n  人数: 12\n"
        "- 部门: 教育局\n  部门: 又一个\n"
        "- 就一个字符串\n"
        "- 部门: 审计局\n  联系人: [王晓明, 李华]\n"
        "- 部门: 统计局\n  附加: {甲: 1}\n"
        "- 2026-03-20\n"
        "- 1: 甲\n",
        encoding="utf-8",
    )
    table = open_table(path)
    rows = list(table.rows())
    assert [(r.number, r.line) for r in rows] == [(1, 1), (2, 4), (3, 6), (4, 7), (5, 9), (6, 11), (7, 12)]
    assert rows[0].values == {"部门": "财政局", "截止日期": dt.date(2026, 3, 20), "人数": 12}
    assert rows[1].problem == "本行中该列出现了两次；请删去一处" and rows[1].problem_column == "部门"
    assert rows[2].problem == "每行应为「列名: 值」的映射，这里是文本"
    assert rows[3].values["联系人"] == ["王晓明", "李华"]
    assert rows[4].problem_column == "附加" and rows[4].problem.startswith("单元格不能是映射")
    assert rows[5].problem == "每行应为「列名: 值」的映射，这里是日期"  # Chinese type names, not Python's
    assert rows[6].problem == "列名须为文本，这里是整数；请给列名加引号" and rows[6].problem_column == "1"


@pytest.mark.parametrize(
    ("text", "message"),
    [("部门: 财政局\n", r"t\.yaml:1: 应为由映射组成的列表"), ("", r"t\.yaml: 表格为空；应为由映射组成的列表"),
     ("[]\n", r"t\.yaml: 表格没有数据行"), ("- a: [1\n", r"t\.yaml:2: YAML 语法错误：")],
)
def test_bad_yaml_tables(tmp_path, text, message):
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TableError, match=message):
        list(open_table(path).rows())


def test_json_rows_stream_across_buffer_ends(tmp_path, monkeypatch):
    monkeypatch.setattr(json_table, "_CHUNK", 64)  # items straddle every refill of the buffer
    items = [{"部门": f"第{i}局", "人数": i * 1000, "说明": "甲" * (i % 7)} for i in range(50)]
    path = tmp_path / "t.json"
    path.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    rows = list(open_table(path).rows())
    assert [r.values for r in rows] == items
    assert [r.number for r in rows][:3] == [1, 2, 3]
    assert rows[1].line == 7


def test_json_error_line_and_character_across_buffer_ends(tmp_path, monkeypatch):
    monkeypatch.setattr(json_table, "_CHUNK", 64)  # the bad item starts many refills into the file
    items = [{"部门": f"第{i}局", "人数": i} for i in range(30)]
    text = json.dumps(items, ensure_ascii=False, indent=1).replace('"人数": 17', '"人数": 17 "x"')
    (tmp_path / "t.json").write_text(text, encoding="utf-8")
    line, = [n for n, s in enumerate(text.splitlines(), start=1) if '17 "x"' in s]
    with pytest.raises(TableError, match=r"t\.json:\d+: JSON 格式错误：第 \d+ 个字符处缺少逗号（,）$") as info:
        list(open_table(tmp_path / "t.json").rows())
    assert info.value.line == line
    column = text.splitlines()[line - 1].index('"x"') + 1
    assert f"第 {column} 个字符处" in info.value.message


def test_rows_without_values_are_skipped(tmp_path):
    (tmp_path / "t.json").write_text('[{"部门": "财政局"}, {}, {"部门": ""}, {"部门": "审计局"}]', encoding="utf-8")
    (tmp_path / "t.yaml").write_text("- 部门: 财政局\n- {}\n- 部门:\n- 部门: 审计局\n", encoding="utf-8")
    for name in ("t.json", "t.yaml"):
        assert [r.number for r in open_table(tmp_path / name).rows()] == [1, 4]


def test_json_duplicate_key_is_a_bad_row(tmp_path):
    path = tmp_path / "t.json"
    path.write_text('[{"部门": "财政局"}, {"部门": "甲", "部门": "乙"}]', encoding="utf-8")
    rows = list(open_table(path).rows())
    assert rows[0].problem is None and rows[1].problem_column == "部门"


@pytest.mark.parametrize(
    ("text", "message"),
    [('{"部门": "财政局"}', r"t\.json:1: JSON 格式错误：第 1 个字符处应为 \[（表格是由映射组成的列表"),
     ("[]", r"t\.json: 表格没有数据行$"),
     ('[{"a": 1},, ]', r"t\.json:1: JSON 格式错误：第 11 个字符处应为一个值$"),
     ('[{"a": 1}] x', r"t\.json:1: JSON 格式错误：第 12 个字符处多出了内容"),
     ('[{"a": 1}', r"t\.json:1: JSON 格式错误：第 10 个字符处应为逗号（,）或 \]"),
     ('[{"a": 1},\n {"b" 2}]', r"t\.json:2: JSON 格式错误：第 7 个字符处缺少冒号（:）$"),
     ('[{"a": 1}\n {"b": 2}]', r"t\.json:2: JSON 格式错误：第 2 个字符处应为逗号（,）或 \]（两行之间用逗号隔开"),
     ('[{"a": 1}, {b: 2}]', r"第 13 个字符处应为用英文双引号括起的列名$"),
     ('[{"a": "x}]', r"第 8 个字符处开始的文本缺少结尾的英文双引号$"),
     ('[{"a": 1 "b": 2}]', r"第 10 个字符处缺少逗号（,）$")],
)
def test_bad_json_tables(tmp_path, text, message):
    path = tmp_path / "t.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TableError, match=message):
        list(open_table(path).rows())
