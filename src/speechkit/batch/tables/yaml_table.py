"""YAML tables: a list of mappings (``- 部门: 财政局``), one per row, read one item at a time."""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from ...errors import TableError
from .table import Row, Table, is_empty, mapping_row, open_text

TEXT = True


def _loader(table: Table, fh) -> yaml.SafeLoader:
    loader = yaml.SafeLoader(fh)
    try:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            raise table.error("表格为空；应为由映射组成的列表（如 - 部门: …）")
        loader.get_event()  # document start
        if not loader.check_event(yaml.SequenceStartEvent):
            event = loader.peek_event()
            raise table.error("应为由映射组成的列表（如 - 部门: …）", line=event.start_mark.line + 1)
        loader.get_event()
    except yaml.MarkedYAMLError as exc:
        raise _error(table, exc) from None
    return loader


def _error(table: Table, exc: yaml.MarkedYAMLError) -> TableError:
    mark = exc.problem_mark or exc.context_mark
    return table.error(f"YAML 语法错误：{exc.problem or exc.context}", line=mark.line + 1 if mark else None)


def prepare(table: Table) -> None:
    """Check that the file is a non-empty list."""
    with open_text(table) as fh:
        loader = _loader(table, fh)
        try:
            if loader.check_event(yaml.SequenceEndEvent):
                raise table.error("表格没有数据行")
        finally:
            loader.dispose()


def rows(table: Table) -> Iterator[Row]:
    with open_text(table) as fh:
        loader = _loader(table, fh)
        number = 0
        try:
            while True:
                try:
                    if loader.check_event(yaml.SequenceEndEvent):
                        return
                    node = loader.compose_node(None, None)  # type: ignore[arg-type]  # as compose_document calls it
                    if node is None:  # only an empty stream composes to nothing
                        return
                    number += 1
                    item = loader.construct_document(node)
                except yaml.MarkedYAMLError as exc:
                    # A syntax error ends the list: nothing after it can be trusted.
                    raise _error(table, exc) from None
                except yaml.YAMLError as exc:
                    raise table.error(f"YAML 错误：{exc}") from None
                row = mapping_row(table, number, item, line=node.start_mark.line + 1,
                                   duplicate=_duplicate(node))
                if row.problem or not all(is_empty(v) for v in row.values.values()):
                    yield row  # a row with no value at all is skipped, as in a spreadsheet
        finally:
            loader.dispose()


def _duplicate(node: yaml.Node) -> str | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    seen = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen:
                return key.value
            seen.add(key.value)
    return None
