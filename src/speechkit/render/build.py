"""The BUILD pipeline: outline file → typed outline → template → block markup → Document → file."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..blocks import Document, parse_markup
from ..errors import OutputError
from ..files import check_writable, write_atomic
from ..kinds import MODELS
from ..outline import Source, convert, load_yaml, read_text

FORMATS = ("docx", "txt", "md", "pdf")

# Jinja, the .docx writer and the text writers are imported where they are used: `speechkit lint`
# and `speechkit --help` load this module too and should not pay for them.


@dataclass
class Outline:
    kind: str
    model: Any  # a kind's dataclass, or a dict for a user kind without a model
    source: Source

    def context(self) -> dict:
        return self.model.context() if hasattr(self.model, "context") else dict(self.model)

    def document_info(self) -> dict:
        if hasattr(self.model, "document_info"):
            return self.model.document_info()
        data = self.model
        return {"title": str(data.get("title", "")), "author": str(data.get("author", "")), "layout": "gongwen"}


def kind_names(templates: list[Path] | None = None) -> list[str]:
    names = set(MODELS)
    from . import templating

    for folder in templating.search_path(templates):
        if folder.is_dir():
            names.update(p.parent.name for p in folder.glob("*/template.j2"))
    return sorted(names)


def parse_outline(source: Source, templates: list[Path] | None = None) -> Outline:
    data = source.data
    if not isinstance(data, dict):
        raise source.error("提纲应由若干字段组成（如 kind: …、title: …）", ())
    kind = data.get("kind")
    if not isinstance(kind, str) or not kind:
        raise source.error(f"缺少必填字段「kind」（可选：{'、'.join(kind_names(templates))}）", ())
    model_type = MODELS.get(kind)
    if model_type is None:
        if kind not in kind_names(templates):
            raise source.error(f"未知的文种「{kind}」（可选：{'、'.join(kind_names(templates))}）", ("kind",))
        return Outline(kind, data, source)
    model = convert(model_type, data, (), source)
    model.check(source)
    return Outline(kind, model, source)


def load_outline(path: str, templates: list[Path] | None = None) -> Outline:
    """Read, validate and type an outline file (``-`` for stdin)."""
    text, label = read_text(path)
    return parse_outline(load_yaml(text, label), templates)


def build(outline: Outline, templates: list[Path] | None = None, env=None) -> Document:
    """Fill the kind's template and parse its markup into a Document."""
    from . import templating

    env = env or templating.environment(templates)
    template = templating.load_template(env, f"{outline.kind}/template.j2")
    markup = templating.render(template, outline.context())
    blocks = parse_markup(markup, origin=f"{template.filename} (output)")
    info = outline.document_info()
    return Document(blocks, title=info.get("title", ""), author=info.get("author", ""),
                    layout=info.get("layout", "gongwen"), date=info.get("date", ""),
                    meta={k: v for k, v in info.items() if k not in ("title", "author", "layout", "date")})


def output_format(out: str, to: str | None) -> str:
    if to:
        return to
    suffix = Path(out).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise OutputError(f"无法从文件名判断输出格式；请使用后缀或 --to 指定（{'、'.join(FORMATS)}）", file=out)
    return suffix


def serialise(document: Document, fmt: str) -> bytes:
    from .. import docx_io
    from . import plaintext

    if fmt == "docx":
        return docx_io.docx_bytes(document)
    if fmt == "txt":
        return plaintext.to_text(document).encode("utf-8")
    if fmt == "md":
        return plaintext.to_markdown(document).encode("utf-8")
    if fmt == "pdf":
        from ..soffice import docx_to_pdf

        return docx_to_pdf(docx_io.docx_bytes(document))
    raise OutputError(f"未知的输出格式「{fmt}」（可选：{'、'.join(FORMATS)}）")


def render_file(outline_path: str, out: str, *, to: str | None = None, force: bool = False,
                templates: list[Path] | None = None) -> Document:
    """The ``speechkit render`` job: nothing is written unless every step succeeds."""
    fmt = output_format(out, to)
    # Mistakes in the outline come first: they are what the user is working on.
    document = build(load_outline(outline_path, templates), templates)
    if out != "-":
        check_writable(Path(out), force)  # before the PDF conversion, the one slow step
    data = serialise(document, fmt)
    if out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(out, data, force=force)
    return document
