"""`speechkit outline` as a user runs it: files, stdout, reports, refusals and bad drafts."""

from __future__ import annotations

import io
import zipfile

import pytest
import yaml
from click.testing import CliRunner

from speechkit.cli import cli
from speechkit.readback import readers
from speechkit.readback.speech import guess_speech
from tests.conftest import EXAMPLES

LEGACY = EXAMPLES / "legacy-speech.txt"


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_outline_writes_the_example_and_reports_kind_and_repairs(tmp_path):
    out = tmp_path / "legacy.yaml"
    result = run("outline", str(LEGACY), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (EXAMPLES / "legacy-speech.yaml").read_bytes()
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "speechkit: kind: speech (guessed: the title block says 讲话, salutation 同志们：, a transition sentence, "
        "一、 points; use --kind to choose)",
        f"{LEGACY}:11: warning: paragraph breaks off mid-sentence at line 10; joined",
        f"{LEGACY}:31: warning: marker (一) read as （一）",
        f"{LEGACY}:43: warning: two paragraphs run together; split before （三）要…",
        f"wrote {out}",
    ]


def test_outline_is_deterministic_and_renders(tmp_path):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert run("outline", str(LEGACY), "-o", str(first)).exit_code == 0
    assert run("outline", str(LEGACY), "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    docx = tmp_path / "speech.docx"
    assert run("render", str(first), "-o", str(docx)).exit_code == 0


def test_outline_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "outline.yaml"
    out.write_text("keep me", encoding="utf-8")
    result = run("outline", str(LEGACY), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"speechkit: error: {out}: 已存在；如需覆盖，请加 --force"
    assert out.read_text(encoding="utf-8") == "keep me"
    assert run("outline", str(LEGACY), "-o", str(out), "--force").exit_code == 0
    assert out.read_bytes() == (EXAMPLES / "legacy-speech.yaml").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outline.yaml"]


def test_outline_to_stdout_and_from_stdin():
    text = LEGACY.read_text(encoding="utf-8")
    result = run("outline", "-", "-o", "-", "--kind", "speech", input=text.encode("utf-8"))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == "speechkit: kind: speech (given)"
    assert result.stderr.splitlines()[1] == "<stdin>:11: warning: paragraph breaks off mid-sentence at line 10; joined"
    assert yaml.safe_load(result.stdout) == yaml.safe_load((EXAMPLES / "legacy-speech.yaml").read_text("utf-8"))


def test_outline_reads_a_docx_draft(tmp_path):
    docx = tmp_path / "legacy.docx"
    assert run("render", str(EXAMPLES / "legacy-speech.yaml"), "-o", str(docx)).exit_code == 0
    result = run("outline", str(docx), "-o", "-")
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if "warning" in line] == []
    assert yaml.safe_load(result.stdout) == yaml.safe_load((EXAMPLES / "legacy-speech.yaml").read_text("utf-8"))


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.txt", b"", "empty.txt: the draft is empty"),
    ("blank.txt", "\u3000\n\n".encode(), "blank.txt: the draft is empty"),
    ("corrupt.docx", b"PK\x03\x04 this is not a zip package", "corrupt.docx: 不是有效的 .docx 文件（不是 zip 压缩包）"),
    ("binary.txt", b"\x00\x01\x02" * 50, "binary.txt: 是二进制文件"),
])
def test_bad_drafts_are_one_located_error_and_no_file(tmp_path, name, data, message):
    draft = tmp_path / name
    draft.write_bytes(data)
    out = tmp_path / "out.yaml"
    result = run("outline", str(draft), "-o", str(out))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"speechkit: error: {tmp_path}/{message}")
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_docx_with_broken_xml_is_a_located_error(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document><w:body><w:p>")
    draft = tmp_path / "broken.docx"
    draft.write_bytes(buffer.getvalue())
    result = run("outline", str(draft), "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 2
    assert result.stderr == (f"speechkit: error: {draft}: "
                             "不是有效的 .docx 文件（其中的 XML 已损坏：word/document.xml 第 1 行）\n")
    assert "Traceback" not in result.output


def test_missing_draft_and_unknown_kind(tmp_path):
    result = run("outline", str(tmp_path / "nope.txt"), "-o", "-")
    assert result.exit_code == 2 and "nope.txt: 文件不存在；请检查路径" in result.stderr
    result = run("outline", str(LEGACY), "-o", "-", "--kind", "memo")
    assert result.exit_code == 2
    assert "cannot read a draft as kind 'memo' (readable kinds:" in result.stderr


def test_an_outline_render_would_refuse_is_never_written(tmp_path, monkeypatch):
    broken = readers.KindReader("speech", guess_speech, lambda draft: {"kind": "speech", "title": "x"})
    monkeypatch.setitem(readers.READERS, "speech", broken)
    out = tmp_path / "out.yaml"
    result = run("outline", str(LEGACY), "-o", str(out))
    assert result.exit_code == 2
    assert "does not render" in result.stderr and "missing required field 'speaker'" in result.stderr
    assert not out.exists()


def test_a_word_draft_without_speechkit_styles_reads_like_the_text_draft(tmp_path):
    """A .docx typed in Word: default styles, centred title, one paragraph broken by a soft line break."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    lines = [line.strip(" \u3000") for line in LEGACY.read_text(encoding="utf-8").splitlines()]
    document = docx.Document()
    for line in lines:
        if line.startswith("紧急转移群众"):  # goes after the soft break below
            continue
        paragraph = document.add_paragraph(line)
        if line == lines[0]:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The paragraph the web copy split in two is one Word paragraph with a soft line break here.
    broken = next(p for p in document.paragraphs if p.text.endswith("昼夜坚守，"))
    broken.add_run().add_break()
    broken.add_run(next(line for line in lines if line.startswith("紧急转移群众")))
    draft = tmp_path / "legacy.docx"
    document.save(str(draft))
    result = run("outline", str(draft), "-o", "-")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.stdout) == yaml.safe_load((EXAMPLES / "legacy-speech.yaml").read_text("utf-8"))
    assert "line breaks inside the paragraph" in result.stderr


def test_stdin_is_named_the_same_in_the_yaml_header_and_on_stderr():
    flawed = (EXAMPLES / "flawed-draft.txt").read_bytes()
    result = run("outline", "-", "-o", "-", input=flawed)
    assert result.exit_code == 0
    assert result.stdout.startswith("# Outline read by `speechkit outline` from <stdin> (kind: notice")
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings and all(line.startswith("<stdin>") for line in warnings)
    assert "-:" not in result.stderr


def _breaking(monkeypatch, field_path, text):
    """Make the notice reader put ``text`` (a draft paragraph with its marker) where render refuses it."""
    notice = readers.READERS["notice"]

    def read(draft):
        data = notice.read(draft)
        node = data
        for part in field_path[:-1]:
            node = node[part]
        node[field_path[-1]] = text
        return data

    monkeypatch.setitem(readers.READERS, "notice", readers.KindReader("notice", notice.guess, read))


def test_an_unrenderable_field_is_reported_at_its_draft_line_not_the_unwritten_output(tmp_path, monkeypatch):
    draft = EXAMPLES / "flawed-draft.txt"
    _breaking(monkeypatch, ("items", 0, "body"), ["1.各单位要高度重视，主要负责同志要亲自过问。"])
    out = tmp_path / "o.yaml"
    result = run("outline", str(draft), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"speechkit: error: {draft}:11: the outline read from the draft does not render (items[0].body[0]: starts "
        "with 1., which marks a heading level; the numbering is added for you); please report this")
    assert not out.exists() and "o.yaml" not in result.stderr


def test_an_unrenderable_field_with_no_draft_text_names_the_field_only(tmp_path, monkeypatch):
    _breaking(monkeypatch, ("items", 1, "subitems", 0, "lead"), "没有句末标点")
    result = run("outline", str(EXAMPLES / "flawed-draft.txt"), "-o", str(tmp_path / "o.yaml"))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"speechkit: error: {EXAMPLES / 'flawed-draft.txt'}: the outline read from the draft does not render "
        "(items[1].subitems[0].lead: a lead sentence ends with")
    assert "o.yaml" not in result.stderr and "<generated outline>" not in result.stderr


def test_a_template_failure_keeps_its_template_location(tmp_path, monkeypatch):
    import importlib

    from speechkit.errors import TemplateError

    build = importlib.import_module("speechkit.render.build")  # the package exports a function of the same name

    def broken(outline, templates=None, env=None):
        raise TemplateError("'points' is undefined", file="templates/speech/template.j2", line=7)

    monkeypatch.setattr(build, "build", broken)
    out = tmp_path / "o.yaml"
    result = run("outline", str(LEGACY), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"speechkit: error: {LEGACY}: the outline read from the draft does not render "
        "(templates/speech/template.j2:7: 'points' is undefined); please report this")
    assert not out.exists()
