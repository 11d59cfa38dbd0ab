"""Package attributes that import their module on first use (PEP 562), so that `import speechkit`
and `import speechkit.lint` stay cheap for commands that need little of them."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_attributes(package: str, exports: dict[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A module ``__getattr__``: ``exports`` maps a name to the submodule (relative to ``package``)
    that defines it; once loaded, the value is kept in ``namespace`` and never looked up again."""

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        namespace[name] = value
        return value

    return __getattr__
