from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The suite asserts the Chinese texts whatever the machine's locale, and no speechkit.yaml of the
# person running it (user config folder) may change a result. Set before speechkit.cli is imported.
os.environ["SPEECHKIT_LANG"] = "zh"
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="speechkit-test-config-")
atexit.register(shutil.rmtree, os.environ["XDG_CONFIG_HOME"], True)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


@pytest.fixture
def write(tmp_path):
    """write("name.yaml", text) → path of a UTF-8 file in the test's temporary folder."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write
