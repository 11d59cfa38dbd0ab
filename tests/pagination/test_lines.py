"""Line counts and page placement from the pagination model alone (no LibreOffice)."""

from __future__ import annotations

from speechkit import docx_io
from speechkit.blocks import Block, Document, body_block
from speechkit.pagination import paginate, read_docx
from speechkit.pagination.docx_model import Para, Run
from speechkit.pagination.lines import autospace, break_lines, glyphs

WIDTH = 8845  # the type area, twips


def body(text: str, first: float = 640) -> Para:
    return Para(runs=[Run(text, 320, -5)], first=first)


def test_28_han_characters_fill_a_line_26_after_the_indent():
    assert break_lines(body("国" * 28, first=0), WIDTH).count == 1
    assert break_lines(body("国" * 29, first=0), WIDTH).count == 2
    layout = break_lines(body("国" * 27), WIDTH)
    assert [len(line) for line in layout.lines] == [26, 1]


def test_closing_marks_do_not_start_a_line():
    # 26 characters fill the first line; a comma as the 27th pulls the 26th down with it.
    layout = break_lines(body("国" * 26 + "，国"), WIDTH)
    assert layout.lines[0] == "国" * 25
    assert layout.lines[1].startswith("国，")


def test_opening_marks_do_not_end_a_line():
    layout = break_lines(body("国" * 25 + "“国国”"), WIDTH)
    assert layout.lines[0] == "国" * 25
    assert layout.lines[1] == "“国国”"


def test_numbers_are_not_split_and_take_their_real_width():
    layout = break_lines(body("国" * 24 + "123456国"), WIDTH)
    assert layout.lines[1].startswith("123456")
    digits = [g.width for g in glyphs(body("1234"))]
    assert all(100 < w < 200 for w in digits)  # proportional digits, about 0.56 em, not 0.5 or 1


def test_autospace_between_han_and_latin_but_not_next_to_punctuation():
    g = glyphs(body("国1（1，a"))
    assert autospace(g[0], g[1]) == 64 + 5  # a fifth of 16 pt, plus the character spacing lost
    assert autospace(g[2], g[3]) == 5
    assert autospace(g[3], g[4]) == 5


def _document(blocks: list[Block], layout: str = "speech") -> bytes:
    return docx_io.docx_bytes(Document(blocks=blocks, layout=layout))


def test_paginate_counts_lines_and_pages():
    text = "国" * 26 + "国" * 28 * 3  # 4 lines
    pages = paginate(_document([body_block(text)] * 6))  # 24 lines: 22 on page 1
    assert [b.lines for b in pages.blocks] == [4] * 6
    assert [b.first_page for b in pages.blocks] == [1, 1, 1, 1, 1, 1]
    assert pages.blocks[5].first_line == 21
    assert pages.blocks[5].last_page == pages.end_page == 2


def test_page_break_before_and_title_lines():
    blocks = [Block("title", "关于开展城市精细化管理专项行动的通知"), Block("para", "正文。"),
              Block("pagebreak"), Block("para", "另一页。")]
    pages = paginate(_document(blocks))
    assert pages.blocks[0].lines == 1
    assert [b.first_page for b in pages.blocks] == [1, 1, 2]


def test_keep_with_next_paragraph_is_not_split():
    model = read_docx(_document([body_block("国" * 26)] * 1))
    para = model.blocks[0]
    assert isinstance(para, Para) and para.first == 640 and para.line == 579 and para.line_rule == "exact"
