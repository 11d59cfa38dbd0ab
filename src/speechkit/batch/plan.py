"""The batch outline, compiled once: every templated string of it parsed into a Jinja template,
with the columns it uses, so that a row only fills them in.

The outline is an ordinary outline of any kind whose string values may use the row's columns as
Jinja variables (``addressee: "{{ 部门 }}："``). Table values inside Jinja: an empty cell may be
tested (``{% if 备注 %}``) or given a default, but printing it is an error naming the column, never
a silent gap in an official document.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from ..errors import SpeechkitError, TemplateError, format_path
from ..outline import load_yaml
from ..render import templating
from .tables import Table

ROW_VARIABLE = "row"  # the whole row, for column names that are not identifiers: {{ row["人数（人）"] }}
ROW_NUMBER_VARIABLE = "row_number"
_JINJA_MARK = re.compile(r"\{\{|\{%|\{#")
_JINJA_NAMES = frozenset({"self", "loop", "caller", "varargs", "kwargs", "super"})  # Jinja's own, not columns


class RowFailure(Exception):
    """A row could not be built. ``fatal``: no column explains it, so every row would fail alike."""

    def __init__(self, message: str, column: str = "", *, fatal: bool = False, error: SpeechkitError | None = None):
        super().__init__(message)
        self.message, self.column, self.fatal, self.error = message, column, fatal, error


class CellError(jinja2.UndefinedError):
    """Raised when an empty cell is used; the message is the column name."""


class MissingCellError(CellError):
    pass


class EmptyCell(jinja2.StrictUndefined):
    __slots__ = ()

    def __bool__(self) -> bool:  # type: ignore[override]  # StrictUndefined raises; an empty cell tests false
        return False


def empty_cell(column: str) -> EmptyCell:
    return EmptyCell(hint=column, name=column, exc=CellError)


def missing_cell(column: str) -> EmptyCell:
    return EmptyCell(hint=column, name=column, exc=MissingCellError)


def string_environment() -> SandboxedEnvironment:
    """The sandbox the outline's strings and the name pattern render in."""
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.filters.update(templating.FILTERS)
    return env


def _columns_used(ast: nodes.Template, env: SandboxedEnvironment) -> set[str]:
    names = meta.find_undeclared_variables(ast) - set(env.globals) - {ROW_VARIABLE, ROW_NUMBER_VARIABLE}
    for node in ast.find_all((nodes.Getitem, nodes.Getattr)):
        if not isinstance(node, nodes.Getitem | nodes.Getattr):
            continue
        if isinstance(node.node, nodes.Name) and node.node.name == ROW_VARIABLE:
            if isinstance(node, nodes.Getattr):
                names.add(node.attr)
            elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                names.add(node.arg.value)
    return names


def _plain_parts(ast: nodes.Template, env: SandboxedEnvironment) -> tuple[tuple[bool, str], ...] | None:
    """Most strings only print columns between literal text (``{{ 部门 }}：``, ``{{ 序号 }}-{{ 部门 }}``).
    Those render as a join of ``str(value)``, exactly what Jinja prints, at a tenth of the cost of
    Jinja's render (which builds a new context per call); this runs for every string of every row."""
    if len(ast.body) != 1 or not isinstance(ast.body[0], nodes.Output):
        return None
    parts = []
    for node in ast.body[0].nodes:
        if isinstance(node, nodes.TemplateData):
            parts.append((False, node.data))
        elif isinstance(node, nodes.Name) and node.name not in env.globals and node.name not in _JINJA_NAMES:
            parts.append((True, node.name))
        else:
            return None
    return tuple(parts)


@dataclass
class _Text:
    """A templated string of the outline (or the name pattern)."""

    template: jinja2.Template
    path: tuple
    columns: frozenset[str]
    file: str | None = None  # where the string is, for errors that are the outline's own
    line: int | None = None
    parts: tuple[tuple[bool, str], ...] | None = None  # (is a variable, text or name), see _plain_parts

    def render(self, context: dict) -> str:
        try:
            if self.parts is not None:
                return "".join([str(context[part]) if variable else part for variable, part in self.parts])
            return self.template.render(context)
        except CellError as exc:
            state = "本行没有该列；请补上" if isinstance(exc, MissingCellError) else "值为空；请填写该单元格"
            raise RowFailure(f"{self._where()}{state}", exc.message or "") from None
        except (jinja2.TemplateError, ValueError, TypeError, KeyError, AttributeError, ArithmeticError) as exc:
            message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
            if not self.columns:  # no table value involved: every row would fail alike
                error = TemplateError(message, file=self.file, line=self.line, path=self.path if self.file else ())
                raise RowFailure(str(error), fatal=True, error=error) from None
            raise RowFailure(f"{self._where()}{message}", self.blame(message, context)) from None

    def _where(self) -> str:
        return f"{format_path(self.path)}: " if self.path else ""

    def blame(self, message: str, context: dict) -> str:
        """The column an error is most likely about: the only one used, or the one whose value it quotes."""
        if len(self.columns) == 1:
            return next(iter(self.columns))
        quoted = [c for c in sorted(self.columns) if str(context.get(c, "")) and str(context.get(c, "")) in message]
        return "、".join(quoted or sorted(self.columns))


@dataclass
class _List:
    items: list


@dataclass
class _Map:
    items: dict


class OutlinePlan:
    def __init__(self, text: str, label: str, name_pattern: str | None = None) -> None:
        self.source = load_yaml(text, label)
        self.env = string_environment()
        self.texts: dict[tuple, _Text] = {}
        self.tree = self._compile(self.source.data, ())
        data = self.source.data
        if not isinstance(data, dict):
            raise self.source.error("提纲应由字段组成（如 kind: …、title: …）", ())
        kind = data.get("kind")
        if ("kind",) in self.texts:
            raise self.source.error("kind 不能取自表格；请在提纲中直接写明", ("kind",))
        if not isinstance(kind, str) or not kind:
            raise self.source.error("缺少必填字段 kind", ())
        self.kind = kind
        self.name: _Text | None = None
        if name_pattern is not None:
            self.name = self._compile_text(name_pattern, (), label="--name")
        self.uses: dict[str, tuple] = {}  # column → first outline path using it
        for path, compiled in self.texts.items():
            for column in sorted(compiled.columns):
                self.uses.setdefault(column, path)
        self.columns = frozenset(self.uses) | (self.name.columns if self.name else frozenset())

    def _compile(self, value: Any, path: tuple) -> Any:
        if isinstance(value, str):
            if not _JINJA_MARK.search(value):
                return value
            text = self._compile_text(value, path)
            self.texts[path] = text
            return text
        if isinstance(value, list):
            items = [self._compile(v, (*path, i)) for i, v in enumerate(value)]
            return _List(items) if any(isinstance(v, _Text | _List | _Map) for v in items) else value
        if isinstance(value, dict):
            entries = {k: self._compile(v, (*path, k)) for k, v in value.items()}
            return _Map(entries) if any(isinstance(v, _Text | _List | _Map) for v in entries.values()) else value
        return value

    def _compile_text(self, value: str, path: tuple, label: str | None = None) -> _Text:
        try:
            ast = self.env.parse(value)
            template = self.env.from_string(ast)
        except jinja2.TemplateSyntaxError as exc:
            if label:
                raise TemplateError(f"{label} 模板语法错误：{exc.message}") from None
            raise TemplateError(f"模板语法错误：{exc.message}", file=self.source.file,
                                line=self.source.line_of(path), path=path) from None
        parts = _plain_parts(ast, self.env)
        if label:
            return _Text(template, (label,), frozenset(_columns_used(ast, self.env)), parts=parts)
        return _Text(template, path, frozenset(_columns_used(ast, self.env)), self.source.file,
                     self.source.line_of(path), parts)

    def fill(self, context: dict) -> Any:
        return _fill(self.tree, context)

    def missing_columns_error(self, missing: AbstractSet[str], table: Table, available: list[str]) -> TemplateError:
        def first_use(column: str) -> tuple[int, str]:
            path = self.uses.get(column)
            return (self.source.line_of(path) or 0) if path is not None else 1 << 30, column

        column = min(missing, key=first_use)
        have = "、".join(c for c in available if c) or "无"
        others = f"（另有 {len(missing) - 1} 列：{'、'.join(sorted(missing - {column}))}）" if len(missing) > 1 else ""
        lacks = f"但 {table.file} 中没有{'这些列' if others else '该列'}（现有列：{have}）；请核对列名"
        if column in self.uses:
            path = self.uses[column]
            return TemplateError(f"用到「{column}」列{others}，{lacks}",
                                 file=self.source.file, line=self.source.line_of(path), path=path)
        return TemplateError(f"--name 用到「{column}」列{others}，{lacks}")

    def attributable(self, path: tuple) -> _Text | None:
        """The templated string an outline error at ``path`` comes from, if any."""
        for end in range(len(path), 0, -1):
            text = self.texts.get(path[:end])
            if text is not None:
                return text
        return None


def _fill(node: Any, context: dict) -> Any:
    kind = type(node)
    if kind is _Text:
        return node.render(context)
    if kind is _Map:
        return {k: _fill(v, context) for k, v in node.items.items()}
    if kind is _List:
        return [_fill(v, context) for v in node.items]
    return node
