"""A built wheel (not the editable checkout) carries its templates and corpora and renders on its own."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import EXAMPLES, ROOT


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_renders(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(dist)],
        check=True,
    )
    (wheel,) = dist.glob("speechkit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "speechkit/_data/templates/speech/template.j2" in names
    assert "speechkit/_data/templates/speech/starter.yaml" in names
    assert any(n.startswith("speechkit/_data/corpora/terms/") for n in names)

    # Dependencies come from this interpreter's site-packages; speechkit itself only from the wheel.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    bindir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run(
        [str(bindir / "python"), "-c", "import speechkit, speechkit.resources as r; "
         "print(speechkit.__file__); print(r.data_dir('templates'))"],
        cwd=work, capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    assert all(str(venv) in line for line in where), where
    result = subprocess.run(
        [str(bindir / "speechkit"), "render", str(EXAMPLES / "speech.yaml"), "-o", "speech.docx"],
        cwd=work, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (work / "speech.docx").read_bytes()[:2] == b"PK"
