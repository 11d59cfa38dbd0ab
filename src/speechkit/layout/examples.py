"""The F rules' examples made real: a starter outline rendered, one described change made with
python-docx as Word would leave it, and check-format run on the result.

The examples are data (corpora/layout/format.yaml, typed by lint/engines/layout.py); this module is
what ``speechkit rules --verify`` and the tests run them with.
"""

from __future__ import annotations

import io

from ..lint.engines.layout_examples import Change, LayoutExample
from ..lint.rules import Example, Rule


def example_docx(example: LayoutExample) -> bytes:
    """The .docx an example describes."""
    import docx

    from .. import docx_io
    from ..render.build import build, load_outline
    from ..resources import data_dir

    outline = data_dir("templates") / example.outline / "starter.yaml"
    document = docx.Document(io.BytesIO(docx_io.docx_bytes(build(load_outline(str(outline))))))
    apply_change(document, example.change)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def apply_change(document, change: Change) -> None:
    from docx.shared import Mm

    section = document.sections[0]
    if change.page is not None:
        section.page_width, section.page_height = Mm(change.page.width_mm), Mm(change.page.height_mm)
    if change.margins is not None:
        for side in ("top", "bottom", "left", "right"):
            mm = getattr(change.margins, side)
            if mm is not None:
                setattr(section, f"{side}_margin", Mm(mm))
    if change.style is not None:
        _change_style(document, change.style.style, change.style.size_pt, change.style.east_asia)
    if change.default_east_asia is not None:
        _change_default_font(document, change.default_east_asia)
    if change.default_line is not None:
        _default(document, "w:pPrDefault", "w:pPr", "w:spacing").set(_qn("w:line"), str(change.default_line))
    if change.footer is not None:
        _FOOTER_CHANGES[change.footer](document)


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _default(document, part: str, props: str, element: str):
    return document.styles.element.find(_qn("w:docDefaults")).find(_qn(part)).find(_qn(props)).find(_qn(element))


def _change_style(document, name: str, size_pt: float | None, east_asia: str | None) -> None:
    from docx.shared import Pt

    style = document.styles[name]
    if size_pt is not None:
        style.font.size = Pt(size_pt)
    if east_asia is not None:
        style.element.find(_qn("w:rPr")).find(_qn("w:rFonts")).set(_qn("w:eastAsia"), east_asia)


def _change_default_font(document, east_asia: str) -> None:
    fonts = _default(document, "w:rPrDefault", "w:rPr", "w:rFonts")
    if east_asia:
        fonts.set(_qn("w:eastAsia"), east_asia)
    else:
        del fonts.attrib[_qn("w:eastAsia")]


def _same_footer_on_every_page(document) -> None:
    document.settings.odd_and_even_pages_header_footer = False


def _hyphens(document) -> None:
    for footer in (document.sections[0].footer, document.sections[0].even_page_footer):
        for t in footer._element.iter(_qn("w:t")):
            t.text = t.text.replace("—", "-")


def _no_footers(document) -> None:
    sect = document.sections[0]._sectPr
    for ref in sect.findall(_qn("w:footerReference")):
        sect.remove(ref)


def _even_centred(document) -> None:
    document.sections[0].even_page_footer.paragraphs[0].alignment = 1


_FOOTER_CHANGES = {"same-on-every-page": _same_footer_on_every_page, "hyphens": _hyphens, "none": _no_footers,
                   "even-centred": _even_centred}


def reported(example: LayoutExample) -> list[str]:
    """The codes check-format reports for the example's .docx, in report order."""
    from .checkformat import check_format

    return [f.code for f in check_format(f"{example.outline}.docx", example_docx(example))]


def verify_layout_example(rule: Rule, example: Example) -> str | None:
    """What is wrong with one F example, or None when it behaves as stated."""
    given: LayoutExample = example.given
    codes = reported(given)
    shown = "、".join(codes) or "无"
    if example.fires and rule.code not in codes:
        return f"未报出（check-format 报出：{shown}）"
    if not example.fires and rule.code in codes:
        return "通过示例中却报出了此规则"
    if sorted(codes) != sorted(given.reports):  # a pass example without reports: a clean draft
        return f"应报出 {'、'.join(given.reports) or '无（文稿合规）'}，check-format 报出：{shown}"
    return None
