"""`speechkit check-format`: each F check on a real .docx that breaks exactly one thing.

The drafts are speechkit's own output (clean by construction), edited with python-docx the way a
user's Word would leave them, plus drafts written from scratch with python-docx's default template.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from speechkit import docx_io
from speechkit.cli import cli
from speechkit.layout.checkformat import CHECKS, check_format
from speechkit.render.build import build, load_outline
from tests.conftest import EXAMPLES


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def rendered(name: str) -> bytes:
    return docx_io.docx_bytes(build(load_outline(str(EXAMPLES / f"{name}.yaml"))))


def edited(name: str, edit: Callable[[docx.document.Document], None]) -> bytes:
    document = docx.Document(io.BytesIO(rendered(name)))
    edit(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def codes(data: bytes, path: str = "draft.docx") -> list[str]:
    return [f.code for f in check_format(path, data)]


# --- edits: each breaks one requirement ----------------------------------------------------------


def _defaults(document, part: str):
    return document.styles.element.find(qn("w:docDefaults")).find(qn(part))


def margin_left_30mm(document):
    document.sections[0].left_margin = Mm(30)


def margin_bottom_33mm(document):
    document.sections[0].bottom_margin = Mm(33)


def letter_paper(document):
    document.sections[0].page_width, document.sections[0].page_height = Mm(215.9), Mm(279.4)


def normal_15pt(document):
    document.styles["Normal"].font.size = Pt(15)


def no_east_asia_font(document):
    fonts = _defaults(document, "w:rPrDefault").find(qn("w:rPr")).find(qn("w:rFonts"))
    del fonts.attrib[qn("w:eastAsia")]


def body_in_songti(document):
    _defaults(document, "w:rPrDefault").find(qn("w:rPr")).find(qn("w:rFonts")).set(qn("w:eastAsia"), "宋体")


def line_spacing_30pt(document):
    spacing = _defaults(document, "w:pPrDefault").find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:line"), "600")


def headings_in_songti(document):
    fonts = document.styles["一级标题"].element.find(qn("w:rPr")).find(qn("w:rFonts"))
    fonts.set(qn("w:eastAsia"), "宋体")


def title_20pt(document):
    document.styles["公文标题"].font.size = Pt(20)


def title_in_heiti(document):
    document.styles["公文标题"].element.find(qn("w:rPr")).find(qn("w:rFonts")).set(qn("w:eastAsia"), "黑体")


def same_footer_on_every_page(document):
    document.settings.odd_and_even_pages_header_footer = False


def footer_with_hyphens(document):
    for footer in (document.sections[0].footer, document.sections[0].even_page_footer):
        for t in footer._element.iter(qn("w:t")):
            t.text = t.text.replace("—", "-")


def no_footers(document):
    sect = document.sections[0]._sectPr
    for ref in sect.findall(qn("w:footerReference")):
        sect.remove(ref)


def even_footer_centred(document):
    document.sections[0].even_page_footer.paragraphs[0].alignment = 1


CASES = [
    # (example, edit, expected codes in report order)
    ("speech", margin_bottom_33mm, ["F002"]),  # a taller type area still holds 22 lines
    ("speech", margin_left_30mm, ["F002", "F007"]),  # 2 mm narrower: 27 characters a line
    ("speech", letter_paper, ["F001", "F006", "F007"]),  # shorter, wider type area: 20 lines, 29 characters
    ("speech", normal_15pt, ["F004", "F007"]),  # 15 pt − 0.25 pt: 29 characters a line
    ("speech", no_east_asia_font, ["F005"]),
    ("speech", body_in_songti, ["F003"]),
    ("speech", line_spacing_30pt, ["F006"]),
    ("speech", headings_in_songti, ["F010", "F010", "F010"]),
    ("speech", title_20pt, ["F008"]),
    ("decision", title_in_heiti, ["F009"]),
    ("decision", same_footer_on_every_page, ["F013"]),
    ("decision", footer_with_hyphens, ["F012"]),
    ("notice", no_footers, ["F011"]),
    ("notice", even_footer_centred, ["F013"]),
]


@pytest.mark.parametrize("name", ["speech", "plan", "decision", "notice", "notice-issue"])
def test_speechkit_output_is_clean(name):
    if not (EXAMPLES / f"{name}.yaml").is_file():
        pytest.skip(f"no examples/{name}.yaml yet")
    assert check_format(f"{name}.docx", rendered(name)) == []


def test_python_docx_round_trip_is_still_clean():
    assert codes(edited("decision", lambda d: None)) == []


@pytest.mark.parametrize("name, edit, expected", CASES, ids=[c[1].__name__ for c in CASES])
def test_each_departure_is_found(name, edit, expected):
    assert sorted(codes(edited(name, edit))) == sorted(expected)


def test_findings_name_the_measurement():
    findings = check_format("draft.docx", edited("speech", margin_bottom_33mm))
    assert [f.message for f in findings] == ["下边距应为35.0 mm（±1 mm），实为33.0 mm"]
    assert (findings[0].line, findings[0].column, findings[0].severity, findings[0].name) == (1, 1, "error", "margins")
    heading = check_format("draft.docx", edited("speech", headings_in_songti))[0]
    assert heading.message == "一级标题（一、）应为黑体，实为「宋体」"
    assert heading.match.startswith("一、提高站位")
    assert heading.line > 1  # the paragraph's number, as lint reports .docx positions


def test_every_check_is_exercised():
    assert {code for _, _, expected in CASES for code in expected} == set(CHECKS)


# --- drafts from elsewhere -----------------------------------------------------------------------


def test_a_default_word_draft_departs_everywhere(tmp_path):
    document = docx.Document()
    title = document.add_paragraph("关于做好2026年汛期安全工作的通知")
    title.alignment = 1
    title.runs[0].font.size = Pt(20)
    document.add_paragraph("一、加强组织领导")
    body = document.add_paragraph("各单位要高度重视汛期安全工作，逐级压实责任，确保安全度汛。" * 3)
    body.runs[0].font.name = "仿宋_GB2312"  # python-docx sets only the Latin slots
    path = tmp_path / "draft.docx"
    document.save(path)
    found = check_format(path)
    assert sorted({f.code for f in found}) == [
        "F001", "F002", "F003", "F004", "F005", "F006", "F007", "F008", "F009", "F010", "F011"]
    east_asia = next(f for f in found if f.code == "F005")
    assert "「仿宋_GB2312」只设在西文字体上" in east_asia.message


def test_direct_formatting_counts_not_only_the_style(tmp_path):
    # Normal stays 五号 in the theme face; every run says 三号仿宋 itself, as many real drafts do.
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    for _ in range(3):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.line_spacing = Pt(28.95)
        run = paragraph.add_run("各单位要高度重视汛期安全工作，逐级压实责任，确保安全度汛。")
        run.font.size = Pt(16)
        rpr = run._element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
        spacing = rpr.makeelement(qn("w:spacing"), {qn("w:val"): "-5"})
        rpr.append(spacing)
    path = tmp_path / "draft.docx"
    document.save(path)
    assert [f.code for f in check_format(path)] == ["F011"]  # only the page numbers are missing


# --- the command -----------------------------------------------------------------------------------


def test_command_text_json_and_exit_status(tmp_path):
    clean, bad = tmp_path / "clean.docx", tmp_path / "bad.docx"
    clean.write_bytes(rendered("speech"))
    bad.write_bytes(edited("speech", margin_bottom_33mm))
    result = run("check-format", str(clean))
    assert result.exit_code == 0 and result.output == ""
    result = run("check-format", str(clean), str(bad))
    assert result.exit_code == 1
    assert result.stdout == f"{bad}:1:1: F002 下边距应为35.0 mm（±1 mm），实为33.0 mm [margins]\n"
    assert result.stderr == "共 1 处问题（错误 1 处、警告 0 处、提示 0 处），涉及 2 个文件\n"
    result = run("check-format", "--format", "json", str(bad))
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["schema"] == "speechkit-lint/1" and payload["summary"]["findings"] == 1
    assert payload["findings"][0]["code"] == "F002"


def test_command_reads_stdin():
    result = CliRunner().invoke(cli, ["check-format", "-"], input=edited("speech", margin_bottom_33mm))
    assert result.exit_code == 1
    assert result.stdout.startswith("-:1:1: F002 下边距")


@pytest.mark.parametrize("content, message", [
    (None, "draft.docx: 文件不存在；请检查路径"),
    (b"just text", "draft.txt: check-format 只检查 .docx 文件；请先把文稿另存为 .docx"),
    (b"PK\x03\x04 broken", "draft.docx: 不是有效的 .docx 文件（不是 zip 压缩包）"),
])
def test_command_errors_are_one_line(tmp_path, content, message):
    path = tmp_path / ("draft.txt" if content == b"just text" else "draft.docx")
    if content is not None:
        path.write_bytes(content)
    result = run("check-format", str(path))
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_examples_folder_has_the_kinds():
    assert Path(EXAMPLES / "speech.yaml").is_file()
