"""Reading tracked changes back three ways, for the tests: speechkit's reader, the raw XML, and
LibreOffice's own model (the .odt it writes from the .docx)."""

from __future__ import annotations

import io
import random
import subprocess
import tempfile
import zipfile
from pathlib import Path

from docx import Document as WordDocument
from docx.shared import Pt, RGBColor
from lxml import etree

from speechkit.docx_io.reader import iter_paragraphs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def texts(data: bytes, view: str = "accepted") -> list[str]:
    return ["".join(runs) for _, _, runs in iter_paragraphs("<test>", data, view)]


def draft_with_runs(paragraphs: list[str], seed: int) -> bytes:
    """A .docx made by python-docx (not by speechkit's writer), each paragraph cut into runs at random
    places, with bold, colour and size varying from run to run, as drafts edited by hand are."""
    rng = random.Random(seed)
    doc = WordDocument()
    for text in paragraphs:
        p = doc.add_paragraph()
        cuts = sorted(rng.sample(range(1, len(text)), min(len(text) - 1, rng.randint(0, 6)))) if len(text) > 1 else []
        for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True):
            run = p.add_run(text[a:b])
            run.bold = rng.random() < 0.3
            if rng.random() < 0.3:
                run.font.color.rgb = RGBColor(0x20, 0x40, 0x80)
            run.font.size = Pt(rng.choice((14, 16)))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def part(data: bytes, name: str) -> etree._Element | None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if name not in zf.namelist():
            return None
        return etree.fromstring(zf.read(name))


# What ECMA-376 Part 1 asks of the elements these edits touch, as Word enforces it.
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
             "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
             "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")


def ooxml_problems(data: bytes) -> list[str]:
    """Breaches of the rules that make Word offer to repair a file, in the parts revisions touch."""
    problems = []
    doc = part(data, "word/document.xml")
    comments = part(data, "word/comments.xml")
    assert doc is not None
    ids: list[str] = []
    for el in doc.iter(f"{W}ins", f"{W}del"):
        ids.append(el.get(f"{W}id"))
        if not el.get(f"{W}author"):
            problems.append("revision without w:author")
        date = el.get(f"{W}date") or ""
        if len(date) != 20 or not date.endswith("Z"):
            problems.append(f"w:date not an xsd:dateTime in UTC: {date!r}")
        parent = el.getparent()
        if parent.tag in (f"{W}ins", f"{W}del"):
            problems.append("a revision nested inside another")
        for run in el:
            if run.tag != f"{W}r":
                problems.append(f"{el.tag} holds {run.tag}")
                continue
            for child in run:
                name = child.tag.replace(W, "")
                if el.tag == f"{W}del" and name not in ("rPr", "delText"):
                    problems.append(f"a deleted run holds w:{name}")
                if el.tag == f"{W}ins" and name == "delText":
                    problems.append("an inserted run holds w:delText")
    for run in doc.iter(f"{W}r"):
        kids = [c.tag.replace(W, "") for c in run]
        if "rPr" in kids and kids.index("rPr") != 0:
            problems.append("w:rPr is not the first child of its run")
        rpr = run.find(f"{W}rPr")
        if rpr is not None:
            order = [RPR_ORDER.index(c.tag.replace(W, "")) for c in rpr if c.tag.replace(W, "") in RPR_ORDER]
            if order != sorted(order):
                problems.append("w:rPr children out of schema order")
        if run.find(f"{W}delText") is not None and not any(
                a.tag == f"{W}del" for a in run.iterancestors()):
            problems.append("w:delText outside a deletion")
    for el in doc.iter():
        if any("rsid" in k for k in el.attrib if k.startswith(W)) and el.getparent() is not None:
            if el.tag in (f"{W}ins", f"{W}del"):
                problems.append("a revision carries w:rsid")
    for el in doc.iter(f"{W}commentRangeStart"):
        ids.append(el.get(f"{W}id"))
    if comments is not None:
        comment_ids = {c.get(f"{W}id") for c in comments.iter(f"{W}comment")}
        range_ids = {el.get(f"{W}id") for el in doc.iter(f"{W}commentRangeStart")}
        if comment_ids != range_ids:
            problems.append("comment ranges and comments do not match")
    if len(ids) != len(set(ids)):
        problems.append("annotation ids are not unique across revisions and comments")
    return problems


def libreoffice_views(data: bytes, soffice: str) -> tuple[list[str], list[str]]:
    """(accepted, original) paragraph texts as LibreOffice understands the tracked changes: the .docx
    converted to .odt, where a deletion is a point in the text whose words are kept in the changed
    region, and an insertion a range between change marks."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "in.docx")
        src.write_bytes(data)
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                        "odt", "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=180)
        with zipfile.ZipFile(Path(tmp, "in.odt")) as zf:
            root = etree.fromstring(zf.read("content.xml"))
    ns = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
          "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}
    t = "{" + ns["text"] + "}"
    regions = {}
    for region in root.iter(f"{t}changed-region"):
        rid = region.get(f"{t}id")
        kind = region[0].tag.replace(t, "")
        deleted = "".join("".join(p.itertext()) for p in region[0].iter(f"{t}p"))
        regions[rid] = (kind, deleted)
    body = root.find(".//office:text", ns)
    accepted, original = [], []
    office = "{" + ns["office"] + "}"
    for p in body.iter(f"{t}p", f"{t}h"):
        if any(a.tag in (f"{t}deletion", f"{office}annotation") for a in p.iterancestors()):
            continue  # deleted text kept in a changed region, or a comment's own paragraphs
        acc: list[str] = []
        org: list[str] = []
        inserting: set[str] = set()

        def walk(el, acc=acc, org=org, inserting=inserting):
            for node in el:
                tag = node.tag.replace(t, "")
                if tag == "change-start":
                    if regions[node.get(f"{t}change-id")][0] == "insertion":
                        inserting.add(node.get(f"{t}change-id"))
                elif tag == "change-end":
                    inserting.discard(node.get(f"{t}change-id"))
                elif tag == "change":
                    kind, deleted = regions[node.get(f"{t}change-id")]
                    if kind == "deletion":
                        org.append(deleted)
                elif tag == "s":
                    piece = " " * int(node.get(f"{t}c", "1"))
                    acc.append(piece)
                    if not inserting:
                        org.append(piece)
                elif tag == "tab":
                    acc.append("\t")
                    if not inserting:
                        org.append("\t")
                elif tag in ("p", "h") or node.tag == f"{office}annotation":
                    pass  # a comment's text is not the document's
                else:
                    if node.text:
                        acc.append(node.text)
                        if not inserting:
                            org.append(node.text)
                    walk(node)
                if node.tail:
                    acc.append(node.tail)
                    if not inserting:
                        org.append(node.tail)

        if p.text:
            acc.append(p.text)
            org.append(p.text)
        walk(p)
        accepted.append("".join(acc))
        original.append("".join(org))
    return accepted, original
