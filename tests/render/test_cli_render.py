"""`speechkit new` and `speechkit render` as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from speechkit.cli import cli
from tests.conftest import EXAMPLES, ROOT

GOLDEN = Path(__file__).parent / "golden"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_text_output_matches_golden(tmp_path, fmt):
    out = tmp_path / f"speech.{fmt}"
    result = run("render", str(EXAMPLES / "speech.yaml"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (GOLDEN / f"speech.{fmt}").read_text(encoding="utf-8")


def test_docx_render_and_refuse_to_overwrite(tmp_path):
    out = tmp_path / "speech.docx"
    assert run("render", str(EXAMPLES / "speech.yaml"), "-o", str(out)).exit_code == 0
    first = out.read_bytes()
    assert first[:2] == b"PK"
    out.write_bytes(b"keep me")
    result = run("render", str(EXAMPLES / "speech.yaml"), "-o", str(out))
    assert result.exit_code == 2
    assert "已存在；如需覆盖，请加 --force" in result.output
    assert out.read_bytes() == b"keep me"
    assert run("render", str(EXAMPLES / "speech.yaml"), "-o", str(out), "--force").exit_code == 0
    assert out.read_bytes() == first


def test_bad_outline_leaves_no_file(tmp_path, write):
    bad = write("bad.yaml", (EXAMPLES / "speech.yaml").read_text(encoding="utf-8").replace("speaker:", "spekaer:"))
    out = tmp_path / "out.docx"
    result = run("render", str(bad), "-o", str(out))
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"speechkit: 错误：{bad}:")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]  # no temporary files either


def test_unknown_suffix_needs_to(tmp_path):
    result = run("render", str(EXAMPLES / "speech.yaml"), "-o", str(tmp_path / "x.rtf"))
    assert result.exit_code == 2 and "--to" in result.output


def test_missing_file():
    result = run("render", "nowhere.yaml", "-o", "x.docx")
    assert result.exit_code == 2 and "nowhere.yaml: 文件不存在；请检查路径" in result.output


def test_stdin_to_stdout():
    text = (EXAMPLES / "speech.yaml").read_text(encoding="utf-8")
    result = run("render", "-", "-o", "-", "--to", "txt", input=text)
    assert result.exit_code == 0
    assert result.stdout.startswith("凝心聚力")


def test_a_real_process_flushes_everything_before_it_exits():
    # The command ends with os._exit (no interpreter shutdown): standard output must still arrive whole.
    text = (EXAMPLES / "speech.yaml").read_text(encoding="utf-8")
    expected = run("render", "-", "-o", "-", "--to", "md", input=text).stdout
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as usual
    done = subprocess.run([sys.executable, "-m", "speechkit", "render", "-", "-o", "-", "--to", "md"],
                          input=text, capture_output=True, text=True, encoding="utf-8", env=env)
    assert done.returncode == 0 and len(expected) > 1000
    assert done.stdout == expected
    starter = subprocess.run([sys.executable, "-m", "speechkit", "new", "notice"], capture_output=True, env=env)
    assert starter.returncode == 0
    assert starter.stdout == (ROOT / "templates" / "notice" / "starter.yaml").read_bytes()
    bad = subprocess.run([sys.executable, "-m", "speechkit", "render", "nowhere.yaml", "-o", "x.docx"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr == "speechkit: 错误：nowhere.yaml: 文件不存在；请检查路径\n"


def test_new_writes_a_valid_starter(tmp_path):
    starter = tmp_path / "my.yaml"
    assert run("new", "speech", "-o", str(starter)).exit_code == 0
    assert starter.read_text(encoding="utf-8").startswith("#")
    assert run("render", str(starter), "-o", str(tmp_path / "my.docx")).exit_code == 0
    assert run("new", "speech", "-o", str(starter)).exit_code == 2  # no overwrite
    assert run("new", "nokind").exit_code == 2


def _user_template(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "tpl" / "speech"
    folder.mkdir(parents=True)
    (folder / "template.j2").write_text(body, encoding="utf-8")
    return tmp_path / "tpl"


def test_user_template_overrides_builtin(tmp_path):
    templates = _user_template(tmp_path, "@title {{ title }}\n{{ speaker }}同志讲话。\n")
    out = tmp_path / "o.txt"
    result = run("render", str(EXAMPLES / "speech.yaml"), "-o", str(out), "--templates", str(templates))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[1] == "\u3000\u3000区长　林建国同志讲话。"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("@title {{ title }}\n\n{{ nosuch }}\n", r"template.j2:3: 模板中的「nosuch」未定义"),
        ("@title {{ title }\n", r"template.j2:1: 模板语法错误（.+）；请检查这一行的 \{\{ \}\} 和 \{% %\} 是否配对"),
        ("{{ title.__class__.__mro__ }}\n", r"template.j2:1: 模板沙箱不允许这样做"),
        ("@titel {{ title }}\n", r"template.j2 \(output\):1: 未知的块类型 @titel（可用：para、title、subtitle、"),
    ],
)
def test_template_errors_are_located(tmp_path, body, message):
    templates = _user_template(tmp_path, body)
    out = tmp_path / "o.docx"
    result = run("render", str(EXAMPLES / "speech.yaml"), "-o", str(out), "--templates", str(templates))
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    import re

    assert re.search(message, result.output), result.output
    assert not out.exists()


def test_real_process_prints_no_traceback_and_debug_does(tmp_path, write):
    bad = write("bad.yaml", "kind: speech\ntitle: [\n")
    cmd = [sys.executable, "-m", "speechkit", "render", str(bad), "-o", str(tmp_path / "o.docx")]
    plain = subprocess.run(cmd, capture_output=True, text=True)
    assert plain.returncode == 2
    assert "Traceback" not in plain.stderr and len(plain.stderr.strip().splitlines()) == 1
    debug = subprocess.run([cmd[0], "-m", "speechkit", "--debug", *cmd[3:]], capture_output=True, text=True)
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_compiled_builtin_templates_are_cached_and_a_damaged_cache_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    outputs = []
    for i in range(3):
        out = tmp_path / f"{i}.docx"
        assert run("render", str(EXAMPLES / "speech.yaml"), "-o", str(out)).exit_code == 0
        outputs.append(out.read_bytes())
        cached = sorted((tmp_path / "cache" / "speechkit").glob("templates-*/*.cache"))
        assert cached, "the first render leaves its compiled templates behind"
        for entry in cached:  # damage them all: the next render must compile afresh, same output
            entry.write_bytes(entry.read_bytes()[:40])
    assert outputs[0] == outputs[1] == outputs[2]


def test_user_templates_are_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    templates = _user_template(tmp_path, "@title {{ title }}\n{{ speaker }}同志讲话。\n")
    result = run("render", str(EXAMPLES / "speech.yaml"), "-o", str(tmp_path / "u.docx"), "--templates", str(templates))
    assert result.exit_code == 0, result.output
    assert not list((tmp_path / "cache").rglob("*.cache"))


def test_unwritable_cache_folder_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert run("render", str(EXAMPLES / "speech.yaml"), "-o", str(tmp_path / "s.docx")).exit_code == 0
