"""The suite itself: every folder of tests is one pytest walks into."""

from __future__ import annotations

import fnmatch
from pathlib import Path


def test_no_test_folder_is_one_pytest_skips(request):
    # A folder named like one of norecursedirs (by default build, dist, venv, .*) is silently never
    # collected: tests/build once held 95 tests that the full suite did not run.
    patterns = request.config.getini("norecursedirs")
    for folder in Path(__file__).parent.iterdir():
        if folder.is_dir() and any(folder.glob("test_*.py")):
            assert not any(fnmatch.fnmatch(folder.name, p) for p in patterns), f"pytest skips {folder}"
