"""Block markup and numbering recognition."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speechkit import Block, MarkupError, cn_numeral, parse_markup, print_markup
from speechkit.blocks import cn_numeral_value, numbering, split_lead, without_lines


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "零"), (1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九"), (100, "一百"),
     (105, "一百零五"), (110, "一百一十"), (1000, "一千"), (1001, "一千零一"), (10000, "一万")],
)
def test_cn_numeral(n, text):
    assert cn_numeral(n) == text


@given(st.integers(min_value=1, max_value=199))
def test_cn_numeral_inverts(n):
    assert cn_numeral_value(cn_numeral(n)) == n


def test_cn_numeral_rejects_nonsense():
    with pytest.raises(ValueError):
        cn_numeral(-1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一、统一思想", (1, "一、", 1)),
        ("十二、其他", (1, "十二、", 12)),
        ("（三）加强领导。", (2, "（三）", 3)),
        ("2.明确分工", (3, "2.", 2)),
        ("（4）按时报送", (4, "（4）", 4)),
        ("1.5倍的增长", None),
        ("2026年3月", None),
        ("(一)半角括号", None),
        ("一是要加强", None),
    ],
)
def test_numbering(text, expected):
    assert numbering(text) == expected


def test_split_lead():
    assert split_lead("（一）要提高认识。这件事很重要。") == "（一）要提高认识。"
    assert split_lead("（一）要提高认识。") == ""
    assert split_lead("一、统一思想，提高认识") == ""
    assert split_lead("（二）要问为什么？因为……") == "（二）要问为什么？"


def test_parse_parts_levels_and_leads():
    markup = "@title 标题\n\n@blank\n同志们好。\n一、第一点\n（一）引句。正文。\n@pagebreak\n@para @开头\n"
    blocks = parse_markup(markup)
    assert [b.kind for b in blocks] == ["title", "blank", "para", "para", "para", "pagebreak", "para"]
    assert blocks[3].level == 1 and blocks[3].lead == ""
    assert blocks[4].level == 2 and blocks[4].lead == "（一）引句。" and blocks[4].body == "正文。"
    assert blocks[6].text == "@开头"
    assert blocks[4].line == 6


@pytest.mark.parametrize(
    ("markup", "message"),
    [("@titel 标题", "未知的块类型 @titel（可用：para、title、"), ("@title", "@title 后面须有文字"),
     ("@blank 字", "@blank 后面不能有文字，却有「字」")],
)
def test_bad_markup_is_located(markup, message):
    with pytest.raises(MarkupError, match=message) as info:
        parse_markup("正文\n" + markup, origin="speech/template.j2")
    assert info.value.line == 2
    assert str(info.value).startswith("speech/template.j2:2: ")


_texts = st.text(alphabet="改革发展稳定（一）二、1.。，@！？", min_size=1, max_size=20).map(str.strip).filter(bool)
_blocks = st.lists(
    st.one_of(
        _texts.map(lambda t: Block("para", t)),
        st.sampled_from(["title", "byline", "signature", "cc"]).flatmap(lambda k: _texts.map(lambda t: Block(k, t))),
        st.sampled_from(["blank", "pagebreak"]).map(Block),
    ),
    max_size=12,
)


@given(_blocks)
def test_print_then_parse_is_identity(blocks):
    reparsed = without_lines(parse_markup(print_markup(blocks)))
    assert [(b.kind, b.text) for b in reparsed] == [(b.kind, b.text) for b in blocks]
