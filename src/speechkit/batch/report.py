"""The batch report: one line per row (written, failed with the column and the reason, or not
built), as CSV for Excel or as JSON for scripts; written atomically once the run has ended."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Protocol

from ..files import AtomicFile
from .options import BatchOptions
from .rows import RowOutcome


class Totals(Protocol):
    """What the JSON report's summary says about the run (a :class:`~speechkit.batch.run.BatchResult`)."""

    total: int
    written: int
    failed: int
    interrupted: bool
    aborted: str | None
    combined: str | None


class Report:
    """One line per row as it is recorded; the JSON form ends with the run's summary."""

    FIELDS = ("row", "status", "file", "column", "error")

    def __init__(self, path: Path, force: bool, options: BatchOptions) -> None:
        self.json = path.suffix.lower() == ".json"
        if self.json:
            self.out = AtomicFile(path, force, "w", encoding="utf-8", newline="\n")
            head = {"outline": options.outline, "table": options.table, "output": options.out_dir}
            self.out.fh.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": [')
            self.first = True
        else:
            # UTF-8 with a BOM: Excel on Chinese Windows opens it as UTF-8 only with one.
            self.out = AtomicFile(path, force, "w", encoding="utf-8-sig", newline="")
            self.writer = csv.writer(self.out.fh)
            self.writer.writerow(self.FIELDS)

    def add(self, outcome: RowOutcome) -> None:
        if self.json:
            item = {"row": outcome.row, "status": outcome.status}
            item.update({k: getattr(outcome, k) for k in ("file", "column") if getattr(outcome, k)})
            if outcome.message:
                item["error"] = outcome.message
            self.out.fh.write(("\n  " if self.first else ",\n  ") + json.dumps(item, ensure_ascii=False))
            self.first = False
        else:
            self.writer.writerow((outcome.row, outcome.status, outcome.file, outcome.column, outcome.message))

    def commit(self, result: Totals) -> None:
        if self.json:
            summary = {"rows": result.total, "written": result.written, "failed": result.failed,
                       "not_built": result.total - result.written - result.failed,
                       "interrupted": result.interrupted, "combined": result.combined}
            if result.aborted:
                summary["aborted"] = result.aborted
            self.out.fh.write("\n], " + json.dumps({"summary": summary}, ensure_ascii=False)[1:] + "\n")
        self.out.commit()

    def discard(self) -> None:
        self.out.discard()
