"""How often the pagination model agrees with LibreOffice on the page each block starts on.

    PYTHONPATH=$PWD/src python benchmarks/pagination_agreement.py [N] [--seed S] [--keep DIR]

N random outlines (the kinds in turn, from outline_gen's word lists, seeded) are rendered to .docx
with speechkit's API, converted to PDF in ONE LibreOffice run (soffice.docx_to_pdfs: a private
profile, speechkit's font substitutions), and each block with text is found in the PDF by its first
characters (tests/layout/pdf_boxes). Prints blocks compared, % agreeing on the start page, % of
signature blocks and 版记 agreeing, and the worst disagreements.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from outline_gen import outlines  # noqa: E402
from tests.layout.pdf_boxes import body_lines, read_pages, slot  # noqa: E402

from speechkit import docx_io  # noqa: E402
from speechkit.pagination import paginate  # noqa: E402
from speechkit.render.build import build, load_outline  # noqa: E402
from speechkit.soffice import docx_to_pdfs  # noqa: E402

BATCH = 60  # documents per LibreOffice run: 300 in one run ended with no PDF for some of them
KEY = 6  # characters of a block's text looked for at the start of a PDF line


@dataclass
class Outcome:
    name: str
    index: int
    style: str
    text: str
    predicted: tuple[int, int]
    actual: tuple[int, int] | None


def _norm(text: str) -> str:
    return "".join(text.split()).replace("\u3000", "")


def compare(name: str, docx: bytes, pdf: Path) -> tuple[list[Outcome], int, int]:
    """Outcomes per block with text, and the predicted and actual page counts."""
    pages = read_pages(pdf)
    lines = [(page.number, slot(line) + 1, _norm(line.text)) for page in pages for line in body_lines(page)]
    predicted = paginate(docx)
    out: list[Outcome] = []
    cursor = 0
    for block in predicted.blocks:
        text = _norm(block.line_texts[0] if block.kind == "paragraph" and block.line_texts else block.text)
        if not text:
            continue
        key = text[:KEY]
        found = None
        for k in range(cursor, len(lines)):
            if lines[k][2].startswith(key) or (len(lines[k][2]) < len(key) and key.startswith(lines[k][2])
                                                and lines[k][2]):
                found = k
                break
        actual = (lines[found][0], lines[found][1]) if found is not None else None
        if found is not None:
            cursor = found + 1
        out.append(Outcome(name, block.index, block.style or block.kind, block.text[:24],
                           (block.first_page, block.first_line), actual))
    return out, predicted.page_count, len(pages)


def run(n: int, seed: int, keep: Path | None) -> list[Outcome]:
    made = outlines(n, seed)
    work = keep or Path(tempfile.mkdtemp(prefix="pagination-"))
    work.mkdir(parents=True, exist_ok=True)
    packages = []
    for name, data in made:
        path = work / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        packages.append(docx_io.docx_bytes(build(load_outline(str(path)))))
    started = time.monotonic()
    pdfs = []
    for start in range(0, len(packages), BATCH):  # one LibreOffice run per batch of documents
        pdfs.extend(docx_to_pdfs(packages[start : start + BATCH]))
    print(f"LibreOffice: {len(pdfs)} documents in {time.monotonic() - started:.0f} s", file=sys.stderr)
    outcomes: list[Outcome] = []
    page_agree = 0
    for (name, _), docx, pdf in zip(made, packages, pdfs, strict=True):
        (work / f"{name}.docx").write_bytes(docx)
        pdf_path = work / f"{name}.pdf"
        pdf_path.write_bytes(pdf)
        found, want, got = compare(name, docx, pdf_path)
        outcomes.extend(found)
        page_agree += want == got
    print(f"page counts agreeing: {page_agree}/{len(made)}")
    return outcomes


def report(outcomes: list[Outcome], worst: int = 20) -> None:
    matched = [o for o in outcomes if o.actual is not None]
    agree = [o for o in matched if o.actual[0] == o.predicted[0]]  # type: ignore[index]
    lines = [o for o in agree if o.actual == o.predicted]
    print(f"blocks with text: {len(outcomes)}, found in the PDF: {len(matched)}")
    print(f"start page agreeing: {len(agree)}/{len(matched)} = {100 * len(agree) / max(len(matched), 1):.2f} %")
    share = 100 * len(lines) / max(len(matched), 1)
    print(f"start page and line agreeing: {len(lines)}/{len(matched)} = {share:.2f} %")
    for label, styles in (("signature blocks (署名, 成文日期)", ("SKSignature", "SKDate")), ("版记", ("table",))):
        group = [o for o in matched if o.style in styles]
        ok = [o for o in group if o.actual[0] == o.predicted[0]]  # type: ignore[index]
        print(f"{label}: {len(ok)}/{len(group)} = {100 * len(ok) / max(len(group), 1):.2f} %")
    bad = [o for o in matched if o.actual[0] != o.predicted[0]]  # type: ignore[index]
    firsts: dict[str, Outcome] = {}
    for o in bad:
        firsts.setdefault(o.name, o)
    print(f"documents with a disagreement: {len(firsts)}; first disagreement in each (worst {worst}):")
    for o in list(firsts.values())[:worst]:
        print(f"  {o.name} block {o.index} {o.style}: predicted page {o.predicted}, actual {o.actual}: {o.text}")
    missing = [o for o in outcomes if o.actual is None]
    for o in missing[:5]:
        print(f"  not found: {o.name} block {o.index} {o.style}: {o.text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=40)
    parser.add_argument("--seed", type=int, default=9704)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    report(run(args.n, args.seed, args.keep))


if __name__ == "__main__":
    main()
