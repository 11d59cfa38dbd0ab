"""Sandboxed Jinja2: templates produce block markup, never XML.

StrictUndefined makes a missing value an error naming the variable and the template line, never a
silent gap in an official document. User template folders come first on the search path, so a
user's ``speech/template.j2`` overrides the built-in one by kind name.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import traceback
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError

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

    folder = cache_dir() / f"templates-{__version__}-jinja{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(str(folder))


def environment(user_dirs: list[Path] | None = None) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path(user_dirs)], encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # markup is text; the writer escapes for XML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=None if user_dirs else _builtin_cache(),
        auto_reload=False,  # a run loads each template once; a batch would re-stat every file per row
    )
    env.filters.update(FILTERS)
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
    """Render, turning every failure into a :class:`TemplateError` located at the template line."""
    try:
        return template.render(context)
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


_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined")


def _undefined(message: str) -> str:
    """Jinja's ``'awardees' is undefined`` → 「awardees」; its other wordings are kept in brackets."""
    m = _UNDEFINED_NAME.fullmatch(message)
    if m:
        return f"模板中的「{m.group(1)}」未定义；请检查拼写，或在提纲中补上这个字段"
    return f"模板引用了不存在的值（{message}）；请检查模板或提纲"
