""".docx fixes: text split across runs keeps each run's formatting; fields, comments, tables, headers survive."""

from __future__ import annotations

import io
import zipfile
from copy import deepcopy

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import RGBColor
from lxml import etree

from speechkit.blocks import Block, Document, body_block
from speechkit.docx_io import ParagraphEdit, apply_paragraph_edits, docx_bytes, iter_paragraphs, paragraph_texts
from speechkit.lint.fix import fix_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _run(paragraph, text, *, bold=False, italic=False, underline=False, red=False):
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    if red:
        run.font.color.rgb = RGBColor(0xC0, 0, 0)
    return run


def _field(paragraph, instruction: str, result: str) -> None:
    """A complex field (fldChar begin / instrText / separate / result / end), as Word writes PAGE."""
    def char(kind):
        r = paragraph.add_run()._r
        el = r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        r.append(el)

    char("begin")
    r = paragraph.add_run()._r
    instr = r.makeelement(qn("w:instrText"), {})
    instr.text = instruction
    r.append(instr)
    char("separate")
    paragraph.add_run(result)
    char("end")


def _hyperlink(document, paragraph, text: str, url: str) -> None:
    rid = document.part.relate_to(url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                                       "hyperlink", is_external=True)
    link = paragraph._p.makeelement(qn("w:hyperlink"), {qn("r:id"): rid})
    run = paragraph.add_run(text)
    run.underline = True
    link.append(run._r)  # moves the run into the link
    paragraph._p.append(link)


def rich_draft() -> bytes:
    """A draft as an office would have it: faults split across differently formatted runs, a header, a
    field, a hyperlink, an existing review comment, a table, a line break, indentation."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "农业部办公厅"  # headers are not linted: must stay
    document.add_paragraph("关于加快推进政务信息化建设的通知", style="Title")
    p = document.add_paragraph()
    _run(p, "　　请")
    _run(p, "质检", bold=True)
    _run(p, "总局", italic=True, red=True)
    _run(p, "会同有关部门，统一更新办公")
    _run(p, "记忆", underline=True)
    _run(p, "体", bold=True)
    _run(p, "和伺")
    _run(p, "服器。", italic=True)
    p = document.add_paragraph()
    _run(p, "详见第")
    _field(p, " PAGE ", "3")
    _run(p, "页，并更新办公软体。")
    p = document.add_paragraph()
    _run(p, "按照")
    _hyperlink(document, p, "网路安全", "https://www.example.gov.cn/")
    _run(p, "管理要求执行。")
    p = document.add_paragraph()
    first = _run(p, "其它事项")
    _run(p, "另行通知，其他事项按规定办理。")
    document.add_comment(first, "请核实", author="办公室", initials="BGS")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "农业部"
    table.cell(0, 1).text = "更新办公软体"
    p = document.add_paragraph()
    run = _run(p, "请农业部")
    run.add_break()
    _run(p, "牵头落实。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def runs_of(data: bytes) -> list[list[tuple[str, str]]]:
    """Per paragraph (numbered as iter_paragraphs numbers them): (run text, its w:rPr as XML)."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    out = []
    for p in root.find(f"{W}body").iter(f"{W}p"):
        runs = []
        for r in p.iter(f"{W}r"):
            text = "".join(c.text or "" if c.tag == f"{W}t" else "\t" if c.tag == f"{W}tab" else "\n"
                           if c.tag == f"{W}br" else "" for c in r)
            rpr = r.find(f"{W}rPr")
            runs.append((text, etree.tostring(rpr).decode() if rpr is not None else ""))
        out.append(runs)
    return out


def char_formats(data: bytes) -> list[list[tuple[str, str]]]:
    """Per paragraph: (character, w:rPr of its run) for every character of the text."""
    return [[(ch, rpr) for text, rpr in runs for ch in text] for runs in runs_of(data)]


def fmt(data: bytes, paragraph: int) -> list[tuple[str, str]]:
    """Runs with text of one paragraph, with a short name for their formatting."""
    def name(rpr: str) -> str:
        tags = [t for t in ("b", "i", "u", "color") if f"<w:{t} " in rpr or f"<w:{t}/>" in rpr]
        return "+".join(tags) or "plain"

    return [(text, name(rpr)) for text, rpr in runs_of(data)[paragraph - 1] if text]


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


@pytest.fixture(scope="module")
def draft() -> bytes:
    return rich_draft()


@pytest.fixture(scope="module")
def fixed(draft, rules) -> bytes:
    return fix_bytes("draft.docx", draft, rules, unsafe=True).after


def test_paragraph_numbers_agree_with_the_reader(draft):
    texts = paragraph_texts("d.docx", draft)
    assert texts == ["".join(runs) for _, _, runs in iter_paragraphs("d.docx", draft)]
    assert texts[1] == "　　请质检总局会同有关部门，统一更新办公记忆体和伺服器。"
    assert texts[2] == "详见第3页，并更新办公软体。"
    assert texts[7] == "请农业部\n牵头落实。"


def test_text_after_fixing(fixed):
    assert paragraph_texts("d.docx", fixed) == [
        "关于加快推进政务信息化建设的通知",
        "　　请市场监管总局会同有关部门，统一更新办公内存和服务器。",
        "详见第3页，并更新办公软件。",
        "按照网络安全管理要求执行。",
        "其他事项另行通知，其他事项按规定办理。",
        "农业农村部",
        "更新办公软件",
        "请农业农村部\n牵头落实。",
    ]


def test_each_run_keeps_its_formatting(fixed):
    # 质检|总局 → 市场监管总局 changes only 质检 (in the bold run); 总局 keeps its own italic red run.
    # 记忆|体 → 内存 keeps nothing: the first run takes the replacement, the emptied bold run is gone.
    # 和伺|服器。 → 和|服务器。: 伺 goes, 服 and 器 stay in their italic run, 务 joins them after 服.
    assert fmt(fixed, 2) == [
        ("　　请", "plain"), ("市场监管", "b"), ("总局", "i+color"), ("会同有关部门，统一更新办公", "plain"),
        ("内存", "u"), ("和", "plain"), ("服务器。", "i"),
    ]
    assert fmt(fixed, 4) == [("按照", "plain"), ("网络安全", "u"), ("管理要求执行。", "plain")]


def test_formatting_outside_the_fixes_is_unchanged(draft, fixed):
    before, after = char_formats(draft), char_formats(fixed)
    # Paragraph 5: 其它 → 其他 replaces one character; every other character keeps its run formatting.
    assert [c for k, c in enumerate(before[4]) if k != 1] == [c for k, c in enumerate(after[4]) if k != 1]
    # Paragraph 3: only 体 → 件; the field result 3 and its runs are untouched.
    assert [c for c in before[2] if c[0] != "体"] == [c for c in after[2] if c[0] != "件"]


def test_fields_comments_tables_headers_survive(draft, fixed):
    old, new = parts(draft), parts(fixed)
    assert list(old) == list(new)  # same parts, same order
    assert {k for k in old if old[k] != new[k]} == {"word/document.xml"}  # header, comments, rels: byte for byte
    xml_old, xml_new = old["word/document.xml"].decode(), new["word/document.xml"].decode()
    for marker in ("<w:fldChar", "<w:instrText", "<w:hyperlink", "<w:commentRangeStart", "<w:commentRangeEnd",
                   "<w:commentReference", "<w:tbl>", "<w:br/>", "<w:sectPr"):
        assert xml_old.count(marker) == xml_new.count(marker), marker
    assert " PAGE " in xml_new
    reopened = docx.Document(io.BytesIO(fixed))  # still a package Word's tools open
    assert reopened.tables[0].cell(0, 1).text == "更新办公软件"
    assert reopened.sections[0].header.paragraphs[0].text == "农业部办公厅"


def test_fixing_twice_changes_nothing(rules, fixed):
    again = fix_bytes("draft.docx", fixed, rules, unsafe=True)
    assert again.after == fixed and again.applied == []


def test_the_same_draft_gives_the_same_bytes(draft, rules, fixed):
    assert fix_bytes("draft.docx", draft, rules, unsafe=True).after == fixed


def test_safe_only_leaves_the_unsafe_runs_alone(draft, rules):
    result = fix_bytes("draft.docx", draft, rules)
    assert fmt(result.after, 2)[:3] == [("　　请", "plain"), ("质检", "b"), ("总局", "i+color")]
    assert {f.code for f in result.remaining} == {"T115"}


def test_our_own_gongwen_output_title_breaks_and_imprint_tab(rules):
    """Blocks read from a GB/T 9704 .docx: a broken title (w:br inside), and 版记 as organ<tab>date in one
    paragraph, which the reader turns into two blocks."""
    blocks = [
        Block("title", "关于进一步做好农业部门户网站网路安全防护和办公软体正版化工作的通知"),
        body_block("各区县农业农村局："),
        body_block("　　请各单位及时更新办公软体，并报送有关情况。"),
        Block("imprint", "国家林业局办公室"),
        Block("imprint_date", "2026年3月2日印发"),
    ]
    data = docx_bytes(Document(blocks, layout="gongwen", date="2026-03-02"))
    title_before = paragraph_texts("g.docx", data)[0]
    assert "\n" in title_before  # the writer broke the long title
    result = fix_bytes("g.docx", data, rules)
    texts = paragraph_texts("g.docx", result.after)
    assert texts[0] == title_before.replace("网路", "网络").replace("软体", "软件")
    imprint = next(t for t in texts if "\t" in t)
    assert imprint == "国家林业和草原局办公室\t2026年3月2日印发"
    assert "　　请各单位及时更新办公软件，并报送有关情况。" in texts  # the indentation stays
    assert fix_bytes("g.docx", result.after, rules).applied == []


# ---------------------------------------------------------------------------------------------
# docx_io.apply_paragraph_edits directly.


def _two_runs() -> bytes:
    document = docx.Document()
    p = document.add_paragraph()
    _run(p, "国土", bold=True)
    _run(p, "资源部", italic=True)
    _run(p, "\t负责")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_edit_across_runs_goes_into_the_first_run():
    data, skipped = apply_paragraph_edits(_two_runs(), [ParagraphEdit(1, 0, 5, "自然资源部")])
    assert skipped == []
    assert fmt(data, 1) == [("自然资源部", "b"), ("\t负责", "plain")]


def test_an_edit_over_a_tab_and_an_insertion():
    data, _ = apply_paragraph_edits(_two_runs(), [ParagraphEdit(1, 5, 6, "，"), ParagraphEdit(1, 2, 2, "的")])
    assert fmt(data, 1) == [("国土的", "b"), ("资源部", "i"), ("，负责", "plain")]


def test_edits_that_cannot_be_made_are_returned_and_change_nothing():
    original = _two_runs()
    edits = [ParagraphEdit(1, 0, 2, "自然", expect="国家"), ParagraphEdit(1, 4, 99, "x"), ParagraphEdit(9, 0, 1, "x")]
    data, skipped = apply_paragraph_edits(original, edits)
    assert data == original
    assert set(skipped) == set(edits)


def test_text_box_runs_are_not_edited_from_the_outer_paragraph():
    document = docx.Document()
    outer = document.add_paragraph()
    _run(outer, "外层段落")
    inner = deepcopy(outer._p)  # a paragraph nested in a run, as a text box holds one
    inner.find(qn("w:r")).find(qn("w:t")).text = "软体"
    holder = outer.add_run()._r
    box = holder.makeelement(qn("w:pict"), {})
    box.append(inner)
    holder.append(box)
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    assert paragraph_texts("t.docx", data) == ["外层段落软体", "软体"]
    new, skipped = apply_paragraph_edits(data, [ParagraphEdit(1, 4, 6, "软件")])
    assert new == data and len(skipped) == 1
    new, skipped = apply_paragraph_edits(data, [ParagraphEdit(2, 0, 2, "软件")])
    assert skipped == [] and paragraph_texts("t.docx", new) == ["外层段落软件", "软件"]


def test_cli_fix_docx_in_place_and_to_output(run, tmp_path, draft):
    (tmp_path / "d.docx").write_bytes(draft)
    result = run("lint", "--fix", "d.docx", "-o", "fixed.docx")
    assert result.exit_code == 1  # T115 has no safe fix (a split: 市场监管总局 and 海关总署)
    assert (tmp_path / "d.docx").read_bytes() == draft
    assert paragraph_texts("f", (tmp_path / "fixed.docx").read_bytes())[2] == "详见第3页，并更新办公软件。"
    result = run("lint", "--fix", "d.docx", "-o", "fixed.txt")
    assert result.exit_code == 2
    assert result.stderr == "speechkit: 错误：fixed.txt: 修改后的草稿是 .docx 文件；-o 请给以 .docx 结尾的文件名\n"
    result = run("lint", "--unsafe-fixes", "d.docx")
    assert (result.exit_code, result.stdout) == (0, "")
    assert paragraph_texts("d", (tmp_path / "d.docx").read_bytes())[1].startswith("　　请市场监管总局")


def test_cli_diff_of_a_docx_is_a_diff_of_paragraph_texts(run, tmp_path, draft):
    (tmp_path / "d.docx").write_bytes(draft)
    result = run("lint", "--diff", "d.docx")
    assert (tmp_path / "d.docx").read_bytes() == draft
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:3] == ["--- d.docx", "+++ d.docx", "@@ -1,8 +1,8 @@"]  # lines are paragraphs
    assert "-请农业部⏎牵头落实。" in lines and "+请农业农村部⏎牵头落实。" in lines
    assert "+　　请质检总局会同有关部门，统一更新办公内存和服务器。" in lines
