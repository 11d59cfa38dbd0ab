"""Outline YAML → a typed model, with every error located by file, line and YAML path.

Loading is two steps. :func:`load_yaml` turns the text into plain data (dicts, lists, strings)
plus a map from YAML path to line, accepting only the YAML core types. :func:`convert` then fills
a dataclass from that data, field by field, rejecting unknown keys. Batch runs render the plain
data's strings through Jinja per row between the two steps, so both stay separate.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import sys
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import OutlineError, PathPart, SpeechkitError
from .files import read_utf8
from .zh import CONTROL

MAX_NODES = 100_000  # bounds alias expansion ("billion laughs") and absurd outlines
MAX_FILE_NODES = 200_000  # the same for speechkit.yaml and term files, which may be long lists
_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


Lines = dict[tuple[PathPart, ...], int]


def line_of(lines: Lines, path: tuple[PathPart, ...]) -> int | None:
    """The line of ``path``, or of its nearest ancestor that has one."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]


@dataclass
class Source:
    """Plain outline data with the line of every YAML path in it."""

    data: Any
    file: str
    lines: Lines = field(default_factory=dict)
    error_class: type[SpeechkitError] = OutlineError  # what a settings file or a rule file raises instead

    def line_of(self, path: tuple[PathPart, ...]) -> int | None:
        return line_of(self.lines, path)

    def error(self, message: str, path: tuple[PathPart, ...]) -> SpeechkitError:
        return self.error_class(message, file=self.file, line=self.line_of(path), path=path)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: 15× faster


def load_yaml(text: str, file: str) -> Source:
    """Outline YAML text → :class:`Source` (see :func:`load_located`); an empty outline is an error."""
    source = load_located(text, file)
    if not source.lines:  # no document at all (a lone ``~`` is a document, and has a line)
        raise OutlineError("the outline is empty", file=file, line=1)
    return source


def load_located(text: str, file: str, error: type[SpeechkitError] = OutlineError, *, max_nodes: int = MAX_NODES,
                 typed_ints: bool = False) -> Source:
    """YAML text → plain data and the line of every path in it: the one YAML reader of outlines,
    speechkit.yaml, kind metadata and term files. Only core types; custom tags, merge keys and
    non-string keys are errors of the caller's class. Numbers and dates stay as written, for the
    field they land in to read, unless ``typed_ints``. Empty text gives ``data`` None."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        hint = _full_width_colon(text, line)
        if hint:
            line, problem = hint
        raise error(f"YAML syntax error: {problem}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise error(f"YAML error: {exc}", file=file) from None
    source = Source(None, file)
    if node is not None:
        source.data = _Plain(source, error, max_nodes, typed_ints).value(node, ())
    return source


_KEY_WITH_FULL_WIDTH_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*：")


def _full_width_colon(text: str, line: int | None) -> tuple[int, str] | None:
    """The commonest slip in a Chinese editor: ``speaker：`` for ``speaker:``. PyYAML reports it a line
    late and without a word about the colon."""
    if not line:
        return None
    lines = text.splitlines()
    for number in (line - 1, line, line - 2):
        if 0 < number <= len(lines) and (m := _KEY_WITH_FULL_WIDTH_COLON.match(lines[number - 1])):
            return number, f"full-width colon after {m.group(1)!r}; write {m.group(1)}: with a half-width colon"
    return None


_BOOL = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
_AS_WRITTEN = frozenset({"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                         "tag:yaml.org,2002:timestamp"})


class _Plain:
    """A composed YAML node → plain data, recording lines in ``source`` as it goes."""

    def __init__(self, source: Source, error: type[SpeechkitError], max_nodes: int, typed_ints: bool) -> None:
        self.source, self.error, self.max_nodes, self.typed_ints = source, error, max_nodes, typed_ints
        self.budget = max_nodes

    def fail(self, message: str, path: tuple, line: int | None = None) -> SpeechkitError:
        return self.error(message, file=self.source.file, line=line or self.source.line_of(path), path=path)

    def value(self, node: yaml.Node, path: tuple) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise self.fail(f"more than {self.max_nodes} values (alias expansion?)", path)
        self.source.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _COLLECTION_TAGS:
            raise self.fail(f"unsupported YAML tag {node.tag}", path)  # !!python/object… and the like
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: tuple) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail("YAML merge keys (<<) are not supported", path, line)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raise self.fail("keys must be plain text", path, line)
            key = key_node.value
            if key in out:
                raise self.fail(f"duplicate key {key!r}", path, line)
            self.source.lines[path + (key,)] = line
            out[key] = self.value(value_node, path + (key,))
        return out

    def scalar(self, node: yaml.Node, path: tuple) -> Any:
        tag = node.tag
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            if node.value.lower() not in _BOOL:  # an explicit !!bool tag on other text
                raise self.fail(f"{node.value!r} is not true or false", path, node.start_mark.line + 1)
            return _BOOL[node.value.lower()]
        if tag == "tag:yaml.org,2002:int" and self.typed_ints:
            try:
                return int(node.value, 0)
            except ValueError:
                return node.value
        if tag in _AS_WRITTEN:
            return node.value
        raise self.fail(f"unsupported YAML tag {tag}", path, node.start_mark.line + 1)


# ---------------------------------------------------------------------------------------------
# Field types beyond the plain ones.


class Paragraphs(tuple):
    """One or more paragraphs: a list of strings, or one string whose lines are paragraphs."""


class Count(int):
    """A whole number, or ``any`` (stored as 0) to lift a structure rule."""


def parse_date(text: str) -> dt.date:
    """2026-03-05, 2026-3-5, 2026/3/5, 2026.3.5 or 2026年3月5日 → date; anything else raises ValueError."""
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*", text)
    if not m:
        raise ValueError(f"{text!r} is not a date (write 2026-03-05 or 2026年3月5日)")
    year, month, day = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{text.strip()} is not a real date") from None


def _check_text(text: str, path: tuple, source: Source, *, one_line: bool = True) -> str:
    bad = CONTROL.search(text)
    if bad:
        raise source.error(f"control character U+{ord(bad.group()):04X} in text", path)
    if one_line and ("\n" in text.strip() or "\r" in text):
        raise source.error("must be a single paragraph (no line breaks)", path)
    text = text.strip()
    if text.startswith("@"):
        raise source.error("text may not start with @ (reserved for block markup)", path)
    return text


def convert(tp: Any, value: Any, path: tuple, source: Source) -> Any:
    """Fill type ``tp`` from plain data, raising a located :class:`OutlineError` on mismatch.

    A type may convert itself: ``tp.__convert__(value, path, source)`` (the kinds of a settings
    section and of a rule's parameters do, each with the messages its files have always given).
    """
    own = getattr(tp, "__convert__", None)
    if own is not None:
        return own(value, path, source)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return convert(args[0], value, path, source)
    if value is None:
        raise source.error("a value is required here", path)
    scalar = _SCALARS.get(tp)
    if scalar is not None:
        return scalar(tp, value, path, source)
    if origin is list:
        if not isinstance(value, list):
            raise source.error(f"expected a list, found {_describe(value)}", path)
        (item_type,) = typing.get_args(tp)
        return [convert(item_type, item, (*path, i), source) for i, item in enumerate(value)]
    if origin is typing.Literal:
        choices = typing.get_args(tp)
        if value not in choices:
            raise source.error(f"expected one of {', '.join(map(str, choices))}, found {_describe(value)}", path)
        return value
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _convert_dataclass(tp, value, path, source)
    raise TypeError(f"outline field type {tp!r} is not supported")  # a bug in a model, not user input


def _to_str(tp: type, value: Any, path: tuple, source: Source) -> str:
    if isinstance(value, bool) or not isinstance(value, str):
        raise source.error(f"expected text, found {_describe(value)}", path)
    return _check_text(value, path, source)


def _to_paragraphs(tp: type, value: Any, path: tuple, source: Source) -> Paragraphs:
    if isinstance(value, str):
        _check_text(value, path, source, one_line=False)  # before splitting: see zh.CONTROL
        lines = [_check_text(line, path, source) for line in value.replace("\r\n", "\n").split("\n")]
        return Paragraphs(line for line in lines if line)
    if isinstance(value, list):
        items = [convert(str, item, (*path, i), source) for i, item in enumerate(value)]
        return Paragraphs(item for item in items if item)
    raise source.error(f"expected paragraphs (text or a list of text), found {_describe(value)}", path)


def _to_bool(tp: type, value: Any, path: tuple, source: Source) -> bool:
    if not isinstance(value, bool):
        raise source.error(f"expected true or false, found {_describe(value)}", path)
    return value


def _to_count(tp: type, value: Any, path: tuple, source: Source) -> int:
    if tp is Count and isinstance(value, str) and value.strip() in ("any", "不限"):
        return Count(0)
    if type(value) is int and value > 0:  # settings and rule files (typed_ints) keep YAML's ints
        return tp(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value) and int(value) > 0:
        return tp(int(value))
    raise source.error(f"expected a whole number ≥ 1{' or any' if tp is Count else ''}, found "
                       f"{_describe(value)}", path)


def _to_float(tp: type, value: Any, path: tuple, source: Source) -> float:
    if type(value) in (int, float):
        return float(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+(?:\.\d+)?\s*", value):
        return float(value)
    raise source.error(f"expected a number, found {_describe(value)}", path)


def _to_date(tp: type, value: Any, path: tuple, source: Source) -> dt.date:
    if not isinstance(value, str):
        raise source.error(f"expected a date, found {_describe(value)}", path)
    try:
        return parse_date(value)
    except ValueError as exc:
        raise source.error(str(exc), path) from None


_SCALARS: dict[Any, Callable[[Any, Any, tuple, Source], Any]] = {
    str: _to_str, Paragraphs: _to_paragraphs, bool: _to_bool, int: _to_count, Count: _to_count,
    float: _to_float, dt.date: _to_date,
}


def _convert_dataclass(cls: type, value: Any, path: tuple, source: Source) -> Any:
    if not isinstance(value, Mapping):
        raise source.error(f"expected a mapping of fields, found {_describe(value)}", path)
    hints, fields = _model_fields(cls)
    for key in value:
        if key not in fields:
            known = ", ".join(fields)
            raise source.error(f"unknown key {key!r} (known here: {known})", (*path, key))
    kwargs = {}
    for name, f in fields.items():
        if name in value:
            kwargs[name] = convert(hints[name], value[name], (*path, name), source)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise source.error(f"missing required field {name!r}", path)
    return cls(**kwargs)


@functools.cache
def _model_fields(cls: type) -> tuple[dict[str, Any], dict[str, dataclasses.Field]]:
    # Resolving annotations is the dearest step of a conversion; a batch converts thousands of rows.
    return typing.get_type_hints(cls), {f.name: f for f in dataclasses.fields(cls)}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    if value is None:
        return "nothing"
    return repr(value)


def read_text(path: str) -> tuple[str, str]:
    """(text, label) of a UTF-8 outline file, or of stdin for ``-``."""
    if path == "-":
        return sys.stdin.read(), "<stdin>"
    return read_utf8(path, OutlineError), path
