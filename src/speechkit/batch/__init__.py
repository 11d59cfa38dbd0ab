"""BATCH: one outline and one table → one document per row, an optional combined file, a report.

The rooms: ``plan`` (the outline's templated strings compiled once), ``rows`` (one row → one
document), ``report``, ``run`` (the checks and the run itself), ``workers`` and ``parallel`` (``-j N``),
``names`` (file names from table values), ``tables/`` (CSV, XLSX, YAML, JSON). The public names
below load on first use, so ``import speechkit.batch`` costs nothing until a run starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes

_EXPORTS = {"BatchOptions": "options", "BatchResult": "run", "run_batch": "run", "open_table": "tables"}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_attributes(__name__, _EXPORTS, globals())


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


if TYPE_CHECKING:
    from .options import BatchOptions  # noqa: F401
    from .run import BatchResult, run_batch  # noqa: F401
    from .tables import open_table  # noqa: F401
