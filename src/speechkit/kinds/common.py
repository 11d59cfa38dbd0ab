"""Structure checks and wording helpers shared by the document kinds."""

from __future__ import annotations

import re

from ..blocks import SENTENCE_END, cn_numeral, numbering, split_lead
from ..outline import Paragraphs, Source, one_line

# The 破折号 (——), a hyphen or a tilde between two dates or times reads as a range mark; GB/T 15834
# wants the 一字线 (—) or the 浪纹线 (～) there.
_BAD_RANGE = re.compile(r"(?<=[日月年时])\s*(——|－－|--|-|－|~)\s*(?=\d)")
RANGE_DASH = "—"  # U+2014 once: the 一字线
NUMBERED = "序号会自动生成，请删去"
IN_POINTS = "请把它写进 points"


def cn_count(n: int) -> str:
    """Numbers as counted things: 2 → 两 (两点意见), otherwise like cn_numeral."""
    return "两" if n == 2 else cn_numeral(n)


def check_paragraphs(source: Source, path: tuple, paragraphs: Paragraphs | tuple,
                     hint: str = IN_POINTS) -> None:
    for i, text in enumerate(paragraphs):
        check_plain(source, (*path, i), text, hint)


def check_plain(source: Source, path: tuple, text: str, hint: str = IN_POINTS) -> None:
    # A body paragraph that opens with 一、 or （一） would be read back as a heading.
    found = numbering(text)
    if found:
        raise source.error(f"以「{found[1]}」开头，这是标题层级的序号；{hint}", path)


def check_range_marks(source: Source, path: tuple, text: str) -> None:
    bad = _BAD_RANGE.search(text or "")
    if bad:
        raise source.error(f"表示起止请用一字线「{RANGE_DASH}」（如 3月1日{RANGE_DASH}3月15日），"
                           f"不用「{bad.group(1)}」", path)


def check_body(source: Source, path: tuple, text: str | Paragraphs | tuple) -> None:
    """Body text of the 公文 kinds: no level marker at the start (the numbering is generated) and no
    破折号 or hyphen between dates."""
    if isinstance(text, str):
        check_plain(source, path, text, NUMBERED)
        check_range_marks(source, path, text)
        return
    for i, paragraph in enumerate(text):
        check_body(source, (*path, i), paragraph)


def check_lead(source: Source, path: tuple, lead: str) -> None:
    ends = [i for i, ch in enumerate(lead) if ch in SENTENCE_END]
    if not ends or ends[-1] != len(lead) - 1:
        raise source.error(f"引句应以「。」「！」或「？」结尾：「{one_line(lead[-12:])}」", path)
    if len(ends) > 1:
        raise source.error("引句只能是一句话；其余内容请移到 body", path)


def check_heading(source: Source, path: tuple, heading: str, hint: str = IN_POINTS, rest: str = "intro") -> None:
    """``rest`` is the field where what follows a heading's first sentence goes."""
    if split_lead("一、" + heading):
        raise source.error(f"标题只能是一句话；其余内容请移到 {rest}", path)
    check_plain(source, path, heading, hint)


def raw_value(source: Source, path: tuple):
    """The value as written in the YAML (numbers are still text there), or None."""
    node = source.data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node
