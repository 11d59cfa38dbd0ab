from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def user_config_home(tmp_path, monkeypatch):
    """An empty user configuration folder, so the tester's own ~/.config/speechkit is never read."""
    home = tmp_path / "user-config"
    home.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home
