"""Helpers for the kind tests: outlines from the examples with one change, and rendering in memory."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import yaml
from lxml import etree

from speechkit import docx_io
from speechkit.outline import load_yaml
from speechkit.render.build import build, parse_outline
from tests.conftest import EXAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def example_data(kind: str) -> dict:
    return yaml.safe_load((EXAMPLES / f"{kind}.yaml").read_text(encoding="utf-8"))


def outline_text(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def load(text: str, file: str = "outline.yaml"):
    return parse_outline(load_yaml(text, file))


def render_docx(text: str, file: str = "outline.yaml") -> bytes:
    return docx_io.docx_bytes(build(load(text, file)))


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read(name))


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def style_of(p: etree._Element) -> str | None:
    found = p.find(f"{W}pPr/{W}pStyle")
    return found.get(f"{W}val") if found is not None else None


def attr(el: etree._Element | None, name: str) -> str | None:
    return None if el is None else el.get(f"{W}{name}")


def example_path(kind: str) -> Path:
    return EXAMPLES / f"{kind}.yaml"
