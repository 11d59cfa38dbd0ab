"""PDF export and PNG preview: the LibreOffice and poppler plumbing, its errors, and its output.

Tests without the ``layout`` mark run everywhere: they use stand-in programs for LibreOffice.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from speechkit import docx_io
from speechkit import soffice as pdf
from speechkit.cli import cli
from speechkit.errors import DocumentError, OutputError
from speechkit.layout import preview
from speechkit.render.build import build, load_outline
from tests.conftest import EXAMPLES
from tests.layout.pdf_boxes import read_pages

SPEECH = str(EXAMPLES / "speech.yaml")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def speech_docx() -> bytes:
    return docx_io.docx_bytes(build(load_outline(SPEECH)))


def fake_program(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-soffice"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


# --- errors, with stand-ins for the external programs ------------------------------------------


def test_missing_libreoffice_names_the_package(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    out = tmp_path / "speech.pdf"
    result = run("render", SPEECH, "-o", str(out))
    assert result.exit_code == 2
    assert "未找到 LibreOffice（soffice），无法生成 PDF；请安装 libreoffice-writer-nogui" in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_bad_soffice_setting_is_reported(monkeypatch, tmp_path):
    monkeypatch.setenv("SPEECHKIT_SOFFICE", str(tmp_path / "no-such-program"))
    with pytest.raises(OutputError, match="SPEECHKIT_SOFFICE 设为「.*no-such-program」，但这不是可运行的程序"):
        pdf.docx_to_pdf(b"PK")


def test_missing_pdftoppm_names_the_package_before_any_work(monkeypatch, tmp_path):
    monkeypatch.setattr(preview.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf, "docx_to_pdf", lambda *a, **k: pytest.fail("LibreOffice should not run"))
    result = run("preview", SPEECH, "-o", str(tmp_path / "pages"))
    assert result.exit_code == 2
    assert "未找到 pdftoppm，无法生成 PNG 预览；请安装 poppler-utils" in result.output
    assert not (tmp_path / "pages").exists()


def test_libreoffice_that_hangs_is_stopped(monkeypatch, tmp_path):
    pid_file = tmp_path / "pid"
    monkeypatch.setenv("SPEECHKIT_SOFFICE", fake_program(tmp_path, f'echo $$ > "{pid_file}"; exec sleep 60'))
    with pytest.raises(OutputError, match="LibreOffice 未能在 1 秒内生成 PDF"):
        pdf.docx_to_pdf(speech_docx(), timeout=1)
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_libreoffice_failure_is_one_line(monkeypatch, tmp_path):
    failing = fake_program(tmp_path, "echo 'source file could not be loaded' >&2; exit 3")
    monkeypatch.setenv("SPEECHKIT_SOFFICE", failing)
    with pytest.raises(OutputError, match="运行失败，退出状态 3（source file could not be loaded）"):
        pdf.docx_to_pdf(speech_docx())


def test_libreoffice_without_output_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("SPEECHKIT_SOFFICE", fake_program(tmp_path, "exit 0"))
    with pytest.raises(OutputError, match="LibreOffice 未能生成 PDF（没有输出信息）"):
        pdf.docx_to_pdf(speech_docx())


def test_each_run_gets_a_private_profile_and_the_font_map(monkeypatch, tmp_path):
    # The stand-in records its arguments and environment, and writes a one-byte "PDF".
    log = tmp_path / "log"
    body = (
        f'echo "$@" >> "{log}"; echo "FC=$FONTCONFIG_FILE" >> "{log}"; cp "$FONTCONFIG_FILE" "{tmp_path}/fonts.conf";'
        ' while [ "$1" != "--outdir" ]; do shift; done; out="$2"; shift 2; mkdir -p "$out";'
        ' for f in "$@"; do b=$(basename "$f" .docx); printf x > "$out/$b.pdf"; done'
    )
    monkeypatch.setenv("SPEECHKIT_SOFFICE", fake_program(tmp_path, body))
    assert pdf.docx_to_pdfs([speech_docx(), speech_docx()]) == [b"x", b"x"]
    pdf.docx_to_pdf(speech_docx())
    calls = log.read_text(encoding="utf-8").splitlines()
    profiles = [word for line in calls for word in line.split() if word.startswith("-env:UserInstallation=file://")]
    assert len(profiles) == 2 and profiles[0] != profiles[1]
    conf = etree.parse(str(tmp_path / "fonts.conf")).getroot()
    mapped = {m.findtext("test/string"): [s.text for s in m.findall("edit/string")] for m in conf.iter("match")}
    for face in ("仿宋_GB2312", "楷体_GB2312", "黑体", "宋体", "方正小标宋简体"):
        assert mapped[face], face
    assert mapped["楷体_GB2312"][0] == "AR PL UKai CN"


# --- pure helpers --------------------------------------------------------------------------------


def test_pdf_clock_fields_are_replaced_in_place():
    body = b"%PDF-1.6\n1 0 obj <</CreationDate(D:20261126110850Z')>> endobj\n"
    trailer = b"trailer\n<</ID [ <17C4E22D9226421D302A609C73F43650>\n<17C4E22D9226421D302A609C73F43650> ]\n"
    trailer += b"/DocChecksum /0FC600E86C559D3C2A72455D35C09413\n>>\nstartxref\n12\n%%EOF\n"
    one = pdf.normalise_pdf(body + trailer, "2026-03-16")
    other = pdf.normalise_pdf(body.replace(b"110850", b"235959") + trailer.replace(b"17C4", b"99AA"), "2026-03-16")
    assert one == other
    assert len(one) == len(body + trailer)
    assert b"(D:20260316000000Z')" in one
    assert b"17C4E22D" not in one and b"0FC600E8" not in one


def _package(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def test_libreoffice_compat_flips_overflow_punct_and_drops_an_unused_grid():
    styles = (b'<w:styles><w:docDefaults><w:pPrDefault><w:pPr><w:overflowPunct w:val="0"/>'
              b'<w:snapToGrid w:val="0"/></w:pPr></w:pPrDefault></w:docDefaults>'
              b'<w:style><w:pPr><w:overflowPunct/></w:pPr></w:style></w:styles>')
    document = b'<w:document><w:body><w:sectPr><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr></w:body>'
    out = zipfile.ZipFile(io.BytesIO(docx_io.libreoffice_compat(
        _package({"word/styles.xml": styles, "word/document.xml": document}))))
    assert out.read("word/styles.xml").count(b'<w:overflowPunct w:val="1"/>') == 1
    assert out.read("word/styles.xml").count(b'<w:overflowPunct w:val="0"/>') == 1  # the bare one meant "on"
    assert b'w:type="default" w:linePitch="579"' in out.read("word/document.xml")


def test_libreoffice_compat_keeps_a_grid_paragraphs_snap_to():
    styles = b"<w:styles><w:docDefaults><w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults></w:styles>"
    document = b'<w:document><w:body><w:sectPr><w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr></w:body>'
    package = _package({"word/styles.xml": styles, "word/document.xml": document})
    assert docx_io.libreoffice_compat(package) == package


def test_libreoffice_compat_refuses_what_is_not_a_package():
    with pytest.raises(DocumentError, match="不是 zip 压缩包"):
        docx_io.libreoffice_compat(b"plain text")


def test_created_date_is_read_for_the_pdf_stamp():
    assert docx_io.created_date(speech_docx()) == "2026-03-16"
    assert docx_io.created_date(_package({"word/document.xml": b"<x/>"})) is None


def test_page_names_sort_in_page_order():
    assert preview.page_names("speech", 3) == ["speech-01.png", "speech-02.png", "speech-03.png"]
    assert preview.page_names("plan", 120)[0] == "plan-001.png"


# --- the real thing ------------------------------------------------------------------------------


@pytest.mark.layout
def test_pdf_is_deterministic_and_runs_do_not_collide(layout_tools, examples_rendered, tmp_path):
    docx = examples_rendered["speech"].docx
    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(pdf.docx_to_pdf, [docx, docx])
    assert first[:5] == b"%PDF-" and first == second
    # The session converted every example in one LibreOffice run; LibreOffice's font subsets then
    # depend on the documents before, but the pages are the same.
    (tmp_path / "alone.pdf").write_bytes(first)
    alone, together = read_pages(tmp_path / "alone.pdf"), examples_rendered["speech"].pages
    assert [[(line.text, line.x0, line.y0) for line in p.lines] for p in alone] == \
        [[(line.text, line.x0, line.y0) for line in p.lines] for p in together]
    info = subprocess.run(["pdfinfo", "-isodates", str(examples_rendered["speech"].pdf_path)],
                          capture_output=True, text=True, check=True).stdout
    assert re.search(r"CreationDate:\s+2026-03-16T00:00:00Z", info), info


@pytest.mark.layout
def test_free_fonts_stand_in_for_the_standard_faces(layout_tools, examples_rendered):
    rendered = examples_rendered["speech"]
    fonts = subprocess.run(["pdffonts", str(rendered.pdf_path)], capture_output=True, text=True, check=True).stdout
    assert "NotoSerifCJK" in fonts  # 仿宋_GB2312 body, 方正小标宋简体 title (bold)
    assert "NotoSerifCJKjp-Bold" in fonts
    assert "UKai" in fonts  # 楷体_GB2312 leads and byline
    assert "NotoSansCJK" in fonts  # 黑体 headings
    assert "DejaVu" not in fonts  # no face fell through to the generic fallback
    # The .docx itself still names the standard's faces.
    styles = zipfile.ZipFile(io.BytesIO(rendered.docx)).read("word/styles.xml").decode("utf-8")
    assert 'w:eastAsia="仿宋_GB2312"' in styles and "Noto" not in styles


@pytest.mark.layout
def test_render_to_pdf(layout_tools, tmp_path):
    out = tmp_path / "speech.pdf"
    result = run("render", SPEECH, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           4" in pages


@pytest.mark.layout
def test_preview_writes_png_pages_and_keeps_existing_ones(layout_tools, tmp_path, examples_rendered):
    folder = tmp_path / "pages"
    result = run("preview", SPEECH, "-o", str(folder), "--dpi", "50")
    assert result.exit_code == 0, result.output
    pages = sorted(folder.iterdir())
    assert [p.name for p in pages] == preview.page_names("speech", len(examples_rendered["speech"].pages))
    for page in pages:
        png = page.read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert abs(width - 413) <= 1 and abs(height - 585) <= 1  # A4 at 50 dpi
    pages[0].write_bytes(b"mine")
    result = run("preview", SPEECH, "-o", str(folder), "--dpi", "50")
    assert result.exit_code == 2 and "已存在；如需覆盖，请加 --force" in result.output
    assert pages[0].read_bytes() == b"mine"
    assert run("preview", SPEECH, "-o", str(folder), "--dpi", "50", "--force").exit_code == 0
    assert pages[0].read_bytes()[:4] == b"\x89PNG"


@pytest.mark.layout
def test_preview_of_a_docx_draft(layout_tools, tmp_path, examples_rendered):
    draft = tmp_path / "draft.docx"
    draft.write_bytes(examples_rendered["speech"].docx)
    assert run("preview", str(draft), "-o", str(tmp_path), "--dpi", "30").exit_code == 0
    assert (tmp_path / "draft-01.png").is_file()


@pytest.mark.layout
def test_check_format_of_drafts_saved_by_libreoffice(layout_tools, examples_rendered, tmp_path):
    # A draft that went through another office suite keeps its layout in other XML (LibreOffice
    # writes its own styles, fonts and section properties); check-format must still read it as clean.
    from speechkit.layout.checkformat import check_format

    sources = []
    for name in ("speech", "decision"):
        path = tmp_path / f"{name}.docx"
        path.write_bytes(examples_rendered[name].docx)
        sources.append(str(path))
    out = tmp_path / "saved"
    subprocess.run(
        [pdf.find_soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), *sources],
        check=True, capture_output=True, timeout=120)
    for name in ("speech", "decision"):
        saved = out / f"{name}.docx"
        assert saved.read_bytes() != examples_rendered[name].docx
        assert check_format(saved) == [], name


@pytest.mark.layout
@pytest.mark.parametrize("content, message", [
    (b"garbage", "draft.docx: 不是有效的 .docx 文件（不是 zip 压缩包）"),
    (None, "draft.docx: LibreOffice 未能生成 PDF（Error: source file could not be loaded）"),
])
def test_preview_of_a_broken_docx_is_one_located_line(layout_tools, tmp_path, content, message):
    draft = tmp_path / "draft.docx"
    if content is None:
        with zipfile.ZipFile(draft, "w") as zf:  # a zip, but no document inside
            zf.writestr("hello.txt", "你好")
    else:
        draft.write_bytes(content)
    result = run("preview", str(draft), "-o", str(tmp_path / "pages"))
    assert result.exit_code == 2
    assert result.output.strip().endswith(message) and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "pages").exists()
