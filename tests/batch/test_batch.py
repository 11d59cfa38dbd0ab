"""`speechkit batch` as a user runs it: one document per row, bad rows reported, nothing half-done."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from speechkit import docx_io
from speechkit.batch import BatchOptions, run_batch
from speechkit.cli import cli
from speechkit.docx_io import read_docx

OUTLINE = """\
# 各区推进会讲话（测试用，虚构）
kind: speech
title: "{{ 区县 }}老旧小区改造推进会讲话"
speaker: "{{ 讲话人 }}"
date: "{{ 日期 }}"
opening: 今天召开{{ 区县 }}老旧小区改造推进会，主要任务是总结前段工作，部署下步任务。
points:
  - heading: 认清形势，增强紧迫感
    subpoints:
      - lead: 要看到已有成绩。
        body: 今年以来全区已开工改造{{ 小区数 }}个小区，惠及居民{{ 户数 }}户。
  - heading: 突出重点，抓好改造任务
    subpoints:
      - lead: 要压实工作责任。
        body: 各街道要明确专人、倒排工期，确保{{ 完工日期 | cn_date }}前全面完工。
closing: 同志们，让我们凝心聚力，把好事办好、实事办实！
options:
  points: any
  subpoints: any
"""

HEADER = "区县,讲话人,日期,小区数,户数,完工日期\n"
GOOD = [
    "东城区,区长　王明,2026-03-16,12,3400,2026-11-30\n",
    "西城区,区长　李华,2026-03-17,8,2100,2026-12-15\n",
    "南城区,副区长　赵强,2026-03-18,5,1260,2026-10-31\n",
]


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def outline(write):
    return write("speech.yaml", OUTLINE)


@pytest.fixture
def table(write):
    return write("t.csv", HEADER + "".join(GOOD))


def report_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def texts(path: Path) -> list[str]:
    return [b.text for b in read_docx(path).blocks]


def test_one_document_per_row(tmp_path, outline, table):
    out = tmp_path / "out"
    result = run("batch", outline, table, "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["batch-report.csv", "东城区.docx", "南城区.docx", "西城区.docx"]
    east = texts(out / "东城区.docx")
    assert east[0] == "东城区老旧小区改造推进会讲话"
    assert "（2026年3月16日）" in east and "区长　王明" in east
    assert any("已开工改造12个小区，惠及居民3400户" in t for t in east)
    assert any("确保2026年11月30日前全面完工" in t for t in east)
    assert [r["status"] for r in report_rows(out / "batch-report.csv")] == ["written"] * 3
    assert report_rows(out / "batch-report.csv")[0] == {
        "row": "2", "status": "written", "file": str(out / "东城区.docx"), "column": "", "error": ""}
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("已生成 3 份，失败 0 行") and str(out / "batch-report.csv") in last, last
    assert "未处理" not in last  # said only when some rows were not built
    assert "batch [" not in result.output  # no progress bar when stderr is not a terminal


def test_bad_rows_are_reported_and_do_not_stop_the_others(tmp_path, outline, write):
    table = write("t.csv", HEADER + GOOD[0]
                  + "西城区,,2026-03-17,8,2100,2026-12-15\n"  # 讲话人 empty
                  + "北城区,区长　孙丽,2026-02-30,6,900,2026-12-01\n"  # no such date
                  + "中城区,区长　周刚,2026-03-19,7,1500,2026-13-01\n"  # bad date through a filter
                  + "上城区,区长\x07钱多,2026-03-20,4,800,2026-11-01\n"  # control character
                  + "下城区,区长　吴敏,2026-03-21,9\n"  # short row: 户数 and 完工日期 missing
                  + "外城区,区长　郑阳,2026-03-22,3,700,2026-11-02,多余\n"  # one field too many
                  + GOOD[2])
    out = tmp_path / "out"
    result = run("batch", outline, table, "-o", out)
    assert result.exit_code == 1
    assert sorted(p.name for p in out.glob("*.docx")) == ["东城区.docx", "南城区.docx"]
    rows = {int(r["row"]): r for r in report_rows(out / "batch-report.csv")}
    assert [rows[n]["status"] for n in range(2, 10)] == ["written"] + ["failed"] * 6 + ["written"]
    assert (rows[3]["column"], rows[3]["error"]) == ("讲话人", "speaker: 值为空；请填写该单元格")
    assert (rows[4]["column"], rows[4]["error"]) == ("日期", "date: 日期 2026-02-30 不存在；请核对年月日")
    assert rows[5]["column"] == "完工日期"
    assert rows[5]["error"] == "points[1].subpoints[0].body: 日期 2026-13-01 不存在；请核对年月日"
    assert rows[6]["column"] == "讲话人" and "U+0007" in rows[6]["error"]
    assert rows[7]["column"] == "户数" and "本行没有该列" in rows[7]["error"]
    assert "本行有 7 个字段，表头只有 6 个" in rows[8]["error"]
    lines = result.stderr.strip().splitlines()
    assert f"speechkit: {table}: 表格第 3 行: 「讲话人」列: speaker: 值为空；请填写该单元格" in lines
    assert lines[-1].startswith("已生成 2 份，失败 6 行")


def test_empty_cells_may_be_tested_or_defaulted(tmp_path, write):
    text = OUTLINE.replace('salutation', 'x').replace(
        "closing: 同志们", "salutation: \"{{ 称呼 | default('同志们：') }}\"\nclosing: 同志们").replace(
        "全面完工。", "全面完工。{% if 备注 %}{{ 备注 }}{% endif %}")
    outline = write("speech.yaml", text)
    table = write("t.csv", HEADER.strip() + ",称呼,备注\n" + GOOD[0].strip() + ",,\n"
                  + GOOD[1].strip() + ",各位同事：,请各街道抓紧落实。\n")
    out = tmp_path / "out"
    assert run("batch", outline, table, "-o", out).exit_code == 0
    east, west = texts(out / "东城区.docx"), texts(out / "西城区.docx")
    assert "同志们：" in east and "各位同事：" in west
    assert any(t.endswith("全面完工。") for t in east)
    assert any(t.endswith("全面完工。请各街道抓紧落实。") for t in west)


def test_same_bytes_as_render_and_with_workers(tmp_path, outline, table, write):
    one, two = tmp_path / "one", tmp_path / "two"
    assert run("batch", outline, table, "-o", one, "-j", "1").exit_code == 0
    assert run("batch", outline, table, "-o", two, "-j", "2").exit_code == 0
    for name in ("东城区.docx", "西城区.docx", "南城区.docx"):
        assert (one / name).read_bytes() == (two / name).read_bytes()
    # The same outline with the row's values typed in renders to the very same file.
    filled = (OUTLINE.replace("{{ 区县 }}", "西城区").replace('"{{ 讲话人 }}"', "区长　李华")
              .replace('"{{ 日期 }}"', "2026-03-17").replace("{{ 小区数 }}", "8").replace("{{ 户数 }}", "2100")
              .replace("{{ 完工日期 | cn_date }}", "2026年12月15日").replace('"西城区老旧', "西城区老旧")
              .replace('推进会讲话"', "推进会讲话"))
    rendered = tmp_path / "rendered.docx"
    assert run("render", write("filled.yaml", filled), "-o", rendered).exit_code == 0
    assert rendered.read_bytes() == (one / "西城区.docx").read_bytes()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("{{ 区县 }}老旧", "{{ 区县 老旧"), r"speech\.yaml:3: title: 模板语法错误："),
        (("{{ 户数 }}户", "{{ 户数 }}户{{ 人口 }}"), r"speech\.yaml:11: points\[0\]\.subpoints\[0\]\.body: "
                                                 r"用到「人口」列，但 .*t\.csv 中没有该列（现有列：区县、讲话人.*；"
                                                 r"请核对列名$"),
        (("kind: speech", "kind: \"{{ 类型 }}\""), r"speech\.yaml:2: kind: kind 不能取自表格"),
        (("  points: any\n", ""), r"speech\.yaml:\d+: points: 应有 3 点意见，实有 2 点"),
        (("kind: speech", "kind: speach"), r"找不到模板 speach/template\.j2"),
        (("closing: 同志们", "closing: \"{{ 1 // 0 }}\"\nx: 同志们"), r"speech\.yaml:\d+: closing: integer division"),
    ],
)
def test_outline_errors_stop_before_anything_is_written(tmp_path, write, change, message):
    outline = write("speech.yaml", OUTLINE.replace(*change))
    # The first row is bad on its own account; the outline error must still stop the run.
    table = write("t.csv", HEADER + "北城区,区长　孙丽,2026-02-30,6,900,2026-12-01\n" + "".join(GOOD))
    out = tmp_path / "out"
    result = run("batch", outline, table, "-o", out)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and re.search(message, lines[0]), lines
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["speech.yaml", "t.csv"]


def test_broken_kind_template_stops_before_writing(tmp_path, outline, table):
    folder = tmp_path / "tpl" / "speech"
    folder.mkdir(parents=True)
    (folder / "template.j2").write_text("@title {{ title }\n", encoding="utf-8")
    result = run("batch", outline, table, "-o", tmp_path / "out", "--templates", tmp_path / "tpl")
    assert result.exit_code == 2 and "template.j2:1: 模板语法错误" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("rows", "options", "message"),
    [
        (["东城区", "东城区"], [], "t.csv: 表格第 2 行与第 3 行将写入同一文件 "),
        (["Dongcheng", "DONGCHENG"], [], "t.csv: 表格第 2 行与第 3 行将写入同一文件 "),
        (["财务/审计处", "财务／审计处"], [], "t.csv: 表格第 2 行与第 3 行将写入同一文件 "),
        (["甲", "乙"], ["--name", "通知"], "t.csv: 表格第 2 行与第 3 行将写入同一文件 "),
        (["甲", "东城区"], ["--combined", "{out}/东城区.DOCX"],
         "t.csv: 合并文件（--combined）与表格第 3 行将写入同一文件 "),
    ],
)
def test_name_clashes_stop_before_writing(tmp_path, outline, write, rows, options, message):
    lines = [GOOD[0].replace("东城区", value, 1) for value in rows]
    table = write("t.csv", HEADER + "".join(lines))
    out = tmp_path / "out"
    result = run("batch", outline, table, "-o", out, *(o.format(out=out) for o in options))
    assert result.exit_code == 2 and message in result.output, result.output
    assert not out.exists()


def test_name_pattern_is_sanitised(tmp_path, outline, write):
    table = write("t.csv", HEADER + GOOD[0].replace("东城区", "东城区/老城片区", 1) + GOOD[1])
    out = tmp_path / "out"
    result = run("batch", outline, table, "-o", out, "--name", "{{ row_number }}-{{ row['区县'] }}: 讲话")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.docx")) == ["2-东城区／老城片区： 讲话.docx", "3-西城区： 讲话.docx"]
    bad = run("batch", outline, table, "-o", tmp_path / "o2", "--name", "{{ 部门 }}")
    assert bad.exit_code == 2 and "--name 用到「部门」列，但 " in bad.output
    bad = run("batch", outline, table, "-o", tmp_path / "o2", "--name", "{{ 区县 ")
    assert bad.exit_code == 2 and "--name 模板语法错误：" in bad.output


def test_existing_files_need_force(tmp_path, outline, table):
    out = tmp_path / "out"
    out.mkdir()
    (out / "西城区.docx").write_bytes(b"keep me")
    result = run("batch", outline, table, "-o", out)
    assert result.exit_code == 2 and "西城区.docx: 已存在；如需覆盖，请加 --force" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["西城区.docx"]
    assert (out / "西城区.docx").read_bytes() == b"keep me"
    assert run("batch", outline, table, "-o", out, "--force").exit_code == 0
    assert (out / "西城区.docx").read_bytes()[:2] == b"PK"
    again = run("batch", outline, table, "-o", out)  # the report is protected as well
    assert again.exit_code == 2 and "已存在；如需覆盖，请加 --force" in again.output


def test_combined_file(tmp_path, outline, write):
    table = write("t.csv", HEADER + GOOD[0] + "西城区,,2026-03-17,8,2100,2026-12-15\n" + GOOD[2])
    out, combined = tmp_path / "out", tmp_path / "全部.docx"
    result = run("batch", outline, table, "-o", out, "--combined", combined)
    assert result.exit_code == 1
    documents = [read_docx(out / name) for name in ("东城区.docx", "南城区.docx")]
    xml = zipfile.ZipFile(combined).read("word/document.xml").decode()
    sections = re.findall(r"<w:sectPr>.*?</w:sectPr>", xml)
    assert len(sections) == 2 and all('w:start="1"' in s for s in sections)
    titles = [b.text for b in read_docx(combined).blocks if b.kind == "title"]
    assert titles == ["东城区老旧小区改造推进会讲话", "南城区老旧小区改造推进会讲话"]
    assert [b.text for b in read_docx(combined).blocks] == [b.text for d in documents for b in d.blocks]


def test_outputs_follow_the_umask(tmp_path, outline, table):
    import os

    out = tmp_path / "out"
    assert run("batch", outline, table, "-o", out, "--combined", tmp_path / "all.docx").exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    for path in (out / "东城区.docx", out / "batch-report.csv", tmp_path / "all.docx"):
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_stale_temporary_file_is_stepped_over(tmp_path, monkeypatch):
    import itertools
    import os

    from speechkit import files

    monkeypatch.setattr(files, "_temp_names", itertools.count())
    stale = tmp_path / f".a.docx.{os.getpid()}-0.tmp"  # what a killed run with this process id left
    stale.write_bytes(b"old")
    files.write_atomic(tmp_path / "a.docx", b"new")
    assert (tmp_path / "a.docx").read_bytes() == b"new"
    assert stale.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [stale.name, "a.docx"]


def test_a_streamed_file_appears_whole_or_not_at_all(tmp_path):
    from speechkit import files
    from speechkit.errors import OutputError

    out = files.AtomicFile(tmp_path / "r.csv", force=False, mode="w", encoding="utf-8")
    out.fh.write("row,status\n")
    assert [p.name for p in tmp_path.iterdir()] != ["r.csv"]  # only the temporary file so far
    out.commit()
    assert (tmp_path / "r.csv").read_text(encoding="utf-8") == "row,status\n"
    again = files.AtomicFile(tmp_path / "r.csv", force=False)
    again.fh.write(b"other")
    with pytest.raises(OutputError, match="已存在；如需覆盖，请加 --force"):
        again.commit()
    dropped = files.AtomicFile(tmp_path / "new.csv", force=False)
    dropped.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv"]
    assert (tmp_path / "r.csv").read_text(encoding="utf-8") == "row,status\n"


def test_json_report(tmp_path, outline, write):
    table = write("t.csv", HEADER + GOOD[0] + "西城区,,2026-03-17,8,2100,2026-12-15\n")
    report = tmp_path / "r.json"
    assert run("batch", outline, table, "-o", tmp_path / "out", "--report", report).exit_code == 1
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["rows"] == [
        {"row": 2, "status": "written", "file": str(tmp_path / "out" / "东城区.docx")},
        {"row": 3, "status": "failed", "column": "讲话人", "error": "speaker: 值为空；请填写该单元格"},
    ]
    assert data["summary"] == {"rows": 2, "written": 1, "failed": 1, "not_built": 0, "interrupted": False,
                               "combined": None}


def test_gb18030_xlsx_yaml_and_json_tables(tmp_path, outline, write):
    gb = tmp_path / "gb.csv"
    gb.write_bytes((HEADER + "".join(GOOD)).replace("\n", "\r\n").encode("gb18030"))
    assert run("batch", outline, gb, "-o", tmp_path / "gb").exit_code == 0

    workbook = openpyxl.Workbook()
    workbook.active.title = "说明"
    workbook.active.append(["本表为测试数据"])
    sheet = workbook.create_sheet("名单")
    sheet.append(HEADER.strip().split(","))
    sheet.append(["东城区", "区长　王明", "2026-03-16", 12, 3400, "2026-11-30"])
    workbook.save(tmp_path / "t.xlsx")
    assert run("batch", outline, tmp_path / "t.xlsx", "-o", tmp_path / "x", "--sheet", "名单").exit_code == 0
    wrong = run("batch", outline, tmp_path / "t.xlsx", "-o", tmp_path / "x2")  # first sheet has other columns
    assert wrong.exit_code == 2 and "用到「区县」列（另有 5 列：" in wrong.output
    assert "中没有这些列（现有列：本表为测试数据）；请核对列名" in wrong.output

    rows = [dict(zip(HEADER.strip().split(","), line.strip().split(","), strict=True)) for line in GOOD]
    yaml_table = write("t.yaml", "".join(
        "- " + "\n  ".join(f"{k}: {v}" for k, v in row.items()) + "\n" for row in rows))
    assert run("batch", outline, yaml_table, "-o", tmp_path / "y").exit_code == 0
    json_table = write("t.json", json.dumps(rows, ensure_ascii=False))
    assert run("batch", outline, json_table, "-o", tmp_path / "j").exit_code == 0
    for folder in ("gb", "x", "y", "j"):
        assert (tmp_path / folder / "东城区.docx").read_bytes() == (tmp_path / "gb" / "东城区.docx").read_bytes()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("部署,担当者\n総務課,山田太郎\n".encode("shift_jis"), "无法识别文本编码"),
        (HEADER.encode("utf-8"), "t.csv: 表格没有数据行"),
        (b"", "t.csv: 表格第 1 行: 表格为空；第一行须写明各列名称"),
    ],
)
def test_unusable_tables_stop_before_writing(tmp_path, outline, data, message):
    table = tmp_path / "t.csv"
    table.write_bytes(data)
    result = run("batch", outline, table, "-o", tmp_path / "out")
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "out").exists()


def test_yaml_row_missing_a_key_is_a_bad_row(tmp_path, outline, write):
    table = write("t.yaml", "- {区县: 东城区, 讲话人: 区长王明, 日期: 2026-03-16, 小区数: 12, 户数: 3400, "
                            "完工日期: 2026-11-30}\n- {区县: 西城区, 讲话人: 区长李华, 日期: 2026-03-17}\n")
    out = tmp_path / "out"
    result = run("batch", outline, table, "-o", out)
    assert result.exit_code == 1
    rows = report_rows(out / "batch-report.csv")
    assert rows[1]["row"] == "2" and rows[1]["column"] == "小区数" and "本行没有该列" in rows[1]["error"]
    assert f"speechkit: {table}:2: 表格第 2 行: 「小区数」列: " in result.stderr


def test_combined_writer_matches_docx_bytes(examples):
    from speechkit import build, load_outline

    documents = [build(load_outline(str(path))) for path in sorted(examples.glob("*.yaml"))]
    assert len(documents) >= 2
    buffer = io.BytesIO()
    writer = docx_io.CombinedWriter(buffer)
    for document in (*documents, documents[0]):
        writer.add(document)
    writer.close()
    assert buffer.getvalue() == docx_io.docx_bytes([*documents, documents[0]])


def test_notice_example(tmp_path, examples):
    out, combined = tmp_path / "通知", tmp_path / "合订本.docx"
    result = run("batch", examples / "notices" / "notice.yaml", examples / "notices" / "departments.csv",
                 "-o", out, "--combined", combined, "-j", "2")
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.docx"))
    assert len(files) >= 12
    education = read_docx(out / "市教育局.docx").blocks
    assert [b.text for b in education if b.kind == "addressee"] == ["市教育局："]
    assert [b.text for b in education if b.kind == "docnumber"] == ["江财绩〔2026〕32号"]
    assert any("2026年5月15日前" in b.text and "教科文处" in b.text for b in education)
    xml = zipfile.ZipFile(combined).read("word/document.xml").decode()
    assert xml.count('<w:pgNumType w:fmt="decimal" w:start="1"/>') == len(files)


def test_library_api(tmp_path, outline, table):
    result = run_batch(BatchOptions(outline=str(outline), table=str(table), out_dir=str(tmp_path / "o")))
    assert (result.total, result.written, result.failed, result.exit_code) == (3, 3, 0, 0)


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_leaves_only_complete_files(tmp_path, outline, write, jobs):
    import os
    import signal
    import subprocess
    import sys
    import time

    rows = "".join(GOOD[i % 3].replace("区,", f"区{i},", 1) for i in range(3000))
    table = write("t.csv", HEADER + rows)
    out, combined, report = tmp_path / "out", tmp_path / "all.docx", tmp_path / "r.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "speechkit", "batch", str(outline), str(table), "-o", str(out), "-j", jobs,
         "--combined", str(combined), "--report", str(report)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.docx"))) < 30:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "已中断：已生成 " in stderr and "Traceback" not in stderr
    written = list(out.glob("*.docx"))
    assert 30 <= len(written) < 3000
    for path in written:  # every file that exists is a whole package
        with zipfile.ZipFile(path) as zf:
            assert zf.testzip() is None
            assert zf.read("word/document.xml").endswith(b"</w:document>")
    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]
    assert leftovers == []
    assert not combined.exists()  # a partial combined file would pass for a complete one
    summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
    assert summary["interrupted"] is True and summary["written"] == len(written)
    assert os.path.exists(out / "batch-report.csv") is False


@pytest.mark.slow
def test_ctrl_c_before_any_row_stops_with_status_130_and_writes_nothing(tmp_path, outline, write):
    import os
    import signal
    import subprocess
    import sys
    import time

    rows = "".join(GOOD[i % 3].replace("区,", f"区{i},", 1) for i in range(300_000))
    table = write("t.csv", HEADER + rows)
    out = tmp_path / "out"
    # Its own process group, signalled as a whole, as a terminal does on Ctrl-C; it arrives while the
    # table is still being read for its file names (300,000 rows), before anything is written.
    process = subprocess.Popen([sys.executable, "-m", "speechkit", "batch", str(outline), str(table), "-o", str(out),
                                "-j", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    time.sleep(1.0)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.strip().endswith("speechkit: 已中断") and "Traceback" not in stderr and "Aborted" not in stderr
    assert not out.exists() or not any(out.iterdir())


def test_plain_strings_render_exactly_as_jinja_does():
    import datetime as dt

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from speechkit.batch.plan import OutlinePlan
    from speechkit.batch.plan import RowFailure as _RowFailure
    from speechkit.batch.plan import empty_cell as _empty

    values = st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.dates(),
                       st.lists(st.text(max_size=3), max_size=2))
    literal = st.text(alphabet=st.characters(blacklist_characters="{}%#"), max_size=6)

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.tuples(literal, st.sampled_from(["部门", "序号", "日期"])), min_size=1, max_size=3), literal,
           st.fixed_dictionaries({"部门": values, "序号": values, "日期": values}))
    def check(pieces, tail, row):
        pattern = "".join(f"{text}{{{{ {name} }}}}" for text, name in pieces) + tail
        plan = OutlinePlan("kind: speech\n", "o.yaml", pattern)
        assert plan.name.parts is not None
        assert plan.name.render(row) == plan.name.template.render(row)

    check()
    plan = OutlinePlan("kind: speech\n", "o.yaml", "{{ 部门 }}-{{ 日期 | cn_date }}")
    assert plan.name.parts is None  # a filter: Jinja renders it
    assert plan.name.render({"部门": "市教育局", "日期": dt.date(2026, 5, 8)}) == "市教育局-2026年5月8日"
    empty = OutlinePlan("kind: speech\n", "o.yaml", "{{ 部门 }}")
    with pytest.raises(_RowFailure, match="值为空"):
        empty.name.render({"部门": _empty("部门")})


@pytest.mark.parametrize(("value", "column"), [
    ("区长\x07钱多", "讲话人"),  # in text
    (["区长", "副区长\x1b"], "讲话人"),  # in a list item (YAML and JSON tables)
    ("区长　钱多", None),
    (["区长", 3], None),
])
def test_control_characters_are_found_in_any_value_shape(tmp_path, write, value, column):
    from speechkit.batch import BatchOptions
    from speechkit.batch.plan import RowFailure as _RowFailure
    from speechkit.batch.rows import RowBuilder
    from speechkit.batch.tables import Row

    builder = RowBuilder(BatchOptions(outline="o.yaml", table="t.csv", out_dir=str(tmp_path)), OUTLINE, "o.yaml")
    values = dict(zip(HEADER.strip().split(","), GOOD[0].strip().split(","), strict=True))
    values["讲话人"] = value
    if column is None:
        builder.check_values(Row(2, values))
    else:
        with pytest.raises(_RowFailure) as caught:
            builder.check_values(Row(2, values))
        assert caught.value.column == column and caught.value.message.startswith("值中含控制字符 U+")
