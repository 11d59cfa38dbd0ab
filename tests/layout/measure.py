"""Print what the layout suite measures, for every example: ``python -m tests.layout.measure``.

Lines of text per page (in the type area) and characters on each full line (one that reaches the
right edge of the type area and holds only full-width characters), counted as the suite counts them.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

from speechkit import docx_io
from speechkit.render.build import build, load_outline
from speechkit.soffice import docx_to_pdfs
from tests.conftest import EXAMPLES
from tests.layout.conftest import KINDS
from tests.layout.pdf_boxes import BODY_CHAR, LEFT, MM, RIGHT, body_lines, footer_lines, is_body_size, read_pages, slot


def main(names: list[str]) -> None:
    names = names or KINDS
    packages = [docx_io.docx_bytes(build(load_outline(str(EXAMPLES / f"{n}.yaml")))) for n in names]
    with tempfile.TemporaryDirectory() as tmp:
        for name, pdf in zip(names, docx_to_pdfs(packages), strict=True):
            path = Path(tmp) / f"{name}.pdf"
            path.write_bytes(pdf)
            pages = read_pages(path)
            per_page = []
            cells: Counter = Counter()
            for page in pages:
                lines = body_lines(page)
                per_page.append(f"{len(lines)} (last on line {slot(lines[-1]) + 1})" if lines else "0")
                for line in lines:
                    if is_body_size(line) and abs(line.x1 - RIGHT) <= MM and not any(ord(c) < 0x80 for c in line.text):
                        cells[round((line.x0 - LEFT) / BODY_CHAR) + line.cells(BODY_CHAR)] += 1
            feet = [" ".join(f.text for f in footer_lines(p)) for p in pages]
            print(f"{name}: {len(pages)} pages")
            print(f"  text lines per page: {', '.join(per_page)}")
            print(f"  characters per full line: {dict(sorted(cells.items()))}")
            print(f"  page numbers: {feet}")


if __name__ == "__main__":
    main(sys.argv[1:])
