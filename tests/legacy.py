"""Files in the older formats people have (.doc, .wps, .rtf, .odt; .xls, .et, .ods), made in the test run
by LibreOffice itself from files the test writes.

Kingsoft WPS saves .wps and .et in the binary Word and Excel formats under its own extensions (LibreOffice
opens them as such; see src/speechkit/soffice.py), so a .doc or .xls renamed stands in for them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from speechkit.soffice import find_soffice

NO_SOFFICE = "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"
needs_soffice = pytest.mark.skipif(find_soffice() is None, reason=NO_SOFFICE)

NO_CALC = ("LibreOffice Calc is not installed (soffice could not load the CSV to write a spreadsheet): "
           "apt-get install libreoffice-calc-nogui")
_SHEETS = {"xls", "et", "ods"}


def _has_calc() -> bool:
    """Whether LibreOffice's Calc component (libsclo) sits next to the soffice found."""
    program = Path(find_soffice() or "").resolve().parent
    return any(program.glob("libsclo.*"))


# What LibreOffice writes each suffix as; .wps and .et are copies of .doc and .xls.
_WRITE_AS = {"doc": "doc", "rtf": "rtf", "odt": "odt", "wps": "doc", "xls": "xls", "ods": "ods", "et": "xls"}


def convert(source: Path, suffix: str, out_dir: Path) -> Path:
    """``source`` (a .txt, .docx or UTF-8 .csv) saved by LibreOffice as ``out_dir/<stem>.<suffix>``."""
    made = out_dir / f"{source.stem}.{suffix}"
    work = out_dir / f".soffice-{suffix}"
    command = [find_soffice(), f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", _WRITE_AS[suffix], "--outdir", str(work), str(source)]
    if source.suffix == ".csv":
        command[3:3] = ["--infilter=CSV:44,34,76"]  # comma, double quote, UTF-8
    elif source.suffix == ".txt":
        command[3:3] = ["--infilter=Text (encoded):UTF8,LF,,,"]
    done = subprocess.run(command, check=True, capture_output=True, timeout=120)
    written = work / f"{source.stem}.{_WRITE_AS[suffix]}"
    if not written.exists():
        said = (done.stdout + done.stderr).decode("utf-8", "replace").strip()
        if suffix in _SHEETS and ("source file could not be loaded" in said or not _has_calc()):
            pytest.skip(NO_CALC)
        raise AssertionError(f"soffice wrote no {written.name}: {said}")
    shutil.move(written, made)
    shutil.rmtree(work)
    return made
