"""The 公文 frame recogniser shared by lint (the part of each line) and read-back (the field a line fills)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from speechkit import frame
from speechkit.drafts import read_document
from speechkit.lint.parts import title_like
from speechkit.readback import extract_outline
from speechkit.render.build import build, load_outline
from speechkit.render.plaintext import to_text

# (the line, the line before it as lint saw it, the part lint gives it) — lines after the head.
BODY_PARTS = [
    ("抄送：市委办公室，市政协办公室。", "para", "cc"),
    ("抄 送：市委办公室。", "para", "cc"),  # typed with a space: lint still knows it, to report it
    ("附件：1.重点任务清单", "para", "attachment"),
    ("2.责任分工表", "attachment", "attachment"),
    ("2.各单位要高度重视。", "para", "para"),  # an entry only right under the 附件说明
    ("附件2", "para", "attachment_label"),
    ("2026年4月8日", "para", "date"),
    ("（2026年4月8日）", "para", "dateline"),
    ("二〇二六年四月八日", "para", "date"),
    ("（此件公开发布）", "date", "note"),
    ("此件公开发布", "date", "note"),
    ("（此件公开发布）", "para", "para"),  # a 附注 follows the date line
    ("主题词：城市管理 防汛 通知", "para", "subject_words"),
    ("江澄市城市管理局办公室　　2026年4月8日印发", "para", "imprint_date"),
    ("各单位要于2026年4月8日前报送。", "para", "para"),
]


@pytest.mark.parametrize(("text", "previous", "part"), BODY_PARTS)
def test_the_part_of_a_line_after_the_head(text, previous, part):
    assert frame.body_part(text, previous) == part


def test_the_head_of_a_notice_typed_without_styles():
    texts = ["江澄市城市管理局文件", "江城管发〔2026〕19号", "关于切实做好城市排水防涝工作的通知",
             "各区城市管理局：", "为切实做好今年城市排水防涝工作，现将有关事项通知如下："]
    assert frame.parts(texts, ["para"] * len(texts), title_like) == [
        "organ", "docnumber", "title", "addressee", "para"]


def test_a_styled_block_is_the_part_its_style_says():
    texts = ["同志们：", "2026年4月8日"]
    assert frame.parts(texts, ["salutation", "para"], title_like) == ["salutation", "date"]


# Read-back takes only the forms it can turn into a field; lint's tolerant parts stay text for it.
FIELDS = [
    (frame.doc_number_fields, "江城管发〔2026〕19号", ("江城管发", 2026, 19)),
    (frame.doc_number_fields, "江城管发[2026]第19号", ("江城管发", 2026, 19)),
    (frame.doc_number_fields, "江城管发（2026）19号", None),
    (frame.cc_fields, "抄送：市委办公室，市政协办公室。", ["市委办公室", "市政协办公室"]),
    (frame.cc_fields, "抄 送：市委办公室。", None),
    (frame.imprint_fields, "江澄市城市管理局办公室　2026年4月8日印发", (dt.date(2026, 4, 8), "江澄市城市管理局办公室")),
    (frame.imprint_fields, "2026年4月8日印发", (dt.date(2026, 4, 8), "")),
    (frame.attachment_note_fields, "附件:1、自查表", ("附件:", "1、自查表")),
    (frame.entry_number, "2、责任分工表", "2、"),
    (frame.note_fields, "（此件公开发布）", "此件公开发布"),
    (frame.note_fields, "此件公开发布", None),
]


@pytest.mark.parametrize(("read", "text", "fields"), FIELDS)
def test_the_fields_read_back_takes_from_a_frame_line(read, text, fields):
    assert read(text) == fields


@pytest.mark.parametrize(("text", "found"), [
    ("2026年3月5日", (dt.date(2026, 3, 5), "arabic", "")),
    ("区长　林建国　2026年3月5日", (dt.date(2026, 3, 5), "arabic", "区长　林建国")),
    ("（二〇二六年三月五日）", (dt.date(2026, 3, 5), "chinese", "")),
    ("2026-03-05", (dt.date(2026, 3, 5), "arabic", "")),
    ("2026年2月30日", (None, "arabic", "")),  # a date line, but no such day
    ("请于2026年3月5日前报送材料", None),  # a date inside a sentence
])
def test_date_lines(text, found):
    assert frame.date_line(text) == found


@pytest.mark.parametrize("example", ["notice", "notice-issue", "decision"])
def test_lint_and_read_back_find_the_same_frame_in_a_plain_text_draft(example):
    """Each frame line lint names in a rendered .txt holds what read-back put in that field."""
    draft = read_document("draft.txt", to_text(build(load_outline(f"examples/{example}.yaml"))).encode("utf-8"))
    blocks = [b for b in draft.blocks if b.text.strip()]
    parts = frame.parts([b.text for b in blocks], [b.kind for b in blocks], title_like)
    line = {part: b.text for b, part in zip(blocks, parts, strict=True) if part != "para"}
    data = extract_outline(draft).data
    code, year, serial = frame.doc_number_fields(line["docnumber"])
    assert data["doc_number"] == {"code": code, "year": year, "serial": serial}
    assert data["addressee"] == line["addressee"].rstrip("：")
    assert frame.date_line(line["date"])[0] == data["date"]
    assert frame.cc_fields(line["cc"]) == data["cc"]
    assert frame.imprint_fields(line["imprint_date"])[0] == data.get("imprint", {}).get("date", data["date"])
    assert line["title"] in data.get("title", line["title"])


def _imports(path: Path) -> set[str]:
    """The speechkit modules a source file imports, relative names made absolute (speechkit.x.y)."""
    package = ["speechkit", *path.relative_to(SRC).with_suffix("").parts[1:-1]]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            names = [node.module] if node.module else [alias.name for alias in node.names]
            found.update(".".join([*base, name]) for name in names)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [node.module] if isinstance(node, ast.ImportFrom) else [alias.name for alias in node.names]
            found.update(name for name in names if name and name.startswith("speechkit"))
    return found


SRC = Path(frame.__file__).parent.parent


def test_the_frame_knows_neither_of_its_users():
    assert not {name for name in _imports(SRC / "speechkit/frame.py")
                if name.startswith(("speechkit.lint", "speechkit.readback"))}


def test_read_back_modules_import_in_one_direction():
    modules = {p.stem: p for p in (SRC / "speechkit/readback").glob("*.py") if p.stem != "__init__"}
    graph = {name: {m.rsplit(".", 1)[1] for m in _imports(path) if m.startswith("speechkit.readback.")}
             for name, path in modules.items()}
    done: list[str] = []
    while len(done) < len(graph):  # peel off modules whose imports are all peeled: fails on a cycle
        ready = sorted(name for name, deps in graph.items() if name not in done and deps <= set(done))
        assert ready, f"import cycle among {sorted(set(graph) - set(done))}"
        done += ready
