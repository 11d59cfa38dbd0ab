"""`speechkit lint DRAFT.docx --annotate REVIEWED.docx`: findings as Word review comments on the exact text."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from lxml import etree

from speechkit.blocks import Block, Document, body_block
from speechkit.docx_io import ParagraphComment, add_paragraph_comments, docx_bytes, paragraph_texts
from speechkit.drafts import read_document
from speechkit.lint import lint
from speechkit.lint.annotate import annotate_bytes

from .test_fix_docx import char_formats, rich_draft

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def anchored_texts(data: bytes) -> dict[str, str]:
    """comment id → the text between its w:commentRangeStart and w:commentRangeEnd, in document order."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    open_ids: list[str] = []
    texts: dict[str, str] = {}
    for el in root.iter():
        if el.tag == f"{W}commentRangeStart":
            open_ids.append(el.get(f"{W}id"))
            texts[el.get(f"{W}id")] = ""
        elif el.tag == f"{W}commentRangeEnd":
            open_ids.remove(el.get(f"{W}id"))
        elif el.tag in (f"{W}t", f"{W}tab", f"{W}br"):
            piece = el.text or "" if el.tag == f"{W}t" else "\t" if el.tag == f"{W}tab" else "\n"
            for cid in open_ids:
                texts[cid] += piece
    return texts


def comments_xml(data: bytes) -> dict[str, tuple[str, str, str]]:
    """comment id → (author, initials, text)."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/comments.xml"))
    out = {}
    for c in root.iter(f"{W}comment"):
        text = "".join(t.text or "" for t in c.iter(f"{W}t"))
        out[c.get(f"{W}id")] = (c.get(f"{W}author"), c.get(f"{W}initials"), text)
    return out


@pytest.fixture(scope="module")
def draft() -> bytes:
    return rich_draft()


@pytest.fixture(scope="module")
def annotated(draft, rules):
    document = read_document("d.docx", draft)
    findings = lint(document, rules=rules)
    data, unanchored = annotate_bytes("d.docx", draft, findings, document)
    assert unanchored == []
    return data, findings


def test_every_finding_is_a_comment_by_speechkit(annotated):
    data, findings = annotated
    comments = comments_xml(data)
    ours = {cid: c for cid, c in comments.items() if c[0] == "speechkit"}
    assert sorted(c[2] for c in ours.values()) == sorted(f"{f.code} {f.message}" for f in findings)
    assert {c[1] for c in ours.values()} == {"SK"}
    assert comments["0"] == ("办公室", "BGS", "请核实")  # the draft's own comment is kept, id and all
    assert len(findings) == 9


def test_each_comment_covers_exactly_the_offending_text(annotated):
    data, findings = annotated
    anchored = anchored_texts(data)
    comments = comments_xml(data)
    got = sorted((comments[cid][2], text) for cid, text in anchored.items() if comments[cid][0] == "speechkit")
    assert got == sorted((f"{f.code} {f.message}", f.match) for f in findings)
    assert anchored["0"] == "其它事项"


def test_runs_are_split_without_losing_formatting(draft, annotated):
    data, _ = annotated
    assert char_formats(data) == char_formats(draft)  # same characters, each in the same formatting
    assert paragraph_texts("a", data) == paragraph_texts("d", draft)


def test_other_parts_survive_and_word_tools_read_the_comments(draft, annotated):
    data, findings = annotated
    reopened = docx.Document(io.BytesIO(data))
    assert reopened.sections[0].header.paragraphs[0].text == "农业部办公厅"
    assert reopened.tables[0].cell(0, 1).text == "更新办公软体"
    assert len(list(reopened.comments)) == len(findings) + 1
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert xml.count("<w:fldChar") == 3 and " PAGE " in xml and "<w:hyperlink" in xml
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/comments.xml"))
    dated = [c.get(f"{W}author") for c in root.iter(f"{W}comment") if c.get(f"{W}date")]
    assert dated == ["办公室"]  # ours carry no clock time; the draft's own comment keeps its date


def test_same_draft_same_bytes(draft, rules, annotated):
    document = read_document("d.docx", draft)
    again, _ = annotate_bytes("d.docx", draft, lint(document, rules=rules), document)
    assert again == annotated[0]
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(again)).infolist()} == {(2000, 1, 1, 0, 0, 0)}


def test_an_empty_span_anchors_on_the_character_before_it():
    document = docx.Document()
    document.add_paragraph("请农业部牵头")
    buffer = io.BytesIO()
    document.save(buffer)
    data, unanchored = add_paragraph_comments(
        buffer.getvalue(),
        [ParagraphComment(1, 4, 4, "P101 此处缺少标点"), ParagraphComment(1, 0, 0, "S101 开头"),
         ParagraphComment(1, 1, 4, "T104 农业部"), ParagraphComment(7, 0, 1, "nowhere")],
        author="speechkit", initials="SK",
    )
    assert [c.text for c in unanchored] == ["nowhere"]
    assert sorted(anchored_texts(data).values()) == ["农业部", "请", "部"]


def test_our_own_gongwen_output(rules):
    blocks = [
        Block("title", "关于进一步做好农业部门户网站网路安全防护和办公软体正版化工作的通知"),
        body_block("　　请各单位及时更新办公软体，并报送有关情况。"),
        Block("imprint", "国家林业局办公室"),
        Block("imprint_date", "2026年3月2日印发"),
    ]
    data = docx_bytes(Document(blocks, layout="gongwen", date="2026-03-02"))
    document = read_document("g.docx", data)
    findings = lint(document, rules=rules)
    annotated, unanchored = annotate_bytes("g.docx", data, findings, document)
    assert unanchored == []
    assert sorted(anchored_texts(annotated).values()) == sorted(f.match for f in findings)
    assert sorted(f.match for f in findings) == ["国家林业局", "网路", "软体", "软体"]


# ---------------------------------------------------------------------------------------------
# The command.


def test_cli_writes_the_copy_and_leaves_the_draft(run, tmp_path, draft):
    (tmp_path / "d.docx").write_bytes(draft)
    result = run("lint", "d.docx", "--annotate", "reviewed.docx")
    assert result.exit_code == 1
    assert result.stdout.count("\n") == 9 and result.stdout.startswith("d.docx:2:4: T115 ")
    assert result.stderr == "已写入 reviewed.docx：批注 9 条\n"
    assert (tmp_path / "d.docx").read_bytes() == draft
    assert len(comments_xml((tmp_path / "reviewed.docx").read_bytes())) == 10


def test_cli_clean_draft_gets_a_copy_without_comments(run, tmp_path):
    document = docx.Document()
    document.add_paragraph("各地要结合实际，抓好贯彻落实。")
    document.save(tmp_path / "clean.docx")
    result = run("lint", "clean.docx", "--annotate", "out.docx", "--format", "json")
    assert result.exit_code == 0
    assert '"findings": []' in result.stdout
    assert result.stderr == "已写入 out.docx：批注 0 条\n"
    assert paragraph_texts("o", (tmp_path / "out.docx").read_bytes()) == ["各地要结合实际，抓好贯彻落实。"]


def test_cli_refuses_to_overwrite_without_force(run, tmp_path, draft):
    (tmp_path / "d.docx").write_bytes(draft)
    (tmp_path / "reviewed.docx").write_bytes(b"earlier review")
    result = run("lint", "d.docx", "--annotate", "reviewed.docx")
    assert result.exit_code == 2
    assert result.stderr == "speechkit: 错误：reviewed.docx: 已存在；如需覆盖，请加 --force\n"
    assert (tmp_path / "reviewed.docx").read_bytes() == b"earlier review"
    result = run("lint", "d.docx", "--annotate", "reviewed.docx", "--force")
    assert result.exit_code == 1
    assert len(comments_xml((tmp_path / "reviewed.docx").read_bytes())) == 10


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        ({"a.txt": "更新办公软体。\n"}, ["a.txt", "--annotate", "r.docx"],
         "a.txt: --annotate 只用于 .docx 草稿（Word 批注须写在 Word 文件中）"),
        ({"d.docx": None}, ["d.docx", "--annotate", "d.docx", "--force"],
         "d.docx: --annotate 另存带批注的副本，不覆盖草稿本身；请换一个文件名"),
        ({"d.docx": None}, ["d.docx", "d.docx", "--annotate", "r.docx"],
         "--annotate 只能用于一份 .docx 草稿，现有 2 份"),
        ({"d.docx": None}, ["d.docx", "--annotate", "r.txt"],
         "r.txt: --annotate 写出的是 .docx 文件；请给以 .docx 结尾的文件名"),
        ({"d.docx": None}, ["d.docx", "--annotate", "r.docx", "--unsafe-fixes"],
         "--annotate 按草稿原样加批注，不与 -o/--output、--diff 同用；要修改，请另行运行 --fix"
         "（或与 --track-changes 同用，把修改写成修订）"),
        ({"d.docx": b"PK\x03\x04 not really a zip"}, ["d.docx", "--annotate", "r.docx"],
         "d.docx: 不是有效的 .docx 文件（不是 zip 压缩包）"),
    ],
)
def test_cli_errors(run, tmp_path, draft, files, args, message):
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(draft if content is None else content.encode() if isinstance(content, str) else content)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    result = run("lint", *args)
    assert result.exit_code == 2
    assert result.stderr == f"speechkit: 错误：{message}\n"
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
