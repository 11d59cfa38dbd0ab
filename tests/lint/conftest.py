from __future__ import annotations

import pytest
from click.testing import CliRunner

from speechkit.cli import cli
from speechkit.lint import load_rules


@pytest.fixture(scope="session")
def rules():
    """The built-in rules; jieba loads at most once for the whole session."""
    return load_rules()


@pytest.fixture
def run(tmp_path, monkeypatch):
    """run(args..., input=None) → click Result; runs in a temporary folder (no stray speechkit.yaml)."""
    monkeypatch.chdir(tmp_path)

    def _run(*args: str, input: str | bytes | None = None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return _run
