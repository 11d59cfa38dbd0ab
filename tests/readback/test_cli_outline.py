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
from tests.readback.helpers import legacy_outline

LEGACY = EXAMPLES / "legacy-speech.txt"


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_outline_writes_the_example_and_reports_kind_and_repairs(tmp_path):
    out = tmp_path / "legacy.yaml"
    result = run("outline", str(LEGACY), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == legacy_outline()
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 5 and str(out) in lines[4], lines
    assert "speech" in lines[0] and "标题区有「讲话」、称呼「同志们：」、有过渡句、有「一、」级要点" in lines[0]
    for line, (at, message) in zip(lines[1:4], [(11, "第 10 行的段落在句中断开；已接上"),
                                                (31, "序号「(一)」按「（一）」读取"),
                                                (43, "两段连在一起；已在「（三）要…」之前分开")], strict=True):
        assert line.startswith(f"{LEGACY}:{at}: ") and line.endswith(f": {message}"), line


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
    assert result.stderr.strip() == f"speechkit: 错误：{out}: 已存在；如需覆盖，请加 --force"
    assert out.read_text(encoding="utf-8") == "keep me"
    assert run("outline", str(LEGACY), "-o", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8") == legacy_outline()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outline.yaml"]


def test_outline_to_stdout_and_from_stdin():
    text = LEGACY.read_text(encoding="utf-8")
    result = run("outline", "-", "-o", "-", "--kind", "speech", input=text.encode("utf-8"))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == "speechkit: 文种：speech（指定）"
    second = result.stderr.splitlines()[1]
    assert second.startswith("<stdin>:11: ") and second.endswith(": 第 10 行的段落在句中断开；已接上"), second
    assert yaml.safe_load(result.stdout) == yaml.safe_load((EXAMPLES / "legacy-speech.yaml").read_text("utf-8"))


def test_outline_reads_a_docx_draft(tmp_path):
    docx = tmp_path / "legacy.docx"
    assert run("render", str(EXAMPLES / "legacy-speech.yaml"), "-o", str(docx)).exit_code == 0
    result = run("outline", str(docx), "-o", "-")
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if ": 注意: " in line] == []
    assert yaml.safe_load(result.stdout) == yaml.safe_load((EXAMPLES / "legacy-speech.yaml").read_text("utf-8"))


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.txt", b"", "empty.txt: 文稿为空，没有可读出提纲的文字"),
    ("blank.txt", "\u3000\n\n".encode(), "blank.txt: 文稿为空"),
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
    assert len(lines) == 1 and lines[0].startswith(f"speechkit: 错误：{tmp_path}/{message}")
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
    assert result.stderr.startswith(f"speechkit: 错误：{draft}: 不是有效的 .docx 文件（其中的 XML 已损坏")
    assert "Traceback" not in result.output


def test_missing_draft_and_unknown_kind(tmp_path):
    result = run("outline", str(tmp_path / "nope.txt"), "-o", "-")
    assert result.exit_code == 2 and "nope.txt: 文件不存在；请检查路径" in result.stderr
    result = run("outline", str(LEGACY), "-o", "-", "--kind", "memo")
    assert result.exit_code == 2
    assert f"{LEGACY}: 无法按「memo」读取文稿（可读取的 kind：decision、notice、plan、speech）" in result.stderr


def test_an_outline_render_would_refuse_is_never_written(tmp_path, monkeypatch):
    broken = readers.KindReader("speech", guess_speech, lambda draft: {"kind": "speech", "title": "x"})
    monkeypatch.setitem(readers.READERS, "speech", broken)
    out = tmp_path / "out.yaml"
    result = run("outline", str(LEGACY), "-o", str(out))
    assert result.exit_code == 2
    assert "从文稿读出的提纲无法生成文档（" in result.stderr and "缺少必填字段「speaker」" in result.stderr
    assert result.stderr.strip().endswith("）；这是 speechkit 的问题，请报告")
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
    assert "段落内有换行；已按多个段落读取" in result.stderr


def test_stdin_is_named_the_same_in_the_yaml_header_and_on_stderr():
    flawed = (EXAMPLES / "flawed-draft.txt").read_bytes()
    result = run("outline", "-", "-o", "-", input=flawed)
    assert result.exit_code == 0
    assert result.stdout.startswith("# 由 `speechkit outline` 从 <stdin> 读出的提纲（kind: notice，推断依据：")
    warnings = [line for line in result.stderr.splitlines() if ": 注意: " in line]
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
        f"speechkit: 错误：{draft}:11: 从文稿读出的提纲无法生成文档（items[0].body[0]: 以「1.」开头，"
        "这是标题层级的序号；序号会自动生成，请删去）；这是 speechkit 的问题，请报告")
    assert not out.exists() and "o.yaml" not in result.stderr


def test_an_unrenderable_field_with_no_draft_text_names_the_field_only(tmp_path, monkeypatch):
    _breaking(monkeypatch, ("items", 1, "subitems", 0, "lead"), "没有句末标点")
    result = run("outline", str(EXAMPLES / "flawed-draft.txt"), "-o", str(tmp_path / "o.yaml"))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"speechkit: 错误：{EXAMPLES / 'flawed-draft.txt'}: 从文稿读出的提纲无法生成文档"
        "（items[1].subitems[0].lead: 引句应以「。」「！」或「？」结尾")
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
        f"speechkit: 错误：{LEGACY}: 从文稿读出的提纲无法生成文档"
        "（templates/speech/template.j2:7: 'points' is undefined）；这是 speechkit 的问题，请报告")
    assert not out.exists()
