"""What a batch run is asked to do: :class:`BatchOptions`, picklable so that worker processes can
prepare themselves from it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPORT_NAME = "batch-report.csv"


@dataclass(frozen=True)
class BatchOptions:
    """What a run needs; picklable, so worker processes prepare themselves from it."""

    outline: str
    table: str
    out_dir: str
    name: str | None = None  # Jinja pattern; default: the first column
    combined: str | None = None
    report: str | None = None  # default: <out_dir>/batch-report.csv
    jobs: int = 1
    force: bool = False
    sheet: str | None = None
    templates: tuple[str, ...] = ()

    @property
    def report_path(self) -> Path:
        return Path(self.report) if self.report else Path(self.out_dir) / REPORT_NAME
