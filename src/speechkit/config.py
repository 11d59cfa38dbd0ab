"""``speechkit.yaml``: project settings, one top-level section per capability (``lint:``, ``templates:``…).

Each capability asks for its own section with :func:`read_section`, giving the keys it knows and
their kinds; anything else in that section is an error naming the file and line. Sections nobody
asked for are left alone, so capabilities can add theirs without touching this module.

The file is read by :func:`speechkit.outline.load_located`, the YAML reader every speechkit file
goes through: core types only, every value's line recorded, aliases bounded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, PathPart
from .files import read_utf8
from .outline import MAX_FILE_NODES, Lines, line_of, load_located

CONFIG_NAME = "speechkit.yaml"

KINDS = ("str", "strings", "bool", "int", "mapping", "list")


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
    source = load_located(text, label, ConfigError, max_nodes=MAX_FILE_NODES, typed_ints=True)
    data, lines = source.data, source.lines
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
