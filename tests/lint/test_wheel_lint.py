"""The built wheel carries the term corpora and jieba dictionary and lints on its own."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_wheel_lints_with_its_own_corpora(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(dist)],
        check=True,
    )
    (wheel,) = dist.glob("speechkit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for name in ("institutions.yaml", "taiwan.yaml", "usage.yaml"):
        assert f"speechkit/_data/corpora/terms/{name}" in names
    assert "speechkit/_data/corpora/userdict.txt" in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    bindir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "draft.txt").write_text("请市环保局牵头，更新办公软体。\n", encoding="utf-8")
    result = subprocess.run([str(bindir / "speechkit"), "lint", "draft.txt"], cwd=work, capture_output=True,
                            text=True)
    assert result.returncode == 1, result.stderr
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["T202", "T301"]
    result = subprocess.run([str(bindir / "speechkit"), "rules", "--verify"], cwd=work, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "_data/corpora" in subprocess.run([str(bindir / "speechkit"), "rules", "T101"], cwd=work,
                                             capture_output=True, text=True).stdout
