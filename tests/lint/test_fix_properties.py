"""Property tests for --fix over generated official-style drafts with injected faults.

* nothing changes outside the findings' spans (checked against each finding's line and column, a path
  independent of the block offsets the fixer uses), and the file keeps its encoding and line endings;
* fixing is idempotent: a second run makes no change;
* in a .docx whose text is split into runs of random formatting, every character outside the fixed
  spans keeps its run formatting.
"""

from __future__ import annotations

import io

import docx
from docx.shared import RGBColor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechkit.docx_io import paragraph_texts
from speechkit.drafts import read_document
from speechkit.lint import lint_document
from speechkit.lint.apply import apply_fixes
from speechkit.lint.fix import choose, fix_bytes

from .test_fix_docx import char_formats

# Faults: outdated bodies (safe and unsafe fixes), Taiwan-style terms, mixed 其他/其它, 做出/截止,
# half-width punctuation, bracketed document numbers, traditional script, 3 × 4-less numbering.
ORGS = ["国土资源部", "农业部", "环境保护部", "国家林业局", "国家粮食局", "卫计委", "银保监会", "市环保局", "县工商局",
        "国家旅游局", "自然资源部", "农业农村部", "市场监管总局", "原国土资源部", "生态环境部", "区安监局"]
TECH = ["软体", "网路", "伺服器", "资料库", "记忆体", "作业系统", "宽频", "萤幕", "软件", "网络", "服务器", "数据库"]
CLAUSES = [
    "各地区各部门要切实提高政治站位",
    "认真贯彻落实党中央、国务院决策部署",
    "请{org}牵头，会同有关部门抓好落实",
    "{org}要切实履行监管职责",
    "加快推进{tech}建设和应用",
    "统一更新办公{tech}",
    "进一步完善{tech}安全管理制度",
    "{qita}事项另行通知",
    "对违规行为依法{zuochu}处理决定",
    "申报材料{jiezhi}时间为每月月底",
    "{org}、{org}按职责分工负责",
    "确保各项任务落到实处",
    "按照《关于做好有关工作的通知》（农办发{docno}号）要求执行",
    "对工作中出现的新情况新问题要及时研究解决",
    "請各單位加強資訊安全管理",
    "重大事项及时报告{org}",
]
SEPARATORS = ["，", "，", "，", ",", "；", ";", "、"]
ENDS = ["。", "。", "。", ".", "！", "?", "；"]
LEADS = ["", "", "", "　　", "一、", "（一）", "1.", "（1）", "1、", "(一)", "一."]


@st.composite
def clause(draw) -> str:
    template = draw(st.sampled_from(CLAUSES))
    values = {
        "org": lambda: draw(st.sampled_from(ORGS)),
        "tech": lambda: draw(st.sampled_from(TECH)),
        "qita": lambda: draw(st.sampled_from(["其他", "其它"])),
        "zuochu": lambda: draw(st.sampled_from(["作出", "做出"])),
        "jiezhi": lambda: draw(st.sampled_from(["截至", "截止"])),
        "docno": lambda: draw(st.sampled_from(["〔2024〕12", "[2024]12", "（2024）12", "【2024】012"])),
    }
    out = template
    while "{" in out:
        key = out[out.index("{") + 1 : out.index("}")]
        out = out.replace("{" + key + "}", values[key](), 1)
    return out


@st.composite
def paragraph(draw) -> str:
    sentences = []
    for _ in range(draw(st.integers(1, 3))):
        parts = draw(st.lists(clause(), min_size=1, max_size=3))
        text = parts[0]
        for part in parts[1:]:
            text += draw(st.sampled_from(SEPARATORS)) + part
        sentences.append(text + draw(st.sampled_from(ENDS)))
    return draw(st.sampled_from(LEADS)) + "".join(sentences)


paragraphs = st.lists(paragraph(), min_size=1, max_size=6)

ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16-le-bom"]


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le")
    return text.encode(encoding)


def decode(data: bytes, encoding: str) -> str:
    if encoding == "utf-16-le-bom":
        return data[2:].decode("utf-16-le")
    return data.decode(encoding)


@st.composite
def text_draft(draw) -> tuple[str, str, str]:
    """(file name, text, encoding)."""
    markdown = draw(st.booleans())
    lines = []
    for text in draw(paragraphs):
        if markdown:
            text = draw(st.sampled_from(["", "", "## ", "- ", "> "])) + text
        lines.append(text)
        if draw(st.booleans()):
            lines.append("")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + draw(st.sampled_from(["", newline]))
    return ("draft.md" if markdown else "draft.txt"), text, draw(st.sampled_from(ENCODINGS))


def replace_at(lines: list[str], edits: list[tuple[int, int, str, str]]) -> list[str]:
    """Apply (line index, column offset, old, new) edits, checking each old text is where it is said to be."""
    lines = list(lines)
    for index, col, old, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        assert lines[index][col : col + len(old)] == old, (lines[index], col, old)
        lines[index] = lines[index][:col] + new + lines[index][col + len(old) :]
    return lines


def outside(line: str, spans: list[tuple[int, int]]) -> list[str]:
    """The pieces of ``line`` outside the (sorted, disjoint) spans."""
    pieces, pos = [], 0
    for a, b in sorted(spans):
        pieces.append(line[pos:a])
        pos = b
    pieces.append(line[pos:])
    return pieces


def shifted_spans(edits: list[tuple[int, int, str, str]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans of one line's edits before and after they are made."""
    before, after, delta = [], [], 0
    for _, col, old, new in sorted(edits, key=lambda e: e[1]):
        before.append((col, col + len(old)))
        after.append((col + delta, col + delta + len(new)))
        delta += len(new) - len(old)
    return before, after


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(text_draft())
def test_a_round_changes_only_the_findings_spans(rules, draft):
    name, text, encoding = draft
    data = encode(text, encoding)
    document = read_document(name, data)
    chosen = choose(lint_document(document, rules, name), unsafe=True)
    new, done = apply_fixes(name, data, document, chosen)
    assert sorted(done, key=lambda f: f.sort_key) == sorted(chosen, key=lambda f: f.sort_key)
    # Where each finding says it is, for people: line and column (1-based) of the file.
    edits = [(f.line - 1, f.column - 1, f.match, f.fix.replacement) for f in done]
    old_lines = text.splitlines(keepends=True)
    expected = "".join(replace_at(old_lines, edits))
    assert decode(new, encoding) == expected  # also: the encoding, BOM and line endings are as they were
    assert new == encode(expected, encoding)
    new_lines = expected.splitlines(keepends=True)
    assert len(new_lines) == len(old_lines)
    for index, (old_line, new_line) in enumerate(zip(old_lines, new_lines, strict=True)):
        mine = [e for e in edits if e[0] == index]
        before, after = shifted_spans(mine)
        assert outside(old_line, before) == outside(new_line, after)


@SETTINGS
@given(text_draft(), st.booleans())
def test_fixing_is_idempotent(rules, draft, unsafe):
    name, text, encoding = draft
    first = fix_bytes(name, encode(text, encoding), rules, unsafe=unsafe)
    assert first.settled
    second = fix_bytes(name, first.after, rules, unsafe=unsafe)
    assert second.after == first.after
    assert second.applied == []
    assert sorted(second.remaining, key=lambda f: f.sort_key) == sorted(first.remaining, key=lambda f: f.sort_key)
    assert decode(first.after, encoding).count("\n") == text.count("\n")


# ---------------------------------------------------------------------------------------------
# .docx with random runs.

FORMATS = ["plain", "bold", "italic", "underline", "red"]


@st.composite
def docx_draft(draw) -> tuple[bytes, list[str]]:
    """A .docx whose paragraphs are split into runs at random places, each run in a random formatting."""
    texts = draw(paragraphs)
    document = docx.Document()
    for text in texts:
        p = document.add_paragraph()
        cuts = sorted(set(draw(st.lists(st.integers(1, max(1, len(text) - 1)), max_size=6))))
        for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True):
            if a >= b:
                continue
            run = p.add_run(text[a:b])
            look = draw(st.sampled_from(FORMATS))
            if look == "bold":
                run.bold = True
            elif look == "italic":
                run.italic = True
            elif look == "underline":
                run.underline = True
            elif look == "red":
                run.font.color.rgb = RGBColor(0xC0, 0, 0)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), texts


DOCX_SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@DOCX_SETTINGS
@given(docx_draft())
def test_docx_round_keeps_every_other_character_and_its_formatting(rules, draft):
    data, texts = draft
    document = read_document("d.docx", data)
    chosen = choose(lint_document(document, rules, "d.docx"), unsafe=True)
    new, done = apply_fixes("d.docx", data, document, chosen)
    assert sorted(done, key=lambda f: f.sort_key) == sorted(chosen, key=lambda f: f.sort_key)
    edits = [(f.line - 1, f.column - 1, f.match, f.fix.replacement) for f in done]
    assert paragraph_texts("d.docx", new) == replace_at(texts, edits)
    old_chars, new_chars = char_formats(data), char_formats(new)
    for index in range(len(texts)):
        before, after = shifted_spans([e for e in edits if e[0] == index])
        assert outside(old_chars[index], before) == outside(new_chars[index], after)


@DOCX_SETTINGS
@given(docx_draft())
def test_docx_fixing_is_idempotent(rules, draft):
    data, _ = draft
    first = fix_bytes("d.docx", data, rules, unsafe=True)
    assert first.settled
    second = fix_bytes("d.docx", first.after, rules, unsafe=True)
    assert second.after == first.after and second.applied == []
