"""The ecosystem's exit codes: 0 clean, 1 findings, 2 usage or input error, 3 a bug of ours (never 1)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def speechkit(*args: str, cwd: Path | None = None, code: str | None = None, env: dict | None = None):
    """Run the installed entry point (speechkit.cli:main) in a child process, as a user would."""
    program = code or "from speechkit.cli import main; main()"
    return subprocess.run([sys.executable, "-c", program, *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


@pytest.mark.parametrize("args, said", [
    (["render"], "缺少参数 提纲。"),
    (["render", "a.yaml"], "缺少选项 '-o' / '--output'。"),
    (["lint", "--frob", "x.txt"], "没有选项 --frob"),
    (["rendr"], "没有命令「rendr」。"),
    (["render", "a.yaml", "-o", "a.x", "--to", "pdq"], "--to 的值「pdq」无效"),
    (["batch", "a.yaml", "b.csv", "-o", "out", "-j", "-1"], "-j"),
    (["completion", "tcsh"], "tcsh"),
])
def test_usage_errors_are_chinese_and_exit_2(args, said, tmp_path):
    result = speechkit(*args, cwd=tmp_path)
    assert result.returncode == 2
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("speechkit: 错误：") and said in last, result.stderr
    assert "加 -h 查看帮助和示例：speechkit" in result.stderr
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr


def test_an_input_error_is_one_located_line_and_exit_2(tmp_path):
    (tmp_path / "讲话.yaml").write_text("kind: speech\ntitle: [\n", encoding="utf-8")
    result = speechkit("render", "讲话.yaml", "-o", "讲话.docx", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("speechkit: 错误：讲话.yaml:")
    assert not (tmp_path / "讲话.docx").exists()


# A bug of ours, planted: the renderer raises something no user input can cause.
BUG = ("import speechkit.render.build as b\n"
       "def broken(*a, **k): raise ZeroDivisionError('division by zero')\n"
       "b.render_file = broken\n"
       "from speechkit.cli import main; main()")


def test_an_internal_error_exits_3_with_one_line_and_a_crash_report(tmp_path):
    (tmp_path / "a.yaml").write_text("kind: speech\n", encoding="utf-8")
    result = speechkit("render", "a.yaml", "-o", "a.docx", cwd=tmp_path, code=BUG,
                       env={"TMPDIR": str(tmp_path)})
    assert result.returncode == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("speechkit: 内部错误（speechkit 自身的缺陷，不是您的输入有误）：ZeroDivisionError")
    report = Path(re.search(r"详细报告已写入 (\S+)，", lines[0]).group(1))
    text = report.read_text(encoding="utf-8")
    assert "Traceback" in text and "ZeroDivisionError" in text and "argv:" in text


def test_debug_shows_the_traceback_of_an_internal_error(tmp_path):
    (tmp_path / "a.yaml").write_text("kind: speech\n", encoding="utf-8")
    result = speechkit("--debug", "render", "a.yaml", "-o", "a.docx", cwd=tmp_path, code=BUG)
    assert result.returncode not in (0, 1, 2)
    assert "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr


def test_findings_exit_1_and_a_clean_draft_exit_0(tmp_path):
    (tmp_path / "a.txt").write_text("县工商局开展检查。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("县市场监督管理局开展检查。\n", encoding="utf-8")
    assert speechkit("lint", "a.txt", cwd=tmp_path).returncode == 1
    assert speechkit("lint", "b.txt", cwd=tmp_path).returncode == 0
    missing = speechkit("lint", "c.txt", cwd=tmp_path)
    assert missing.returncode == 2 and missing.stderr.startswith("speechkit: 错误：")
