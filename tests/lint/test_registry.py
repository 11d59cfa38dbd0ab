"""The engine registry is a table written out in lint/engines/__init__.py, not filled by imports."""

from __future__ import annotations

import subprocess
import sys

from speechkit.lint.engines import ENGINES
from speechkit.lint.rules import builtin_rules


def test_every_engine_is_listed_under_its_own_names():
    for name, cls in ENGINES.items():
        assert name in cls.names, (name, cls.__name__)
    for cls in set(ENGINES.values()):
        assert all(ENGINES[name] is cls for name in cls.names), cls.__name__


def test_every_builtin_rule_names_a_listed_engine():
    assert {rule.engine for rule in builtin_rules()} <= set(ENGINES)


def test_importing_the_registry_alone_gives_every_engine():
    # Nothing else imported first: a registry filled as modules import would be short here.
    code = "from speechkit.lint.engines import ENGINES; print(' '.join(sorted(ENGINES)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == sorted(ENGINES) and len(out) == 13
