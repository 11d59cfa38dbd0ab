"""The .docx the writer produces: GB/T 9704 settings checked in the XML, determinism, readability."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from lxml import etree

from speechkit import build, docx_bytes, load_outline, read_docx
from tests.conftest import EXAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


@pytest.fixture(scope="module")
def package() -> dict[str, etree._Element]:
    data = docx_bytes(build(load_outline(str(EXAMPLES / "speech.yaml"))))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: etree.fromstring(zf.read(name)) for name in zf.namelist()}


def _style(package, style_id):
    return package["word/styles.xml"].find(f"w:style[@w:styleId='{style_id}']", NS)


def test_page_is_a4_with_gbt9704_margins(package):
    sect = package["word/document.xml"].find(".//w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    margins = sect.find("w:pgMar", NS)
    mm = {k: int(margins.get(f"{W}{k}")) / 56.6929 for k in ("top", "bottom", "left", "right")}
    assert mm == pytest.approx({"top": 37, "bottom": 35, "left": 28, "right": 26}, abs=0.05)
    grid = sect.find("w:docGrid", NS)
    assert grid.get(f"{W}type") == "lines" and grid.get(f"{W}linePitch") == "579"


def test_defaults_are_sanhao_fangsong_with_east_asian_slot(package):
    defaults = package["word/styles.xml"].find("w:docDefaults", NS)
    fonts = defaults.find(".//w:rFonts", NS)
    assert fonts.get(f"{W}eastAsia") == "仿宋_GB2312"
    assert fonts.get(f"{W}ascii") == "Times New Roman"
    assert defaults.find(".//w:rPr/w:sz", NS).get(f"{W}val") == "32"
    assert defaults.find(".//w:rPr/w:spacing", NS).get(f"{W}val") == "-5"  # 28 characters a line
    spacing = defaults.find(".//w:pPr/w:spacing", NS)
    assert (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == ("579", "exact")  # 22 lines a page
    assert defaults.find(".//w:lang", NS).get(f"{W}eastAsia") == "zh-CN"


def test_body_indent_is_two_characters(package):
    ind = _style(package, "Normal").find("w:pPr/w:ind", NS)
    assert ind.get(f"{W}firstLineChars") == "200" and ind.get(f"{W}firstLine") == "640"


@pytest.mark.parametrize(
    ("style_id", "font", "size", "align"),
    [
        ("SKTitle", "方正小标宋简体", "44", "center"),
        ("SKSubtitle", "楷体_GB2312", None, "center"),
        ("SKDateline", "楷体_GB2312", None, "center"),
        ("SKByline", "楷体_GB2312", None, "center"),
        ("SKHeading1", "黑体", None, None),
        ("SKFooter", "宋体", "28", None),
    ],
)
def test_part_styles(package, style_id, font, size, align):
    style = _style(package, style_id)
    assert style.find(".//w:rFonts", NS).get(f"{W}eastAsia") == font
    if size:
        assert style.find(".//w:sz", NS).get(f"{W}val") == size
    if align:
        assert style.find("w:pPr/w:jc", NS).get(f"{W}val") == align


def test_lead_sentences_are_run_in_kaiti(package):
    body = package["word/document.xml"].find("w:body", NS)
    runs = [p.findall("w:r", NS) for p in body.findall("w:p", NS)]
    run_in = [r for r in runs if len(r) == 2 and r[0].find("w:rPr/w:rStyle", NS) is not None]
    assert len(run_in) == 12
    first_lead = run_in[0][0]
    assert first_lead.find("w:rPr/w:rStyle", NS).get(f"{W}val") == "SKLead2"
    assert "".join(first_lead.itertext()) == "（一）要认识到这是践行为民宗旨的具体行动。"
    assert _style(package, "SKLead2").find(".//w:rFonts", NS).get(f"{W}eastAsia") == "楷体_GB2312"
    assert run_in[0][1].find("w:rPr", NS) is None  # the body runs in the paragraph's 仿宋


def test_no_word_list_numbering(package):
    assert "word/numbering.xml" not in package
    assert package["word/document.xml"].find(".//w:numPr", NS) is None


def test_footers_odd_right_even_left_with_page_field(package):
    assert package["word/settings.xml"].find("w:evenAndOddHeaders", NS) is not None
    sect = package["word/document.xml"].find(".//w:body/w:sectPr", NS)
    refs = {r.get(f"{W}type"): r.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            for r in sect.findall("w:footerReference", NS)}
    assert set(refs) == {"default", "even"}
    for part, align, side in (("word/footer1.xml", "right", "right"), ("word/footer2.xml", "left", "left")):
        footer = package[part]
        assert footer.find(".//w:jc", NS).get(f"{W}val") == align
        assert footer.find(".//w:ind", NS).get(f"{W}{side}") == "280"
        assert "".join(footer.itertext()) == "—  PAGE 1 —"  # "— " + field code + cached result + " —"
        assert footer.find(".//w:instrText", NS).text.strip() == "PAGE"
        kinds = [f.get(f"{W}fldCharType") for f in footer.iter(f"{W}fldChar")]
        assert kinds == ["begin", "separate", "end"]


def test_title_breaks_between_words(package):
    title = package["word/document.xml"].find("w:body/w:p", NS)
    lines = "".join(
        "\n" if el.tag == f"{W}br" else (el.text or "") for el in title.iter(f"{W}t", f"{W}br")
    ).split("\n")
    assert lines == ["凝心聚力\u3000攻坚克难\u3000", "全力推进城镇老旧小区改造提升"]


def test_no_half_width_punctuation_next_to_han(package):
    text = "".join(package["word/document.xml"].itertext())
    assert not re.search(r"[\u4e00-\u9fff][,;:?!()]|[,;:?!()][\u4e00-\u9fff]", text)


def test_core_properties(tmp_path):
    data = docx_bytes(build(load_outline(str(EXAMPLES / "speech.yaml"))))
    path = tmp_path / "s.docx"
    path.write_bytes(data)
    props = docx.Document(str(path)).core_properties
    assert props.title == "凝心聚力　攻坚克难　全力推进城镇老旧小区改造提升"
    assert props.author == "区长　林建国"
    assert props.created.date().isoformat() == "2026-03-16"


def test_deterministic_bytes():
    outline = load_outline(str(EXAMPLES / "speech.yaml"))
    assert docx_bytes(build(outline)) == docx_bytes(build(load_outline(str(EXAMPLES / "speech.yaml"))))


def test_python_docx_opens_it_and_reads_the_same_paragraphs(tmp_path):
    document = build(load_outline(str(EXAMPLES / "speech.yaml")))
    path = tmp_path / "s.docx"
    path.write_bytes(docx_bytes(document))
    opened = docx.Document(str(path))
    texts = [p.text.replace("\n", "") for p in opened.paragraphs if p.text.strip()]
    assert texts == [b.text for b in document.blocks if b.text]
    back = read_docx(path)
    assert [(b.kind, b.text) for b in back.blocks] == [(b.kind, b.text) for b in document.blocks if b.text]


def test_xml_special_characters_are_escaped(write):
    text = (EXAMPLES / "speech.yaml").read_text(encoding="utf-8").replace("区长　林建国", "A&B<公司>")
    document = build(load_outline(str(write("s.yaml", text))))
    data = docx_bytes(document)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = etree.fromstring(zf.read("word/document.xml"))
    assert "A&B<公司>" in "".join(xml.itertext())
