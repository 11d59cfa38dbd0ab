"""The printed page, measured from the PDF LibreOffice makes of each kind's example (GB/T 9704 §5, §7)."""

from __future__ import annotations

import re

import pytest

from speechkit.docx_io import kept_with_signature
from tests.layout.pdf_boxes import (
    BODY_CHAR,
    BOTTOM,
    LEFT,
    MM,
    PITCH,
    RIGHT,
    TOP,
    Line,
    Page,
    body_lines,
    footer_lines,
    is_body_size,
    rasterise,
    slot,
)

pytestmark = pytest.mark.layout

TOL = 1 * MM  # the standard's tolerance on margins
NO_LINE_START = "，。、；：？！）》」』”’…—"
NO_LINE_END = "（《「『“‘"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _after_forced_break(rendered, page: Page) -> bool:
    """Does this page begin with a block the document puts on a new page (an attachment, a plan)?"""
    if not body_lines(page):
        return False
    first = _squash(body_lines(page)[0].text)
    blocks = rendered.document.blocks
    starts = [_squash(blocks[i + 1].text) for i, b in enumerate(blocks[:-1]) if b.kind == "pagebreak"]
    return any(s and (s.startswith(first) or first.startswith(s)) for s in starts)


def _blanks_before(rendered, page: Page) -> int:
    """Blank paragraphs just before the block this page begins with (spacing that may end the page before)."""
    if not body_lines(page):
        return 0
    first = _squash(body_lines(page)[0].text)
    blocks = rendered.document.blocks
    for i, block in enumerate(blocks):
        text = _squash(block.text)
        if text and first and (text.startswith(first) or first.startswith(text)):
            n = 0
            while i - n - 1 >= 0 and blocks[i - n - 1].kind == "blank":
                n += 1
            return n
    return 0


def _masthead(rendered, page: Page) -> list[Line]:
    """Lines of the 版头 (发文机关标志, 发文字号): placed by their own rules (§7.2), not on the line grid."""
    if page.number != 1:
        return []
    texts = [_squash(b.text) for b in rendered.document.blocks if b.kind in ("organ", "docnumber", "signer")]
    return [line for line in page.lines if any(_squash(line.text) and _squash(line.text) in t for t in texts)]


def _grid_lines(rendered, page: Page) -> list[Line]:
    masthead = _masthead(rendered, page)
    return [line for line in body_lines(page) if line not in masthead]


def _starts_with_signature_group(rendered, page: Page) -> bool:
    """The page opens with the last body paragraph that the writer keeps with the 署名 (§7.3.5.5),
    so the page before it may end early by design."""
    if not body_lines(page):
        return False
    first = _squash(body_lines(page)[0].text)
    blocks = rendered.document.blocks
    return bool(first) and any(first in _squash(blocks[i].text) for i in kept_with_signature(blocks))


def _continuing_pages(rendered) -> list[Page]:
    """Pages whose text runs on to the next page: every page but the last, and but one that ends
    before a forced page break or before the group kept with the 署名."""
    pages = rendered.pages
    return [p for p, following in zip(pages, pages[1:], strict=False)
            if not _after_forced_break(rendered, following) and not _starts_with_signature_group(rendered, following)]


def test_pages_are_a4(rendered):
    for page in rendered.pages:
        assert abs(page.width - 210 * MM) < 0.5 and abs(page.height - 297 * MM) < 0.5, page.number


def test_lines_sit_on_a_22_line_grid(rendered):
    for page in rendered.pages:
        lines = body_lines(page)
        assert lines, f"page {page.number} has no text"
        slots = [slot(line) for line in lines]
        assert min(slots) >= 0 and max(slots) <= 21, (page.number, slots)
        assert len(set(slots)) == len(slots), f"page {page.number}: two lines share a line position"
        body = [line for line in _grid_lines(rendered, page) if is_body_size(line)]
        for upper, lower in zip(body, body[1:], strict=False):
            gap = lower.centre - upper.centre
            steps = round(gap / PITCH)
            assert steps >= 1 and abs(gap - steps * PITCH) < 0.3, (page.number, upper.text[:10], gap)


def test_full_pages_hold_22_lines(rendered):
    # With every line on the 28.95 pt grid from the top of the type area (the test above), a page
    # whose text runs on and whose last line is the 22nd position holds exactly 22 lines.
    pages = rendered.pages
    for page in _continuing_pages(rendered):
        slots = [slot(line) for line in body_lines(page)]
        if page.number > 1:  # page 1 of a 公文 opens with the 版头's spacing
            assert slots[0] == 0, f"page {page.number} does not start on its first line"
        # Blank paragraphs (the space above a signature) may fill the last positions.
        blanks = _blanks_before(rendered, pages[page.number])
        assert slots[-1] + blanks >= 21, (
            f"page {page.number} ends on line {slots[-1] + 1} (+{blanks} blank), not 22, though text runs on")


def _full_lines(rendered) -> list[tuple[Line, Line | None]]:
    """Body lines that reach the right edge of the type area, with the line that follows."""
    lines = [line for page in rendered.pages for line in body_lines(page) if is_body_size(line)]
    return [
        (line, lines[i + 1] if i + 1 < len(lines) else None)
        for i, line in enumerate(lines)
        if abs(line.x1 - RIGHT) <= TOL and not any(ord(ch) < 0x80 for ch in line.text)
    ]


def test_full_lines_hold_28_characters(rendered):
    full = _full_lines(rendered)
    assert len(full) >= 5, "too few full lines to measure"
    counts = []
    for line, following in full:
        cells = round((line.x0 - LEFT) / BODY_CHAR) + line.cells(BODY_CHAR)
        counts.append(cells)
        assert cells <= 28, f"{cells} characters on one line: {line.text}"
        if cells < 28:
            # Line-breaking rules may move a character down with a closing mark (。 may not start a line).
            # So may a Latin word or number too long to break (a telephone number).
            pushed = following is not None and (
                any(ch in NO_LINE_START for ch in following.text[:3]) or following.text[:1].isascii())
            assert pushed or line.text[-1] in NO_LINE_END, f"{cells} characters on a full line: {line.text}"
    assert max(set(counts), key=counts.count) == 28, counts


def test_text_stays_inside_the_type_area(rendered):
    lefts, rights, outside = [], [], []
    for page in rendered.pages:
        for line in body_lines(page):
            if line.x0 < LEFT - TOL or line.x1 > RIGHT + TOL:
                outside.append((page.number, line.text, round(line.x0 / MM, 1), round(line.x1 / MM, 1)))
            if is_body_size(line):
                assert line.y0 >= TOP - TOL and line.y1 <= BOTTOM + TOL, (page.number, line.text)
            lefts.append(line.x0)
            rights.append(line.x1)
        # Word boxes of large type (the 发文机关标志) are taller than the glyphs, so the top edge is
        # checked on the ink: nothing may be printed above the type area.
        raster = rasterise(rendered.pdf_path, page.number, dpi=72)
        above = raster.ink_rows(0, 210, 0, TOP / MM - 1) + raster.ink_rows(0, 210, 0, TOP / MM - 1, red=True)
        assert not above, f"page {page.number}: ink {raster.mm(min(above)):.1f} mm from the top, above the type area"
    assert not outside, outside
    # The text reaches the edges, so the margins are where the standard puts them.
    assert abs(min(lefts) - LEFT) <= TOL, min(lefts) / MM
    assert abs(max(rights) - RIGHT) <= TOL, max(rights) / MM


def test_type_area_top_is_37mm(rendered):
    # With an exact line height the text sits on the bottom of its line (descent at the line's foot),
    # so a 三号 line's box bottom marks where its line position ends: top = bottom − (slot + 1) × pitch.
    for page in rendered.pages:
        for line in _grid_lines(rendered, page):
            if is_body_size(line):
                top = line.y1 - (slot(line) + 1) * PITCH
                assert abs(top - TOP) <= TOL, (page.number, line.text[:10], top / MM)


def test_page_numbers_odd_right_even_left(rendered):
    indent = 14  # one 4号 character
    for page in rendered.pages:
        feet = footer_lines(page)
        assert len(feet) == 1, f"page {page.number}: footer lines {[f.text for f in feet]}"
        foot = feet[0]
        assert re.fullmatch(rf"—\s*{page.number}\s*—", foot.text), foot.text
        if page.number % 2:
            assert abs(foot.x1 - (RIGHT - indent)) <= TOL, (page.number, foot.x1 / MM)
        else:
            assert abs(foot.x0 - (LEFT + indent)) <= TOL, (page.number, foot.x0 / MM)


def test_page_number_dash_7mm_below_type_area(rendered):
    # §7.5: the top of the 一字线 sits 7 mm below the bottom of the type area. The dash is found as ink
    # in the first character cell of the page number, on a raster of the page.
    for page in rendered.pages[:2]:
        foot = footer_lines(page)[0]
        raster = rasterise(rendered.pdf_path, page.number, dpi=300)
        rows = raster.ink_rows(foot.x0 / MM + 0.3, foot.x0 / MM + 4.0, BOTTOM / MM, BOTTOM / MM + 15)
        assert rows, "no dash found"
        assert abs(raster.mm(rows[0]) - (BOTTOM / MM + 7)) <= 1, raster.mm(rows[0])


def test_title_on_page_one(rendered):
    title = _squash(rendered.document.title)
    assert title
    first = rendered.pages[0]
    big = [line for line in body_lines(first) if 26 < line.height < 31]  # 二号 lines, not the 小初 发文机关标志
    assert _squash("".join(line.text for line in big)) == title
    for line in big:
        assert abs((line.x0 + line.x1) / 2 - (LEFT + RIGHT) / 2) <= TOL, f"title line not centred: {line.text}"


def test_imprint_at_the_foot_of_the_last_page(rendered):
    if not rendered.gongwen:
        pytest.skip(f"{rendered.kind} is not a 公文: it has no 版记")
    if not any(block.kind in ("cc", "imprint", "imprint_date") for block in rendered.document.blocks):
        pytest.skip(f"this {rendered.kind} has no 版记 (it has none when not issued on its own)")
    last = rendered.pages[-1]
    lines = body_lines(last)
    assert "印发" in lines[-1].text, lines[-1].text
    assert slot(lines[-1]) == 21, f"the 印发 line is on line {slot(lines[-1]) + 1}, not 22"
    # §7.4.1: the last 版记 rule coincides with the bottom edge of the type area.
    raster = rasterise(rendered.pdf_path, last.number, dpi=150)
    rules = raster.rules(BOTTOM / MM - 40, BOTTOM / MM + 5, min_length_mm=150)
    assert rules, "no 版记 rules found"
    assert abs(rules[-1][1] - BOTTOM / MM) <= 1, rules
