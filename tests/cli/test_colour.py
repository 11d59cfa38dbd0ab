"""Colour on a terminal (codes by severity), none when piped or with NO_COLOR."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

DRAFT = "县工商局开展检查,时间为2024年3月.\n"


def in_a_terminal(tmp_path, env: dict[str, str]) -> str:
    """Run lint with its stdout on a pseudo-terminal, as in a user's shell."""
    (tmp_path / "a.txt").write_text(DRAFT, encoding="utf-8")
    main, child = pty.openpty()
    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    proc = subprocess.Popen([sys.executable, "-m", "speechkit", "lint", "a.txt"], cwd=tmp_path, stdout=child,
                            stderr=subprocess.DEVNULL, env={**clean, **env})
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait()
    os.close(main)
    return b"".join(chunks).decode("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_terminal_gets_colour_by_severity(tmp_path):
    text = in_a_terminal(tmp_path, {})
    assert "\x1b[33;1mT206\x1b[0m" in text  # warn: yellow
    assert "\x1b[31;1mP101\x1b[0m" in text  # error: red
    assert "\x1b[1ma.txt:1:2:\x1b[0m" in text


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_no_color_turns_it_off_in_a_terminal(tmp_path):
    text = in_a_terminal(tmp_path, {"NO_COLOR": "1"})
    assert "\x1b[" not in text and "a.txt:1:2: T206 " in text


def test_a_pipe_gets_plain_text(tmp_path):
    (tmp_path / "a.txt").write_text(DRAFT, encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    out = subprocess.run([sys.executable, "-m", "speechkit", "lint", "a.txt"], cwd=tmp_path, capture_output=True,
                         text=True, env=clean)
    assert out.returncode == 1
    assert "\x1b[" not in out.stdout and out.stdout.startswith("a.txt:1:2: T206 ")
    forced = subprocess.run([sys.executable, "-m", "speechkit", "lint", "a.txt"], cwd=tmp_path, capture_output=True,
                            text=True, env={**clean, "FORCE_COLOR": "1"})
    assert "\x1b[31;1mP101\x1b[0m" in forced.stdout
