"""Web-copy damage is repaired: a damaged rendering of an outline reads back as the outline.

The damage is the kind a copy from a web page or an OA system does: a hard line break after a comma
(a paragraph split in two), a numbered paragraph run on after the previous one's last sentence (two
paragraphs merged), half-width markers, stray indentation and blank lines.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechkit.drafts import read_document
from speechkit.readback import extract_outline
from speechkit.render.build import build
from speechkit.render.plaintext import to_text
from tests.readback.helpers import parse
from tests.readback.test_roundtrip import speech

L1 = re.compile(r"[一二三四五六七八九十]+、")
L2 = re.compile(r"（([一二三四五六七八九十]+)）")
INDENTS = ["", "\u3000\u3000", "    ", "\t", " \u3000"]


def _merge_candidates(body: list[str]) -> list[int]:
    out = []
    for i in range(1, len(body)):
        line, prev = body[i], body[i - 1]
        if L1.match(line) or line.startswith("同志们"):
            ok = prev[-1] in "。！"
        elif L2.match(line):
            ok = prev[-1] in "。！" or (L1.match(prev) is not None and L2.match(line).group(1) == "一")
        else:
            ok = False
        if ok:
            out.append(i)
    return out


@st.composite
def damaged(draw) -> tuple[dict, str, list[str]]:
    data = draw(speech())
    lines = to_text(build(parse(data))).splitlines()
    start = lines.index(data["salutation"]) + 1
    head, body = lines[:start], [line.strip("\u3000") for line in lines[start:]]
    done = []
    for op in draw(st.lists(st.sampled_from(["merge", "split", "halfwidth"]), max_size=5)):
        if op == "merge":
            candidates = _merge_candidates(body)
            if candidates:
                i = draw(st.sampled_from(candidates))
                body[i - 1 : i + 1] = [body[i - 1] + body[i]]
                done.append(op)
        elif op == "split":
            cuts = [(i, m.end()) for i, line in enumerate(body) for m in re.finditer("，", line) if m.end() < len(line)]
            if cuts:
                i, at = draw(st.sampled_from(cuts))
                body[i : i + 1] = [body[i][:at], body[i][at:]]
                done.append(op)
        else:
            marked = [i for i, line in enumerate(body) if L1.match(line) or L2.match(line)]
            if marked:
                i = draw(st.sampled_from(marked))
                line = body[i]
                if L2.match(line):
                    close = draw(st.sampled_from([")", "）"]))
                    body[i] = draw(st.sampled_from(["(", "（"])) + line[1:].replace("）", close, 1)
                    if body[i] == line:
                        body[i] = "(" + line[1:]
                else:
                    body[i] = line.replace("、", draw(st.sampled_from([".", "．"])), 1)
                done.append(op)
    out = []
    for line in head + body:
        out.append(draw(st.sampled_from(INDENTS)) + line)
        if draw(st.integers(0, 3)) == 0:
            out.append("")
    return data, "\n".join(out) + "\n", done


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=damaged())
def test_damaged_text_draft_reads_back_as_the_outline(case):
    data, text, done = case
    result = extract_outline(read_document("web-copy.txt", text.encode("utf-8")), "speech")
    assert result.data == data
    repairs = [n for n in result.notes if n.line is not None and not n.message.startswith(
        ("没有以「同志们」开头的结尾段", "最后一个编号段之后没有结尾段"))]
    assert len(repairs) >= len(done)  # every repair is reported, with its line
