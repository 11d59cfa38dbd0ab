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
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import OutlineError, PathPart, SpeechkitError
from .files import STDIN, decode_utf8, read_stdin, read_utf8
from .zh import CONTROL

MAX_NODES = 100_000  # bounds alias expansion ("billion laughs") and absurd outlines
MAX_FILE_NODES = 200_000  # the same for speechkit.yaml and term files, which may be long lists
MAX_DEPTH = 100  # lists and mappings nested deeper than this are refused (real outlines nest 5 or 6 deep)
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
        raise OutlineError("提纲是空的；请至少写明 kind 和该文种的各字段", file=file, line=1)
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
        line, message = yaml_hint(text, exc)
        raise error(message, file=file, line=line) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not accept, such as a control character
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        at = text.find(chr(code))  # libyaml counts its position in bytes: look for the character instead
        if at < 0:
            raise error(f"YAML 格式错误：有控制字符 U+{code:04X}；请删除它", file=file) from None
        line, column = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
        raise error(f"YAML 格式错误：第 {column} 个字符处有控制字符 U+{code:04X}；请删除它",
                    file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise error(f"YAML 格式错误（{one_line(str(exc))}）", file=file) from None
    except RecursionError:  # the pure-Python composer, nesting far past MAX_DEPTH
        raise error(f"YAML 嵌套超过 {MAX_DEPTH} 层；请精简列表和键值对的层次", file=file,
                    line=_too_deep_line(text)) from None
    source = Source(None, file)
    if node is not None:
        source.data = _Plain(source, error, max_nodes, typed_ints).value(node, ())
    return source


def _too_deep_line(text: str) -> int | None:
    """The line where nesting first passes MAX_DEPTH, read from the parser's events (which do not recurse)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1 if event.start_mark else None
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return None


# ---------------------------------------------------------------------------------------------
# YAML syntax errors, explained. PyYAML's own words ("mapping values are not allowed here") mean
# nothing to the people who write outlines, and libyaml words them differently again. The text at
# the marks tells what happened: each rule below looks there, names the character and says what to
# write instead. Columns are counted in characters, from 1.

_PREFIX = "YAML 格式错误："
_KEY_WITH_FULL_WIDTH_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*：")
_KEY_BEFORE = re.compile(r"^\s*(?:-\s+)?([^\s#:\-?][^:]*?):(?:\s|$)")  # the key a value on this line belongs to
_FIELD_NAME = re.compile(r"\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*")
_NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):[^\s:]")
_FULL_WIDTH = {"*": "＊", "&": "＆", "!": "！", "@": "＠", "[": "【", "{": "｛"}


@dataclass
class _Marks:
    """What a PyYAML error says, with the text at its marks."""

    text: str
    lines: list[str]
    problem: str
    context: str
    at: yaml.Mark | None  # problem_mark, else context_mark
    opened: yaml.Mark | None  # context_mark: where the construct that failed began

    def char(self, mark: yaml.Mark | None) -> str:
        return self.text[mark.index] if mark is not None and 0 <= mark.index < len(self.text) else ""

    def line_text(self, mark: yaml.Mark | None) -> str:
        return self.lines[mark.line] if mark is not None and mark.line < len(self.lines) else ""


def yaml_hint(text: str, exc: yaml.MarkedYAMLError) -> tuple[int | None, str]:
    """(line, one Chinese line) for a PyYAML or libyaml syntax error in ``text``."""
    at = exc.problem_mark or exc.context_mark
    marks = _Marks(text, text.splitlines(), exc.problem or "", exc.context or "", at, exc.context_mark)
    line = at.line + 1 if at else None
    full_width = _full_width_colon(text, line)
    if full_width:
        return full_width
    for rule in _HINTS:
        found = rule(marks)
        if found:
            return found[0] + 1, _PREFIX + found[1]
    problem = marks.problem or marks.context
    return line, f"{_PREFIX}请检查这一行的缩进、冒号和引号" + (f"（PyYAML：{problem}）" if problem else "")


def _full_width_colon(text: str, line: int | None) -> tuple[int, str] | None:
    """The commonest slip in a Chinese editor: ``speaker：`` for ``speaker:``. PyYAML reports it a line
    late and without a word about the colon."""
    if not line:
        return None
    lines = text.splitlines()
    for number in (line - 1, line, line - 2):
        if 0 < number <= len(lines) and (m := _KEY_WITH_FULL_WIDTH_COLON.match(lines[number - 1])):
            key = m.group(1)
            return number, f"{_PREFIX}「{key}」后是全角冒号「：」；键名后须用半角冒号，请改成「{key}:」"
    return None


_Hint = tuple[int, str]  # (0-based line, message without the prefix)


def _tab(m: _Marks) -> _Hint | None:
    at = m.at
    if at is None:
        return None
    line = m.line_text(at)
    indent = line[: len(line) - len(line.lstrip())]
    if "\t" in indent:
        return at.line, "这一行用制表符（Tab）缩进；YAML 只能用空格缩进，请把 Tab 换成空格"
    if m.char(at) == "\t" or "tab" in m.problem:
        return at.line, f"第 {at.column + 1} 个字符处是制表符（Tab）；YAML 不接受这里的 Tab，请换成空格"
    return None


def _quoted(m: _Marks) -> _Hint | None:
    if "quoted scalar" not in m.context or m.opened is None:
        return None
    if "escape" in m.problem and m.at is not None:
        slash = m.text.rfind("\\", 0, m.at.index + 1)
        column = slash - (m.text.rfind("\n", 0, slash) + 1) + 1 if slash >= 0 else m.at.column + 1
        return m.at.line, (f"双引号里第 {column} 个字符处的反斜杠「\\」被当成了转义符；"
                           "请改用单引号，或把「\\」写成「\\\\」")
    quote = m.char(m.opened)
    return m.opened.line, (f"第 {m.opened.column + 1} 个字符处的引号「{quote}」没有配对的结尾引号；"
                           f"请补上结尾的「{quote}」，正文中的引号请用中文引号“”")


def _closed_early(m: _Marks) -> _Hint | None:
    """Text after a closing quote or bracket on the same line: ``title: "十四五"规划``."""
    at = m.at
    if at is None or not ("block end" in m.problem or "expected key" in m.problem):
        return None
    before = m.line_text(at)[: at.column].rstrip()
    if not before:
        return None
    close = before[-1]
    if close in "\"'":
        end = m.text.rfind(close, 0, at.index)
        start = m.text.rfind(close, 0, end)
        if start >= 0 and m.text.count("\n", start, end):  # the quote opened on an earlier line
            opened = m.text.count("\n", 0, start)
            column = start - (m.text.rfind("\n", 0, start) + 1) + 1
            return opened, (f"第 {column} 个字符处的引号「{close}」没有配对的结尾引号；"
                            f"请补上结尾的「{close}」，正文中的引号请用中文引号“”")
        column = end - (m.text.rfind("\n", 0, end) + 1) + 1
        rest = m.line_text(at)[at.column:].strip()
        rest = rest if len(rest) <= 10 else rest[:10] + "……"
        other = "单引号" if close == '"' else "双引号"
        return at.line, (f"第 {column} 个字符处的引号「{close}」把值结束了，后面的「{rest}」无法读取；"
                         f"正文中的引号请用中文引号“”，或用{other}把整个值括起来")
    if close in "]}":
        opening = "[" if close == "]" else "{"
        what = "列表" if close == "]" else "键值对"
        return at.line, (f"以「{opening}」开头的值被当成了{what}，「{close}」后面的文字无法读取；"
                         "如是正文，请给整个值加引号")
    return None


def _indicator(m: _Marks) -> _Hint | None:
    """A value that starts with a character YAML reads as syntax: * & ! | > % @ `."""
    mark, char = m.opened, m.char(m.opened)
    meaning = {"alias": "引用（别名）", "anchor": "锚点", "tag": "标签", "block scalar": "多行文本",
               "directive": "指令"}
    for word, what in meaning.items():
        if word in m.context and mark is not None:
            return mark.line, (f"第 {mark.column + 1} 个字符处的「{char}」在 YAML 中表示{what}；如是正文，"
                               f"请给整个值加引号{_or_full_width(char)}")
    if "undefined alias" in m.problem and m.at is not None:
        return m.at.line, (f"第 {m.at.column + 1} 个字符处的「*」在 YAML 中表示引用（别名）；如是正文，"
                           "请给整个值加引号，或改用全角「＊」")
    char = m.char(m.at)
    if m.at is None or not char or char not in "@`%":
        return None
    # Quoted, a leading @ is still refused (it opens a line of block markup): only ＠ will do.
    advice = "请改用全角「＠」" if char == "@" else "请给整个值加引号"
    return m.at.line, f"第 {m.at.column + 1} 个字符处的「{char}」是 YAML 的保留字符，不能作为值的开头；{advice}"


def _or_full_width(char: str) -> str:
    return f"，或改用全角「{_FULL_WIDTH[char]}」" if char in _FULL_WIDTH else ""


def _flow(m: _Marks) -> _Hint | None:
    """An unclosed ``[`` or ``{``: reported where it opened."""
    if "flow" not in m.context or m.opened is None:
        return None
    opening = m.char(m.opened) or ("[" if "sequence" in m.context else "{")
    closing, what = ("]", "列表") if opening == "[" else ("}", "键值对")
    return m.opened.line, (f"第 {m.opened.column + 1} 个字符处的「{opening}」没有配对的「{closing}」；"
                           f"以「{opening}」开头的值会被当成{what}，如是正文，请给整个值加引号"
                           f"{_or_full_width(opening)}")


def _colon(m: _Marks) -> _Hint | None:
    """``mapping values are not allowed here``: a half-width colon (and a space) inside a value."""
    at = m.at
    if at is None or "mapping values" not in m.problem:
        return None
    line = m.line_text(at)
    before = line[: at.column]
    key = _KEY_BEFORE.match(before)
    if key:  # addressee: 各区县人民政府, 市政府各部门:
        return at.line, (f"「{key.group(1).strip()}」的值中第 {at.column + 1} 个字符处的半角冒号「:」"
                         "被当成了键值分隔符；请改成全角「：」，或给整个值加引号")
    field_name = _FIELD_NAME.fullmatch(before)
    if field_name:  # a field indented under the one before: read as that value's next line
        previous = next((i for i in range(at.line - 1, -1, -1) if m.lines[i].strip()), None)
        slip = _NO_SPACE_AFTER_COLON.match(m.lines[previous]) if previous is not None else None
        if previous is not None and slip:
            return previous, f"「{slip.group(1)}:」后缺少空格；请在半角冒号后加一个空格"
        return at.line, (f"「{field_name.group(1)}」的缩进有误，被当成了上一行的续行；"
                         "同一级的键须左端对齐（只用空格缩进）")
    return at.line, (f"第 {at.column + 1} 个字符处的半角冒号「:」被当成了键值分隔符；"
                     "请改成全角「：」，或给整段加引号")


def _plain_line(m: _Marks) -> _Hint | None:
    """``could not find expected ':'``: a line of text where a key was expected."""
    if "simple key" not in m.context or m.opened is None:
        return None
    slip = _NO_SPACE_AFTER_COLON.match(m.line_text(m.opened))
    if slip:
        return m.opened.line, f"「{slip.group(1)}:」后缺少空格；请在半角冒号后加一个空格"
    return m.opened.line, ("这一行既不是「键: 值」，也不是「- 」开头的列表项；如是上一项的续行，请缩进，"
                           "如是新字段，请在键名后加半角冒号和空格")


def _indentation(m: _Marks) -> _Hint | None:
    """``expected <block end>`` (libyaml: ``did not find expected key``): a line indented unlike its level."""
    if m.at is None or not any(w in m.problem for w in ("block end", "expected key", "'-' indicator")):
        return None
    return m.at.line, "这一行的缩进与上文不一致；同一级的键或「- 」列表项须左端对齐（只用空格缩进）"


_HINTS: tuple[Callable[[_Marks], _Hint | None], ...] = (
    _tab, _quoted, _indicator, _flow, _colon, _plain_line, _closed_early, _indentation,
)


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
            raise self.fail(f"值超过 {self.max_nodes} 个（是否用别名「*」反复展开？）；请精简", path)
        if len(path) > MAX_DEPTH:
            raise self.fail(f"嵌套超过 {MAX_DEPTH} 层；请精简列表和键值对的层次", path, node.start_mark.line + 1)
        self.source.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _COLLECTION_TAGS:
            # !!python/object… and the like
            raise self.fail(f"不支持 YAML 标签 {node.tag}；请删去「!」开头的标签", path)
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
                raise self.fail("不支持 YAML 合并键（<<）；请把各字段直接写出", path, line)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raise self.fail("键名只能是普通文字", path, line)
            key = key_node.value
            if key in out:
                raise self.fail(f"键「{key}」重复出现；请删去其中一个", path, line)
            self.source.lines[path + (key,)] = line
            out[key] = self.value(value_node, path + (key,))
        return out

    def scalar(self, node: yaml.Node, path: tuple) -> Any:
        tag = node.tag
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            if node.value.lower() not in _BOOL:  # an explicit !!bool tag on other text
                raise self.fail(f"「{one_line(node.value)}」不是 true 或 false", path, node.start_mark.line + 1)
            return _BOOL[node.value.lower()]
        if tag == "tag:yaml.org,2002:int" and self.typed_ints:
            try:
                return int(node.value, 0)
            except ValueError:
                return node.value
        if tag in _AS_WRITTEN:
            return node.value
        raise self.fail(f"不支持 YAML 标签 {tag}；请删去「!」开头的标签", path, node.start_mark.line + 1)


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
        raise ValueError(f"「{one_line(text)}」不是日期；请写成 2026-03-05 或 2026年3月5日")
    year, month, day = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"日期 {text.strip()} 不存在；请核对年月日") from None


def _check_text(text: str, path: tuple, source: Source, *, one_line: bool = True) -> str:
    bad = CONTROL.search(text)
    if bad:
        raise source.error(f"文字中有控制字符 U+{ord(bad.group()):04X}；请删除它", path)
    if one_line and ("\n" in text.strip() or "\r" in text):
        raise source.error("这里只能写一段文字，不能换行；请删去换行", path)
    text = text.strip()
    if text.startswith("@"):
        raise source.error("文字不能以「@」开头（「@」留作块标记）；请改用全角「＠」", path)
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
        raise source.error("这里须填写内容", path)
    scalar = _SCALARS.get(tp)
    if scalar is not None:
        return scalar(tp, value, path, source)
    if origin is list:
        if not isinstance(value, list):
            raise source.error(f"应为列表，却是{_describe(value)}", path)
        (item_type,) = typing.get_args(tp)
        return [convert(item_type, item, (*path, i), source) for i, item in enumerate(value)]
    if origin is typing.Literal:
        choices = typing.get_args(tp)
        if value not in choices:
            raise source.error(f"应为 {'、'.join(map(str, choices))} 之一，却是{_describe(value)}", path)
        return value
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _convert_dataclass(tp, value, path, source)
    raise TypeError(f"outline field type {tp!r} is not supported")  # a bug in a model, not user input


def _to_str(tp: type, value: Any, path: tuple, source: Source) -> str:
    if isinstance(value, bool) or not isinstance(value, str):
        raise _not_text("应为一段文字", value, path, source)
    return _check_text(value, path, source)


def _to_paragraphs(tp: type, value: Any, path: tuple, source: Source) -> Paragraphs:
    if isinstance(value, str):
        _check_text(value, path, source, one_line=False)  # before splitting: see zh.CONTROL
        lines = [_check_text(line, path, source) for line in value.replace("\r\n", "\n").split("\n")]
        return Paragraphs(line for line in lines if line)
    if isinstance(value, list):
        items = [convert(str, item, (*path, i), source) for i, item in enumerate(value)]
        return Paragraphs(item for item in items if item)
    raise _not_text("应为段落（一段文字或文字列表）", value, path, source)


def _to_bool(tp: type, value: Any, path: tuple, source: Source) -> bool:
    if not isinstance(value, bool):
        raise source.error(f"应为 true 或 false，却是{_describe(value)}", path)
    return value


def _to_count(tp: type, value: Any, path: tuple, source: Source) -> int:
    if tp is Count and isinstance(value, str) and value.strip() in ("any", "不限"):
        return Count(0)
    if type(value) is int and value > 0:  # settings and rule files (typed_ints) keep YAML's ints
        return tp(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value) and int(value) > 0:
        return tp(int(value))
    raise source.error(f"应为不小于 1 的整数{'或 any' if tp is Count else ''}，却是{_describe(value)}", path)


def _to_float(tp: type, value: Any, path: tuple, source: Source) -> float:
    if type(value) in (int, float):
        return float(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+(?:\.\d+)?\s*", value):
        return float(value)
    raise source.error(f"应为数字，却是{_describe(value)}", path)


def _to_date(tp: type, value: Any, path: tuple, source: Source) -> dt.date:
    if not isinstance(value, str):
        raise source.error(f"应为日期，却是{_describe(value)}", path)
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
        raise source.error(f"应为若干字段（键: 值），却是{_describe(value)}", path)
    hints, fields = _model_fields(cls)
    for key in value:
        if key not in fields:
            known = "、".join(fields)
            raise source.error(f"未知的键「{key}」（此处可用：{known}）；请检查拼写", (*path, key))
    kwargs = {}
    for name, f in fields.items():
        if name in value:
            kwargs[name] = convert(hints[name], value[name], (*path, name), source)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise source.error(f"缺少必填字段「{name}」", path)
    return cls(**kwargs)


@functools.cache
def _model_fields(cls: type) -> tuple[dict[str, Any], dict[str, dataclasses.Field]]:
    # Resolving annotations is the dearest step of a conversion; a batch converts thousands of rows.
    return typing.get_type_hints(cls), {f.name: f for f in dataclasses.fields(cls)}


def _describe(value: Any) -> str:
    """What was found, for 「应为……，却是……」."""
    if isinstance(value, bool):
        return " true" if value else " false"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, Mapping):
        return "键值对"
    if value is None:
        return "空值"
    return f"「{one_line(str(value))}」"


_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
QUOTE_CHARS = 40  # a value quoted in a message is cut to this many characters


def one_line(text: str, limit: int = QUOTE_CHARS) -> str:
    """A value quoted in a message, its line breaks written as \\n and cut to ``limit`` characters
    (「……（共 N 字）」 after the cut): every message is one readable line, however long the value."""
    cut = text if len(text) <= limit else text[:limit]
    shown = _LINE_BREAKS.sub(lambda m: repr(m.group())[1:-1], cut)
    return shown if cut is text else f"{shown}…（共 {len(text)} 字）"



def _not_text(expected: str, value: Any, path: tuple, source: Source) -> SpeechkitError:
    """「应为……，却是……」 where text was expected. A paragraph that YAML read as a one-key mapping
    (``- 会议强调: 要抓好落实`` is {会议强调: 要抓好落实}) is told about its colon, at the colon's line;
    a key that looks like a field name (``lead: …``) was meant as one, and is not."""
    message = f"{expected}，却是{_describe(value)}"
    if isinstance(value, Mapping) and len(value) == 1:
        ((key, rest),) = value.items()
        if isinstance(key, str) and not _FIELD_NAME.fullmatch(key) and isinstance(rest, (str, type(None))):
            hint = f"：「{one_line(key)}」后的半角冒号「:」使这一行成了键值对；请改成全角冒号「：」，或给整段加引号"
            return source.error_class(message + hint, file=source.file, line=source.line_of((*path, key)), path=path)
    return source.error(message, path)


def read_text(path: str) -> tuple[str, str]:
    """(text, label) of a UTF-8 outline file, or of stdin for ``-``."""
    if path == "-":  # as bytes, decoded as a file is: random bytes are an error, not text with surrogates
        return decode_utf8(read_stdin(OutlineError), OutlineError, STDIN), STDIN
    return read_utf8(path, OutlineError), path
