"""``speechkit.yaml``: project settings, one top-level section per capability (``lint:``, ``templates:``…).

Each capability asks for its own section with :func:`read_section`, giving the keys it knows and
their kinds; anything else in that section is an error naming the file and line. Sections nobody
asked for are left alone, so capabilities can add theirs without touching this module.

:func:`load_located_yaml` is the YAML reader shared by the config and the lint term files: core
types only, every value's line recorded, aliases bounded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, PathPart, SpeechkitError
from .files import read_utf8

CONFIG_NAME = "speechkit.yaml"
MAX_NODES = 200_000  # bounds alias expansion ("billion laughs")

KINDS = ("str", "strings", "bool", "int", "mapping", "list")


Lines = dict[tuple[PathPart, ...], int]


def line_of(lines: Lines, path: tuple[PathPart, ...]) -> int | None:
    """The line of ``path``, or of its nearest ancestor that has one."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]


def load_located_yaml(text: str, file: str, error: type[SpeechkitError] = ConfigError) -> tuple[Any, Lines]:
    """YAML text → (plain data, line of every path). Only core types; custom tags are errors."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise error(f"YAML syntax error: {problem}", file=file, line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise error(f"YAML error: {exc}", file=file) from None
    lines: Lines = {}
    if node is None:
        return None, lines
    budget = [MAX_NODES]

    def plain(node, path: tuple[PathPart, ...]) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise error(f"more than {MAX_NODES} values (alias expansion?)", file=file, line=line_of(lines, path))
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                    raise error("keys must be plain text", file=file, line=line, path=path)
                if key_node.value in out:
                    raise error(f"duplicate key {key_node.value!r}", file=file, line=line, path=path)
                lines[path + (key_node.value,)] = line
                out[key_node.value] = plain(value_node, path + (key_node.value,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [plain(item, (*path, i)) for i, item in enumerate(node.value)]
        tag = node.tag
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return node.value.lower() in ("true", "yes", "on")
        if tag == "tag:yaml.org,2002:int":
            try:
                return int(node.value, 0)
            except ValueError:
                return node.value
        if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"):
            return node.value  # as written; the reader decides what it means
        raise error(f"unsupported YAML tag {tag}", file=file, line=node.start_mark.line + 1, path=path)

    return plain(node, ()), lines


@dataclass
class Section:
    """One validated section of speechkit.yaml (empty when there is no file or no such section)."""

    name: str
    data: dict[str, Any] = field(default_factory=dict)
    file: str | None = None
    lines: Lines = field(default_factory=dict)

    @property
    def base(self) -> Path:
        """The folder relative paths in the section are resolved against."""
        return Path(self.file).parent if self.file else Path.cwd()

    def line(self, *key: PathPart) -> int | None:
        return line_of(self.lines, (self.name, *key))

    def error(self, message: str, *key: PathPart) -> ConfigError:
        return ConfigError(message, file=self.file, line=self.line(*key), path=(self.name, *key))


def find_config(folder: str | Path | None = None) -> Path | None:
    """``speechkit.yaml`` in ``folder`` (default: the current directory), if there is one."""
    path = Path(folder) / CONFIG_NAME if folder is not None else Path(CONFIG_NAME)
    return path if path.is_file() else None


def read_section(name: str, spec: Mapping[str, str], path: str | Path | None = None) -> Section:
    """The ``name:`` section of ``path`` (default: ./speechkit.yaml), checked against ``spec``.

    ``spec`` maps each allowed key to a kind: ``str``, ``strings`` (one string or a list of them,
    returned as a list), ``bool``, ``int``, ``mapping`` or ``list``.
    """
    file = Path(path) if path is not None else find_config()
    if file is None:
        return Section(name)
    label = str(file)
    text = read_utf8(file, ConfigError)
    data, lines = load_located_yaml(text, label)
    if data is None:
        return Section(name, file=label, lines=lines)
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of sections (lint:, templates:…)", file=label, line=1)
    section = Section(name, file=label, lines=lines)
    raw = data.get(name)
    if raw is None:
        return section
    if not isinstance(raw, dict):
        raise section.error(f"the {name} section must be a mapping of settings")
    from .outline import Source, convert

    source = Source(None, label, lines, ConfigError)
    for key, value in raw.items():
        kind = spec.get(key)
        if kind is None:
            known = ", ".join(sorted(spec)) or "none"
            raise section.error(f"unknown setting {key!r} (known: {known})", key)
        section.data[key] = convert(_setting(kind), value, (name, key), source)
    return section


class _Strings:
    """One string or a list of them, given back as a list."""

    @staticmethod
    def __convert__(value: Any, path: tuple, source) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        raise source.error("expected a string or a list of strings", path)


class _Plain:
    """A setting of one YAML type, kept as written."""

    def __init__(self, kind: str, expected: type) -> None:
        self.kind, self.expected = kind, expected

    def __convert__(self, value: Any, path: tuple, source) -> Any:
        if not isinstance(value, self.expected) or (self.expected is int and isinstance(value, bool)):
            raise source.error(f"expected {self.kind}, got {type(value).__name__}", path)
        return value


# The kinds of read_section's spec, as types for outline.convert.
_SETTINGS: dict[str, Any] = {"strings": _Strings, "str": _Plain("str", str), "bool": _Plain("bool", bool),
                             "int": _Plain("int", int), "mapping": _Plain("mapping", dict),
                             "list": _Plain("list", list)}


def _setting(kind: str) -> Any:
    if kind not in _SETTINGS:
        raise ValueError(f"unknown setting kind {kind!r}; use one of {KINDS}")
    return _SETTINGS[kind]
