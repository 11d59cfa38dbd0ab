"""Help in Chinese first, with worked examples; English where the user's language is not Chinese."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from speechkit.cli import cli
from speechkit.cli_help import NO_LINE_END, NO_LINE_START, language, width, wrap

COMMANDS = sorted(cli.commands)


def help_of(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "-h"], prog_name="speechkit", catch_exceptions=False)
    assert result.exit_code == 0
    return result.output


def run_help(env: dict[str, str], *args: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("SPEECHKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    out = subprocess.run([sys.executable, "-m", "speechkit", *args, "-h"], env={**clean, **env},
                         capture_output=True, text=True, check=True)
    return out.stdout


def test_the_group_lists_every_command_in_chinese():
    text = help_of()
    assert text.startswith("用法：speechkit [选项] 命令 [参数]...")
    assert "命令：" in text and "选项：" in text and "示例：" in text
    for name in COMMANDS:
        assert f"  {name} " in text


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_chinese_help_and_examples(name):
    text = help_of(name)
    assert text.startswith(f"用法：speechkit {name} [选项]")
    assert "示例：" in text
    examples = text.split("示例：", 1)[1].split("选项：", 1)[0]
    assert f"speechkit {name}" in examples
    assert "显示本帮助并退出。" in text
    # Nothing of click's English is left: every option explained in Chinese.
    for english in ("Usage:", "Options:", "Show this message", "[default:", "[required]"):
        assert english not in text
    options = text.split("选项：", 1)[1]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in row) for row in options.split("\n  -")[1:])


@pytest.mark.parametrize("env, expected", [
    ({}, "zh"),
    ({"LANG": "C"}, "zh"),
    ({"LANG": "C.UTF-8"}, "zh"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "de_DE.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8", "SPEECHKIT_LANG": "zh"}, "zh"),
    ({"LANG": "zh_TW.UTF-8", "SPEECHKIT_LANG": "en"}, "en"),
])
def test_language_is_chosen_once_from_speechkit_lang_then_the_locale(monkeypatch, env, expected):
    for name in ("SPEECHKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert language() == expected


def test_english_help_where_asked_for():
    text = run_help({"SPEECHKIT_LANG": "en"}, "render")
    assert text.startswith("Usage: speechkit render [OPTIONS] OUTLINE")
    assert "Examples:" in text and "示例" not in text
    assert "Output file" in text
    assert run_help({"LANG": "en_US.UTF-8"}).startswith("Usage: speechkit")
    assert run_help({"LANG": "zh_CN.UTF-8"}).startswith("用法：speechkit")
    assert run_help({}).startswith("用法：speechkit")


def test_help_fits_a_narrow_terminal_by_display_columns():
    text = run_help({"COLUMNS": "60"}, "lint")
    for line in text.splitlines():
        if not line.startswith("    speechkit"):  # the examples are kept as written
            assert width(line) <= 60, line


LETTERS = "关于进一步加强安全生产工作的通知各单位：，。、；（）「」《》 ABC 2025 .docx"
CHINESE = st.text(alphabet=st.sampled_from(list(LETTERS)),
                  min_size=1, max_size=200)


@given(CHINESE, st.integers(min_value=12, max_value=80))
def test_wrap_keeps_the_text_and_the_line_rules(text, columns):
    lines = wrap(text, columns, "  ", "  ")
    assert "".join(line.strip().replace(" ", "") for line in lines) == "".join(text.split())
    for i, line in enumerate(lines):
        body = line.strip()
        if i > 0 and len(lines[i - 1].strip()) > 1:
            assert body[:1] not in NO_LINE_START or len(body) == len(body.lstrip(NO_LINE_START)) == 0 or \
                lines[i - 1].strip()[-1:] in NO_LINE_START + NO_LINE_END
        if i < len(lines) - 1 and len(body) > 1:
            assert body[-1:] not in NO_LINE_END or body.rstrip(NO_LINE_END) == ""


def test_wrap_moves_a_closing_mark_up_with_the_word_before_it():
    lines = wrap("文稿写到哪个文件夹（没有则新建）。", 30, "  ", "  ")
    assert lines == ["  文稿写到哪个文件夹（没有则新", "  建）。"]
    assert all(width(line) <= 30 for line in lines)
