"""The WordprocessingML of the 公文 parts: organ mark, red rule, 附件说明, attachment page, 版记 table."""

from __future__ import annotations

import pytest

from speechkit import gbt9704 as gb
from speechkit.blocks import Block, Document
from speechkit.docx_io import docx_bytes
from speechkit.errors import MarkupError
from tests.kinds.util import W, attr, example_data, outline_text, part, render_docx, style_of, text_of


@pytest.fixture(scope="module")
def decision() -> bytes:
    return render_docx(outline_text(example_data("decision")), "decision.yaml")


def styles(data: bytes) -> dict:
    root = part(data, "word/styles.xml")
    return {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}


def paragraphs(data: bytes) -> list:
    return list(part(data, "word/document.xml").find(f"{W}body").iter(f"{W}p"))


def test_organ_mark_is_red_xiaobiaosong_centred_35mm_down(decision):
    style = styles(decision)["SKOrgan"]
    assert attr(style.find(f"{W}rPr/{W}color"), "val") == "FF0000"
    assert attr(style.find(f"{W}rPr/{W}rFonts"), "eastAsia") == "方正小标宋简体"
    assert attr(style.find(f"{W}rPr/{W}sz"), "val") == "72"
    assert attr(style.find(f"{W}pPr/{W}jc"), "val") == "center"
    spacing = style.find(f"{W}pPr/{W}spacing")
    assert attr(spacing, "before") == str(gb.ORGAN_SPACE_BEFORE)
    assert (attr(spacing, "line"), attr(spacing, "lineRule")) == ("720", "exact")
    first = paragraphs(decision)[0]
    assert style_of(first) == "SKOrgan" and text_of(first) == "江澄市城市管理局文件"


def test_red_rule_is_the_doc_number_bottom_border(decision):
    border = styles(decision)["SKDocNumber"].find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert attr(border, "color") == "FF0000"
    assert attr(border, "val") == "single"
    assert attr(border, "sz") == "12"  # 1.5 pt
    assert attr(border, "space") == str(gb.RED_RULE["space"])
    # the rule spans the type area: the style has no side indents
    assert styles(decision)["SKDocNumber"].find(f"{W}pPr/{W}ind[@{W}left]") is None
    numbered = [p for p in paragraphs(decision) if style_of(p) == "SKDocNumber"]
    assert [text_of(p) for p in numbered] == ["江城管发〔2026〕12号"]


def test_header_spacing_in_blank_lines(decision):
    kinds = [style_of(p) or ("blank" if not text_of(p) else "Normal") for p in paragraphs(decision)[:10]]
    assert kinds == ["SKOrgan", "blank", "blank", "SKDocNumber", "blank", "blank", "SKTitle", "blank",
                     "SKAddressee", "Normal"]
    assert text_of(paragraphs(decision)[8]).endswith("：")


def test_long_organ_mark_is_narrowed_not_wrapped():
    long = "江澄市城市管理综合行政执法支队文件"  # 17 characters at 36 pt > 156 mm
    data = docx_bytes(Document([Block("organ", long)], layout="gongwen"))
    scale = attr(paragraphs(data)[0].find(f"{W}r/{W}rPr/{W}w"), "val")
    assert scale is not None and 50 <= int(scale) < 100
    short = docx_bytes(Document([Block("organ", "某局文件")], layout="gongwen"))
    assert paragraphs(short)[0].find(f"{W}r/{W}rPr/{W}w") is None
    with pytest.raises(MarkupError, match="发文机关标志「某+」过长，字宽缩至 50% 仍排不下一行；请改用机关简称"):
        docx_bytes(Document([Block("organ", "某" * 40)], layout="gongwen"))


def test_attachment_note_hangs_under_the_names():
    blocks = [Block("attachment", "附件：1.名单一"), Block("attachment", "2.名单二"), Block("attachment", "附件：名单")]
    ps = paragraphs(docx_bytes(Document(blocks, layout="gongwen")))
    inds = [p.find(f"{W}pPr/{W}ind") for p in ps]
    pitch = gb.CHAR_WIDTH + gb.CHAR_SPACING  # 315: one 三号 character with the body's spacing
    number = (160 + gb.CHAR_SPACING) + (80 + gb.CHAR_SPACING)  # "1." in Times New Roman
    first_left = 2 * gb.CHAR_WIDTH + 3 * pitch + number
    assert (attr(inds[0], "left"), attr(inds[0], "hanging")) == (str(first_left), str(3 * pitch + number))
    # "2." starts under "1." and its name under the first name
    assert (attr(inds[1], "left"), attr(inds[1], "hanging")) == (str(first_left), str(number))
    # a single attachment: no number, the name wraps under its first character
    assert attr(inds[2], "left") == str(2 * gb.CHAR_WIDTH + 3 * pitch)
    assert all(style_of(p) == "SKAttachment" for p in ps)
    assert styles(docx_bytes(Document(blocks)))["SKAttachment"].find(f"{W}basedOn") is None


def test_attachment_page_starts_on_a_new_page_with_label_and_title(decision):
    ps = paragraphs(decision)
    breaks = [i for i, p in enumerate(ps) if p.find(f"{W}pPr/{W}pageBreakBefore") is not None]
    assert len(breaks) == 1
    label, gap, title = ps[breaks[0]], ps[breaks[0] + 1], ps[breaks[0] + 2]
    assert style_of(label) == "SKAttachmentLabel" and text_of(label) == "附件"  # line 1
    assert text_of(gap) == ""  # line 2
    assert style_of(title) == "SKTitle" and text_of(title) == "2025年度全市城市管理工作先进集体和先进个人名单"  # line 3
    assert attr(styles(decision)["SKAttachmentLabel"].find(f"{W}rPr/{W}rFonts"), "eastAsia") == "黑体"
    note = [text_of(p) for p in ps if style_of(p) == "SKAttachment"]
    assert note == ["附件：2025年度全市城市管理工作先进集体和先进个人名单"]  # the note names the page exactly


def test_imprint_table_sits_on_the_bottom_margin(decision):
    body = part(decision, "word/document.xml").find(f"{W}body")
    children = list(body)
    tables = body.findall(f"{W}tbl")
    assert len(tables) == 1
    table = tables[0]
    position = table.find(f"{W}tblPr/{W}tblpPr")
    assert (attr(position, "vertAnchor"), attr(position, "tblpYSpec")) == ("margin", "bottom")
    assert (attr(position, "horzAnchor"), attr(position, "tblpX")) == ("page", str(gb.MARGIN_LEFT))
    assert attr(table.find(f"{W}tblPr/{W}tblW"), "w") == str(gb.TYPE_AREA_WIDTH)
    borders = table.find(f"{W}tblPr/{W}tblBorders")
    sizes = {side: (attr(borders.find(f"{W}{side}"), "val"), attr(borders.find(f"{W}{side}"), "sz"))
             for side in ("top", "bottom", "insideH", "left", "right", "insideV")}
    assert sizes == {"top": ("single", "8"), "bottom": ("single", "8"), "insideH": ("single", "6"),
                     "left": ("nil", None), "right": ("nil", None), "insideV": ("nil", None)}
    margins = table.find(f"{W}tblPr/{W}tblCellMar")
    assert attr(margins.find(f"{W}left"), "w") == "0" and attr(margins.find(f"{W}right"), "w") == "0"
    # the table is the end of the document: only its anchor paragraph and the section follow
    index = children.index(table)
    assert [c.tag for c in children[index + 1:]] == [f"{W}p", f"{W}sectPr"]
    assert text_of(children[index + 1]) == ""


def test_imprint_rows(decision):
    table = part(decision, "word/document.xml").find(f"{W}body/{W}tbl")
    rows = table.findall(f"{W}tr")
    cc, imprint = (row.find(f"{W}tc/{W}p") for row in rows)
    assert style_of(cc) == "SKCc"
    assert text_of(cc) == "抄送：江澄市人民政府办公室，市住房和城乡建设局，市人力资源和社会保障局。"
    assert style_of(imprint) == "SKImprint"
    runs = list(imprint.iter(f"{W}r"))
    assert [text_of(r) for r in runs] == ["江澄市城市管理局办公室", "", "2026年3月6日印发"]
    assert runs[1].find(f"{W}tab") is not None
    st = styles(decision)
    tab = st["SKImprint"].find(f"{W}pPr/{W}tabs/{W}tab")
    assert (attr(tab, "val"), attr(tab, "pos")) == ("right", str(gb.TYPE_AREA_WIDTH - 280))
    ind = st["SKImprint"].find(f"{W}pPr/{W}ind")
    assert (attr(ind, "left"), attr(ind, "right")) == ("280", "280")  # 1 character at 4号
    ind = st["SKCc"].find(f"{W}pPr/{W}ind")
    assert (attr(ind, "left"), attr(ind, "right"), attr(ind, "hanging")) == ("1120", "280", "840")
    for name in ("SKCc", "SKImprint"):
        assert attr(st[name].find(f"{W}rPr/{W}sz"), "val") == "28"  # 4号
        assert attr(st[name].find(f"{W}rPr/{W}spacing"), "val") == "0"


def test_imprint_without_cc_is_one_row():
    data = example_data("decision")
    data.pop("cc")
    table = part(render_docx(outline_text(data)), "word/document.xml").find(f"{W}body/{W}tbl")
    assert len(table.findall(f"{W}tr")) == 1


def test_signature_placement_sealed_and_unsealed():
    def indents(sealed: bool) -> tuple[str, str]:
        data = example_data("decision")
        data["sealed"] = sealed
        ps = paragraphs(render_docx(outline_text(data)))
        sig = next(p for p in ps if style_of(p) == "SKSignature")
        date = next(p for p in ps if style_of(p) == "SKDate")
        return attr(sig.find(f"{W}pPr/{W}ind"), "right"), attr(date.find(f"{W}pPr/{W}ind"), "right")

    # 江澄市城市管理局 is 8 cells; 2026年3月5日 is 6 cells of glyphs plus 5 × ¼ cell of the autospace
    # Word and LibreOffice put between Han and digits = 7.25: sealed → date 4 in, 署名 centred over it
    assert indents(True) == (str(round((4 + (7.25 - 8) / 2) * 320)), str(4 * 320))
    # unsealed, date shorter than 署名 → 署名 2 in, date starts 2 characters right of the 署名's start
    assert indents(False) == (str(2 * 320), str(round((8 - 7.25) * 320)))


def test_issue_notice_puts_the_plan_on_a_new_page_and_the_imprint_after_it(examples):
    text = (examples / "notice-issue.yaml").read_text(encoding="utf-8")
    data = render_docx(text, str(examples / "notice-issue.yaml"))
    ps = paragraphs(data)
    breaks = [p for p in ps if p.find(f"{W}pPr/{W}pageBreakBefore") is not None]
    assert len(breaks) == 1
    assert style_of(breaks[0]) == "SKTitle"
    assert text_of(breaks[0]) == "江澄市2026年背街小巷环境整治提升工作实施方案"
    titles = [text_of(p) for p in ps if style_of(p) == "SKTitle"]
    assert titles[0] == "关于印发《江澄市2026年背街小巷环境整治提升工作实施方案》的通知"
    assert not [p for p in ps if style_of(p) == "SKAttachment"]  # the plan is 主体, not an 附件
    body = list(part(data, "word/document.xml").find(f"{W}body"))
    table = next(i for i, el in enumerate(body) if el.tag == f"{W}tbl")
    assert "注重宣传引导" in text_of(body[table - 1])  # the last paragraph of the plan precedes the 版记
