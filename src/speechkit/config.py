"""``speechkit.yaml``: project settings, one top-level section per capability (``lint:``, ``templates:``…).

The file is found as ruff and pre-commit find theirs: the current folder, then each folder above
it up to the filesystem root (the nearest file wins, and only that one is read); when none of them
has one, the user's own ``speechkit.yaml`` in ``platformdirs.user_config_dir("speechkit")``
(``~/.config/speechkit/`` on Linux, honouring ``$XDG_CONFIG_HOME``). ``--config FILE`` skips the search.

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
# How each kind is named to the user: "templates.dirs: 应为一段文字或文字列表，实际是整数 3".
KIND_NAMES = {"str": "一段文字", "strings": "一段文字或文字列表", "bool": "true 或 false", "int": "整数",
              "mapping": "「键: 值」形式的设置", "list": "列表"}


def describe(value: Any) -> str:
    """What a YAML value is, for a message that says what was found: 文字「mine」, 整数 3, 列表（2 项）…"""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"布尔值 {'true' if value else 'false'}"
    if isinstance(value, int):
        return f"整数 {value}"
    if isinstance(value, float):
        return f"小数 {value:g}"
    if isinstance(value, str):
        shown = " ".join(value.split())
        return f"文字「{shown[:20]}…」" if len(shown) > 20 else f"文字「{shown}」"
    if isinstance(value, list):
        return f"列表（{len(value)} 项）"
    if isinstance(value, dict):
        return "「键: 值」映射"
    return type(value).__name__


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


def user_config_file() -> Path:
    """The user-level ``speechkit.yaml``, used where no folder from the current one up has one."""
    import platformdirs

    return Path(platformdirs.user_config_dir("speechkit", appauthor=False)) / CONFIG_NAME


def find_config(folder: str | Path | None = None) -> Path | None:
    """The ``speechkit.yaml`` that applies in ``folder`` (default: the current directory): the one in
    ``folder`` or, failing that, in the nearest folder above it, up to the filesystem root; failing
    that, :func:`user_config_file` if it exists. None when there is none at all.

    The file in ``folder`` itself is named as ``folder/speechkit.yaml`` (``speechkit.yaml`` for the
    current directory, as messages have always shown it); one further up, by its absolute path."""
    start = Path(folder) if folder is not None else Path()
    here = start / CONFIG_NAME
    if here.is_file():
        return here
    try:
        above = start.resolve().parents  # resolved: ".." in ``folder`` and symlinks go where the system goes
    except OSError:  # the current folder was removed under us: nothing above it to read
        above = ()
    for parent in above:
        path = parent / CONFIG_NAME
        if path.is_file():
            return path
    user = user_config_file()
    return user if user.is_file() else None


def read_section(name: str, spec: Mapping[str, str], path: str | Path | None = None) -> Section:
    """The ``name:`` section of ``path`` (default: the file :func:`find_config` finds), checked against ``spec``.

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
        raise ConfigError(f"应由若干设置节组成（如 lint:、templates:），实际是{describe(data)}", file=label, line=1)
    section = Section(name, file=label, lines=lines)
    raw = data.get(name)
    if raw is None:
        return section
    if not isinstance(raw, dict):
        raise section.error(f"{name} 节应为「键: 值」形式的设置，实际是{describe(raw)}")
    from .outline import Source, convert

    source = Source(None, label, lines, ConfigError)
    for key, value in raw.items():
        kind = spec.get(key)
        if kind is None:
            known = "、".join(sorted(spec)) or "无"
            raise section.error(f"未知设置「{key}」（可用的设置：{known}）；请检查拼写", key)
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
        raise source.error(f"应为{KIND_NAMES['strings']}，实际是{describe(value)}", path)


class _Plain:
    """A setting of one YAML type, kept as written."""

    def __init__(self, kind: str, expected: type) -> None:
        self.kind, self.expected = kind, expected

    def __convert__(self, value: Any, path: tuple, source) -> Any:
        if not isinstance(value, self.expected) or (self.expected is int and isinstance(value, bool)):
            raise source.error(f"应为{KIND_NAMES[self.kind]}，实际是{describe(value)}", path)
        return value


# The kinds of read_section's spec, as types for outline.convert.
_SETTINGS: dict[str, Any] = {"strings": _Strings, "str": _Plain("str", str), "bool": _Plain("bool", bool),
                             "int": _Plain("int", int), "mapping": _Plain("mapping", dict),
                             "list": _Plain("list", list)}


def _setting(kind: str) -> Any:
    if kind not in _SETTINGS:
        raise ValueError(f"unknown setting kind {kind!r}; use one of {KINDS}")
    return _SETTINGS[kind]
