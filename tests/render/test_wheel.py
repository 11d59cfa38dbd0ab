"""A built wheel (not the editable checkout) carries its templates, corpora and jieba vocabulary, and renders and
lints on its own, from a folder outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT


@dataclass
class Installed:
    names: list[str]  # the wheel's files
    bindir: Path  # the fresh venv's scripts
    work: Path  # an empty folder outside the source tree

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.bindir / args[0]), *args[1:]], cwd=self.work, capture_output=True, text=True,
                              env=CLEAN_ENV)


# The checkout must not leak in through the environment.
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    tmp = tmp_path_factory.mktemp("wheel")
    dist = tmp / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(dist)],
        check=True,
    )
    (wheel,) = dist.glob("speechkit-*.whl")
    # Dependencies come from this interpreter's site-packages, speechkit itself only from the wheel. Not
    # --system-site-packages: inside a venv that is the base interpreter's, which lacks the dependencies. A .pth
    # line adds the folder without running its .pth files, so an editable speechkit there stays out.
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=CLEAN_ENV)
    bindir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    site = subprocess.run([str(bindir / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True, env=CLEAN_ENV).stdout.strip()
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (Path(site) / "speechkit-test-deps.pth").write_text("".join(f"{p}\n" for p in ours), encoding="utf-8")
    subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True,
                   env=CLEAN_ENV)
    work = tmp / "elsewhere"
    work.mkdir()
    return Installed(zipfile.ZipFile(wheel).namelist(), bindir, work)


@pytest.mark.slow
def test_wheel_renders_from_its_own_templates(installed):
    assert "speechkit/_data/templates/speech/template.j2" in installed.names
    assert "speechkit/_data/templates/speech/starter.yaml" in installed.names
    where = installed.run("python", "-c", "import speechkit, speechkit.resources as r; "
                          "print(speechkit.__file__); print(r.data_dir('templates'))").stdout.splitlines()
    venv = str(installed.bindir.parent)
    assert len(where) == 2 and all(venv in line for line in where), where
    result = installed.run("speechkit", "render", str(EXAMPLES / "speech.yaml"), "-o", "speech.docx")
    assert result.returncode == 0, result.stderr
    assert (installed.work / "speech.docx").read_bytes()[:2] == b"PK"


@pytest.mark.slow
def test_wheel_lints_with_its_own_corpora(installed):
    for name in ("institutions.yaml", "taiwan.yaml", "usage.yaml"):
        assert f"speechkit/_data/corpora/terms/{name}" in installed.names
    assert "speechkit/_data/corpora/userdict.txt" in installed.names
    (installed.work / "draft.txt").write_text("请市环保局牵头，更新办公软体。\n", encoding="utf-8")
    result = installed.run("speechkit", "lint", "draft.txt")
    assert result.returncode == 1, result.stderr
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["T202", "T301"]
    result = installed.run("speechkit", "rules", "--verify")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "_data/corpora" in installed.run("speechkit", "rules", "T101").stdout


def test_wheel_carries_the_docs_and_the_schema(installed):
    """`speechkit docs TOPIC`, which the help points to, works from an installed wheel, away from the checkout."""
    assert "speechkit/_data/docs/lint.md" in installed.names
    assert "speechkit/schemas/lint-output.schema.json" in installed.names
    listing = installed.run("speechkit", "docs")
    assert listing.returncode == 0 and "lint" in listing.stdout
    lint = installed.run("speechkit", "docs", "lint")
    assert lint.returncode == 0
    assert lint.stdout == (Path(__file__).resolve().parents[2] / "docs" / "lint.md").read_text(encoding="utf-8")
    assert installed.run("speechkit", "docs", "schema").stdout.lstrip().startswith("{")
