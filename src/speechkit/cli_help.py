"""The command line's own language: Chinese first, English where the user asks for it.

Chosen once per process, in this order: ``SPEECHKIT_LANG`` (``zh`` or ``en``), then the locale
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first one set). A Chinese locale, no locale at all and
the ``C``/``POSIX`` locale of a bare terminal or a container give Chinese, because that is who
speechkit is for; any other named locale (``en_US.UTF-8``, ``de_DE``…) gives English help.

Help text is wrapped by display columns, not characters: a Han character takes two columns, and a
line never starts with a closing mark (，。、；：？！）」》…) or ends with an opening one (（「《).
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections.abc import Iterable

import click

# Marks a Chinese line may not start with, and ones it may not end with (GB/T 15834 practice).
NO_LINE_START = "，。、；：？！）】」』》〉…—·)]}>"
NO_LINE_END = "（【「『《〈([{<"
# ASCII marks that may not open a line when they stand alone (".txt" may).
_ALONE = ",.;:?!%"


def language() -> str:
    chosen = os.environ.get("SPEECHKIT_LANG", "").strip().lower()
    if chosen.startswith(("zh", "en")):
        return chosen[:2]
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").strip()
        if value:
            base = value.split(".")[0].lower()
            return "zh" if base.startswith("zh") or base in ("c", "posix") else "en"
    return "zh"


def t(zh: str, en: str) -> str:
    """The text for the chosen language."""
    return zh if language() == "zh" else en


def width(text: str) -> int:
    """Display columns: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pieces(text: str) -> list[str]:
    """Units a line may break between: a Latin word with its trailing space, or one wide character."""
    return re.findall(r"[^\s\u2e80-\uffef]+\s*|[\u2e80-\uffef]\s*|\s+", text)


def _closes(piece: str) -> bool:
    return piece[:1] in NO_LINE_START or piece.strip() in tuple(_ALONE)


def _opens(piece: str) -> bool:
    return piece[-1:] in NO_LINE_END


def wrap(text: str, columns: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` broken into lines of at most ``columns`` display columns, indents included."""
    lines: list[str] = []
    line: list[str] = []
    indent = first
    for piece in _pieces(" ".join(text.split())):
        used = width(indent + "".join(line) + piece.rstrip())
        if used > columns and line:
            carried: list[str] = []
            # A closing mark may not open a line, nor an opening mark end one: the word before
            # the closing mark, or the opening mark itself, moves down to the next line.
            if _closes(piece):
                while len(line) > 1 and _closes(line[-1]):
                    carried.insert(0, line.pop())
                if len(line) > 1:
                    carried.insert(0, line.pop())
            while len(line) > 1 and _opens(line[-1]):
                carried.insert(0, line.pop())
            lines.append((indent + "".join(line)).rstrip())
            line, indent = carried, rest
        line.append(piece)
    if line:
        lines.append((indent + "".join(line)).rstrip())
    return lines


_ENGLISH = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "[required]": "［必填］",
}


class Formatter(click.HelpFormatter):
    """click's help layout, in the chosen language and wrapped by display columns."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
        columns = width or min(shutil.get_terminal_size((100, 24)).columns, max_width or 100)
        super().__init__(indent_increment, max(columns, 50), max_width)

    def _say(self, text: str) -> str:
        if language() != "zh":
            return text
        text = _ENGLISH.get(text, text)
        text = text.replace("[required]", "［必填］")
        return re.sub(r"\[default: ([^\]]*)\]", r"［默认：\1］", text)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = self._say(prefix or "Usage:")
        gap = "" if prefix.endswith("：") else " "
        self.write(f"{' ' * self.current_indent}{prefix}{gap}{prog} {args}\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{' ' * self.current_indent}{self._say(heading)}{'：' if language() == 'zh' else ':'}\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for paragraph in text.split("\n\n"):
            if paragraph.startswith("\b\n"):  # click's mark for a block kept as written (the 示例)
                for raw in paragraph[2:].splitlines():
                    self.write(f"{indent}{raw}\n")
            else:
                for line in wrap(paragraph, self.width, indent, indent):
                    self.write(f"{line}\n")
            self.write("\n")
        self.buffer[-1:] = []

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        indent = " " * self.current_indent
        first_col = min(max((width(term) for term, _ in rows), default=0), col_max) + col_spacing
        for term, text in rows:
            head = f"{indent}{term}"
            text = self._say(text)
            if width(term) > col_max:
                self.write(head + "\n")
                head = ""
            pad = " " * (self.current_indent + first_col)
            start = head + " " * (self.current_indent + first_col - width(head)) if head else pad
            lines = wrap(text, self.width, start, pad) or [head]
            for line in lines:
                self.write(line + "\n")


class Context(click.Context):
    formatter_class = Formatter


# click's own usage errors, said in Chinese.
_USAGE_ERRORS: Iterable[tuple[str, str]] = (
    (r"Missing argument '(.+)'\.", r"缺少参数 \1。"),
    (r"Missing option (.+)\.", r"缺少选项 \1。"),
    (r"No such option:? '?([^\s']+)'?\.? \(?(?:Did you mean|Possible options:) (?:one of: )?(.+?)\??\)?",
     r"没有选项 \1（是不是要用 \2？）"),
    (r"No such option:? '?([^\s']+)'?\.?", r"没有选项 \1。"),
    (r"No such command '(.+?)'\.(?: Did you mean '?(.+?)'?\?)?", r"没有命令「\1」。"),
    (r"Option '(.+?)' requires an argument\.", r"选项 \1 后面要跟一个值。"),
    (r"Option '(.+?)' does not take a value\.", r"选项 \1 不带值。"),
    (r"Got unexpected extra arguments? \((.+)\)", r"多余的参数：\1。"),
    (r"Invalid value for '(.+?)': '(.*?)' is not one of (.+)\.", r"\1 的值「\2」无效，可选：\3。"),
    (r"Invalid value for '(.+?)': '(.*?)' is not a valid integer\.", r"\1 的值「\2」不是整数。"),
    (r"Invalid value for '(.+?)': (.+?) is not in the range (.+)\.", r"\1 的值 \2 超出范围 \3。"),
    (r"Invalid value for '(.+?)': (.+)", r"\1 的值无效：\2"),
)


def usage_error(message: str) -> str:
    if language() != "zh":
        return message
    for pattern, replacement in _USAGE_ERRORS:
        match = re.fullmatch(pattern, message)
        if match:
            return match.expand(replacement)
    return message
