"""document.xml + styles.xml → DocxModel (paragraph and run properties resolved through the styles)."""

from __future__ import annotations

from typing import Any

from lxml import etree

from .docx_model import DocxModel, Page, Para, Run, Styles, Table, W, _on, _val, open_package


def _num(el: etree._Element | None, name: str, default: float | None = None) -> float | None:
    raw = _val(el, name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError:
        return default


def _ppr_layers(styles: Styles, ppr: etree._Element | None) -> list[etree._Element]:
    sid = _val(ppr.find(f"{W}pStyle")) if ppr is not None else None
    layers = styles.layers(sid or styles.default_para, "pPr")
    return layers + ([ppr] if ppr is not None else [])


def _ind(layers: list[etree._Element], char_unit: float) -> dict[str, float]:
    """Indents merged attribute by attribute; a layer setting firstLine/hanging in twips drops the
    character-unit values of the layers below it (Word prefers *Chars values, LibreOffice reads both)."""
    ind: dict[str, float] = {}
    for layer in layers:
        el = layer.find(f"{W}ind")
        if el is None:
            continue
        for name in ("left", "start", "right", "end", "firstLine", "hanging",
                     "leftChars", "rightChars", "firstLineChars", "hangingChars"):
            value = _num(el, name)
            if value is None:
                continue
            if name in ("firstLine", "hanging") and f"{name}Chars" not in _attrs(el):
                ind.pop("firstLineChars", None)
                ind.pop("hangingChars", None)
                ind.pop("hanging" if name == "firstLine" else "firstLine", None)
            ind[{"start": "left", "end": "right"}.get(name, name)] = value
    out = {"left": ind.get("left", 0.0), "right": ind.get("right", 0.0), "first": ind.get("firstLine", 0.0)}
    if "hanging" in ind:
        out["first"] = -ind["hanging"]
    if ind.get("firstLineChars"):
        out["first"] = ind["firstLineChars"] / 100 * char_unit
    if ind.get("hangingChars"):
        out["first"] = -ind["hangingChars"] / 100 * char_unit
    return out


def _attrs(el: etree._Element) -> set[str]:
    return {k.split("}")[-1] for k in el.keys()}


def _last(layers: list[etree._Element], tag: str) -> etree._Element | None:
    found = None
    for layer in layers:
        el = layer.find(f"{W}{tag}")
        if el is not None:
            found = el
    return found


def _toggle(layers: list[etree._Element], tag: str) -> bool:
    return bool(_on(_last(layers, tag)))


def _spacing(layers: list[etree._Element]) -> dict[str, Any]:
    out: dict[str, Any] = {"before": 0.0, "after": 0.0, "line": 240.0, "line_rule": "auto"}
    for layer in layers:
        el = layer.find(f"{W}spacing")
        if el is None:
            continue
        for name in ("before", "after", "line"):
            value = _num(el, name)
            if value is not None:
                out[name] = value
        if _val(el, "lineRule"):
            out["line_rule"] = _val(el, "lineRule")
    return out


def _border_bottom(layers: list[etree._Element]) -> float:
    el = _last(layers, "pBdr")
    bottom = el.find(f"{W}bottom") if el is not None else None
    if bottom is None or _val(bottom) in (None, "nil", "none"):
        return 0.0
    return (_num(bottom, "space", 0.0) or 0.0) * 20 + (_num(bottom, "sz", 4.0) or 0.0) * 20 / 8


def _run_props(layers: list[etree._Element]) -> dict[str, Any]:
    out: dict[str, Any] = {"size": 20.0, "spacing": 0.0, "scale": 1.0, "bold": False, "vanish": False}
    for layer in layers:
        for child in layer:
            tag = etree.QName(child).localname
            if tag == "sz":
                out["size"] = (_num(child, "val", 20.0) or 20.0) * 10
            elif tag == "spacing":
                out["spacing"] = _num(child, "val", 0.0) or 0.0
            elif tag == "w":
                out["scale"] = (_num(child, "val", 100.0) or 100.0) / 100
            elif tag in ("b", "vanish"):
                out["bold" if tag == "b" else "vanish"] = bool(_on(child))
    return out


class Reader:
    def __init__(self, styles: Styles, char_unit: float) -> None:
        self.styles = styles
        self.char_unit = char_unit

    def paragraph(self, p: etree._Element) -> Para:
        ppr = p.find(f"{W}pPr")
        layers = _ppr_layers(self.styles, ppr)
        sid = (_val(ppr.find(f"{W}pStyle")) if ppr is not None else None) or self.styles.default_para
        rlayers = self.styles.layers(sid, "rPr")
        mark = ppr.find(f"{W}rPr") if ppr is not None else None
        runs, breaks = self._runs(p, rlayers)
        ind = _ind(layers, self.char_unit)
        spacing = _spacing(layers)
        mark_size = _run_props(rlayers + ([mark] if mark is not None else []))["size"]
        return Para(
            runs=runs, style=sid, align=_val(_last(layers, "jc"), default="left") or "left",
            left=ind["left"], right=ind["right"], first=ind["first"],
            before=spacing["before"], after=spacing["after"], line=spacing["line"], line_rule=spacing["line_rule"],
            keep_next=_toggle(layers, "keepNext"), keep_lines=_toggle(layers, "keepLines"),
            page_break_before=_toggle(layers, "pageBreakBefore"), widow_control=_toggle(layers, "widowControl"),
            border_bottom=_border_bottom(layers), size=mark_size,
            section_break=ppr is not None and ppr.find(f"{W}sectPr") is not None, page_breaks=breaks,
        )

    def _runs(self, p: etree._Element, para_layers: list[etree._Element]) -> tuple[list[Run], int]:
        runs: list[Run] = []
        breaks = 0
        for r in p.iter(f"{W}r"):
            rpr = r.find(f"{W}rPr")
            layers = list(para_layers)
            if rpr is not None:
                cstyle = _val(rpr.find(f"{W}rStyle"))
                layers += self.styles.layers(cstyle, "rPr")[1:] if cstyle else []
                layers.append(rpr)
            props = _run_props(layers)
            if props["vanish"]:
                continue
            text = []
            for child in r:
                tag = etree.QName(child).localname
                if tag == "t":
                    text.append(child.text or "")
                elif tag == "tab":
                    text.append("\t")
                elif tag in ("br", "cr"):
                    if _val(child, "type") == "page":
                        breaks += 1
                    else:
                        text.append("\n")
            if text:
                runs.append(Run("".join(text), props["size"], props["spacing"], props["scale"], props["bold"]))
        return runs, breaks

    def table(self, tbl: etree._Element) -> Table:
        tblpr = tbl.find(f"{W}tblPr")
        widths = [_num(c, "w", 0.0) or 0.0 for c in tbl.iterfind(f"{W}tblGrid/{W}gridCol")]
        rows = []
        for tr in tbl.iterfind(f"{W}tr"):
            rows.append([[self.paragraph(p) for p in tc.iterfind(f"{W}p")] for tc in tr.iterfind(f"{W}tc")])
        pos = tblpr.find(f"{W}tblpPr") if tblpr is not None else None
        borders = tblpr.find(f"{W}tblBorders") if tblpr is not None else None
        margins = tblpr.find(f"{W}tblCellMar") if tblpr is not None else None
        left = margins.find(f"{W}left") if margins is not None else None
        return Table(
            rows=rows, widths=widths,
            floating_bottom=pos is not None and _val(pos, "tblpYSpec") == "bottom",
            border_top=_border_width(borders, "top"), border_bottom=_border_width(borders, "bottom"),
            border_inside=_border_width(borders, "insideH"),
            cell_margin=_num(left, "w", 108.0) if left is not None else 108.0,  # type: ignore[arg-type]
        )


def _border_width(borders: etree._Element | None, side: str) -> float:
    el = borders.find(f"{W}{side}") if borders is not None else None
    if el is None or _val(el) in (None, "nil", "none"):
        return 0.0
    return (_num(el, "sz", 4.0) or 0.0) * 20 / 8


def _page(body: etree._Element) -> Page:
    sect = body.find(f"{W}sectPr")
    size = sect.find(f"{W}pgSz") if sect is not None else None
    mar = sect.find(f"{W}pgMar") if sect is not None else None
    return Page(
        width=_num(size, "w", 11906) or 11906, height=_num(size, "h", 16838) or 16838,
        top=_num(mar, "top", 1440) or 0, bottom=_num(mar, "bottom", 1440) or 0,
        left=_num(mar, "left", 1800) or 0, right=_num(mar, "right", 1800) or 0,
    )


def read_docx(docx: Any) -> DocxModel:
    """A .docx (path, bytes or python-docx Document) → DocxModel."""
    document, styles_root = open_package(docx)
    styles = Styles(styles_root)
    body = document.find(f"{W}body")
    if body is None:
        body = document
    default_size = _run_props(styles.layers(styles.default_para, "rPr"))["size"]
    reader = Reader(styles, default_size)
    blocks: list[Para | Table] = []
    for child in body:
        tag = etree.QName(child).localname
        if tag == "p":
            blocks.append(reader.paragraph(child))
        elif tag == "tbl":
            blocks.append(reader.table(child))
    return DocxModel(blocks=blocks, page=_page(body), char_unit=default_size)
