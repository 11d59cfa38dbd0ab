"""Sandboxed Jinja2: templates produce block markup, never XML.

StrictUndefined makes a missing value an error naming the variable and the template line, never a
silent gap in an official document. User template folders come first on the search path, so a
user's ``speech/template.j2`` overrides the built-in one by kind name.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
import threading
import traceback
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any, cast

import jinja2
from jinja2.runtime import Macro
from jinja2.sandbox import SandboxedEnvironment, SecurityError, safe_range

from ..blocks import cn_numeral
from ..errors import TemplateError
from ..files import cache_dir
from ..kinds import cn_count
from ..outline import parse_date
from ..resources import data_dir

_CN_DATE_DIGITS = "〇一二三四五六七八九"


def _as_date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return parse_date(str(value))


def cn_date(value, style: str = "arabic") -> str:
    """A date as 成文日期 text: 2026年3月5日 (no zero padding), or 二〇二六年三月五日 with style="chinese"."""
    day = _as_date(value)
    if style == "chinese":
        year = "".join(_CN_DATE_DIGITS[int(d)] for d in str(day.year))
        return f"{year}年{cn_numeral(day.month)}月{cn_numeral(day.day)}日"
    return f"{day.year}年{day.month}月{day.day}日"


def md_date(value) -> str:
    """Month and day only: 3月5日 (for ranges such as 3月1日—3月15日)."""
    day = _as_date(value)
    return f"{day.month}月{day.day}日"


FILTERS = {"cn_numeral": cn_numeral, "cn_count": cn_count, "cn_date": cn_date, "md_date": md_date}


def search_path(user_dirs: list[Path] | None = None) -> list[Path]:
    return [*(Path(d) for d in user_dirs or []), data_dir("templates")]


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged entry (Jinja lets a truncated one raise): compile afresh
            bucket.reset()


def _builtin_cache() -> jinja2.BytecodeCache | None:
    """Compiled built-in templates kept between runs, as .pyc files are: ~30 ms off every render.

    Jinja checks each entry against the template's source, and the folder is per Jinja and
    speechkit version, whose settings shape the compiled code. User template folders get no cache:
    they change often and live anywhere, and entries for them would pile up.
    """
    from ..version import __version__

    folder = cache_dir() / f"templates-{__version__}-jinja{jinja2.__version__}-bounded"  # * + ** compile as calls
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(str(folder))


# Bounds on what one template may do while rendering, so that a mistaken (or hostile) template ends in
# a located error instead of a hang, a MemoryError or a RecursionError. docs/markup.md lists them.
MAX_OUTPUT = 2_000_000  # characters of block markup from one render (a long speech is ~20 000)
MAX_SEQUENCE = 1_000_000  # items (characters) in the result of * or + on strings and lists
MAX_POWER_DIGITS = 1000  # decimal digits in the result of **
MAX_RANGE_TOTAL = 1_000_000  # items from all range() calls of one render together
MAX_MACRO_DEPTH = 50  # macros called within macros


class TemplateLimit(Exception):
    """A template went past one of the bounds above; the message is the Chinese text shown."""


class _Budget(threading.local):
    def __init__(self) -> None:
        self.range_left = MAX_RANGE_TOTAL
        self.depth = 0


_budget = _Budget()


def _bounded_range(*args: int) -> range:
    rng = safe_range(*args)  # one range of at most jinja2.sandbox.MAX_RANGE items
    _budget.range_left -= len(rng)
    if _budget.range_left < 0:
        raise TemplateLimit(f"循环次数过多：一次渲染中 range() 合计不能超过 {MAX_RANGE_TOTAL} 次；请检查嵌套的循环")
    return rng


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, str | bytes | list | tuple) else None


def _checked_power(base: Any, exponent: Any) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1:
        if exponent * math.log10(abs(base)) > MAX_POWER_DIGITS:
            raise TemplateLimit(f"乘方结果过大：** 的结果不能超过 {MAX_POWER_DIGITS} 位数字")


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox with bounds on * + ** (sizes), range() (total), macro nesting; see :func:`render`."""

    intercepted_binops = frozenset({"*", "+", "**"})

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                size = _size(seq)
                if size is not None and isinstance(count, int) and size * count > MAX_SEQUENCE:
                    raise TemplateLimit(
                        f"重复的结果过长：字符串或列表乘以 {count} 后超过 {MAX_SEQUENCE} 项；请减小倍数")
        elif operator == "+":
            left_size, right_size = _size(left), _size(right)
            if left_size is not None and right_size is not None and left_size + right_size > MAX_SEQUENCE:
                raise TemplateLimit(f"拼接的结果过长：字符串或列表相加后超过 {MAX_SEQUENCE} 项")
        elif operator == "**":
            _checked_power(left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(__obj, Macro):
            return super().call(__context, __obj, *args, **kwargs)
        if _budget.depth >= MAX_MACRO_DEPTH:
            raise TemplateLimit(f"宏嵌套过深：宏调用自身（或相互调用）超过 {MAX_MACRO_DEPTH} 层；请检查宏的终止条件")
        _budget.depth += 1
        try:
            return super().call(__context, __obj, *args, **kwargs)
        finally:
            _budget.depth -= 1


class _Loader(jinja2.FileSystemLoader):
    """Names the file when a template is not UTF-8 (Jinja would raise a bare UnicodeDecodeError)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            filename = _find(self.searchpath, template)
            line = exc.object[:exc.start].count(b"\n") + 1 if isinstance(exc.object, bytes) else None
            raise TemplateError(f"模板文件不是 UTF-8 编码（第 {exc.start + 1} 字节无法解码）；请用 UTF-8 另存此文件",
                                file=filename or template, line=line) from None


def _find(searchpath: list[str], template: str) -> str | None:
    for folder in searchpath:
        path = Path(folder, *template.split("/"))
        if path.is_file():
            return str(path)
    return None


def environment(user_dirs: list[Path] | None = None) -> SandboxedEnvironment:
    env = BoundedSandbox(
        loader=_Loader([str(p) for p in search_path(user_dirs)], encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # markup is text; the writer escapes for XML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=None if user_dirs else _builtin_cache(),
        auto_reload=False,  # a run loads each template once; a batch would re-stat every file per row
    )
    env.filters.update(FILTERS)
    env.globals["range"] = _bounded_range
    return env


def template_line(exc: BaseException, filename: str | None) -> int | None:
    """The template line an exception was raised from, read off Jinja's rewritten traceback."""
    line = getattr(exc, "lineno", None)
    for frame in traceback.extract_tb(exc.__traceback__ or sys.exc_info()[2]):
        if filename and frame.filename == filename:
            line = frame.lineno
    return line


def load_template(env: SandboxedEnvironment, name: str) -> jinja2.Template:
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound:
        where = "、".join(str(p) for p in getattr(env.loader, "searchpath", ()))
        raise TemplateError(f"找不到模板 {name}（查找了：{where}）；请检查 --templates 和文种名") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"模板语法错误（{exc.message}）；请检查这一行的 {{{{ }}}} 和 {{% %}} 是否配对",
                            file=exc.filename or name, line=exc.lineno) from None


def render(template: jinja2.Template, context: dict) -> str:
    """Render, turning every failure into a :class:`TemplateError` located at the template line.

    The output is gathered piece by piece and counted, so a loop that would print gigabytes stops at
    :data:`MAX_OUTPUT` characters with the line it was printing from.
    """
    _budget.range_left, _budget.depth = MAX_RANGE_TOTAL, 0
    try:
        return _generate(template, context)
    except TemplateLimit as exc:
        raise TemplateError(str(exc), file=template.filename, line=template_line(exc, template.filename)) from None
    except RecursionError as exc:
        raise TemplateError("模板嵌套过深：宏调用自身或模板 include 自身，没有终止；请检查 include 和宏的调用",
                            file=template.filename, line=template_line(exc, template.filename)) from None
    except MemoryError as exc:
        raise TemplateError("模板运行时内存不足：生成的内容过大；请检查循环、乘法和拼接",
                            file=template.filename, line=template_line(exc, template.filename)) from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(_undefined(exc.message or ""), file=template.filename,
                            line=template_line(exc, template.filename)) from None
    except SecurityError as exc:
        raise TemplateError(f"模板沙箱不允许这样做（{exc}）；模板只能使用提纲中的值和过滤器", file=template.filename,
                            line=template_line(exc, template.filename)) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"模板出错（{exc}）", file=template.filename,
                            line=template_line(exc, template.filename)) from None
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError) as exc:
        raise TemplateError(f"模板运行出错（{type(exc).__name__}: {exc}）", file=template.filename,
                            line=template_line(exc, template.filename)) from None


def _generate(template: jinja2.Template, context: dict) -> str:
    pieces: list[str] = []
    size = 0
    stream = cast(Generator[str, None, None], template.generate(context))
    for piece in stream:
        pieces.append(piece)
        size += len(piece)
        if size > MAX_OUTPUT:
            # Thrown in where the template is printing, so the traceback names that line.
            stream.throw(TemplateLimit(f"模板生成的内容过多：超过 {MAX_OUTPUT} 个字符；请检查循环是否嵌套过多"))
    return "".join(pieces)


_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined")


def _undefined(message: str) -> str:
    """Jinja's ``'awardees' is undefined`` → 「awardees」; its other wordings are kept in brackets."""
    m = _UNDEFINED_NAME.fullmatch(message)
    if m:
        return f"模板中的「{m.group(1)}」未定义；请检查拼写，或在提纲中补上这个字段"
    return f"模板引用了不存在的值（{message}）；请检查模板或提纲"
