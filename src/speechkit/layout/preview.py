"""``speechkit preview``: an outline (or a finished .docx) → one PNG per page, for a quick look.

The pages come from the same PDF as ``render -o x.pdf`` (LibreOffice, free fonts standing in for
the standard's faces), rasterised by poppler's pdftoppm.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import DocumentError, OutputError, SpeechkitError
from ..files import EXISTS, write_atomic

DPI = 96
TIMEOUT = 120.0
_MISSING = "未找到 pdftoppm，无法生成 PNG 预览；请安装 poppler-utils（Debian 软件包）"


def find_pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if found is None:
        raise OutputError(_MISSING)
    return found


def pdf_to_pngs(pdf: bytes, *, dpi: int = DPI, timeout: float = TIMEOUT) -> list[bytes]:
    """Each page of a PDF as PNG bytes, in page order."""
    pdftoppm = find_pdftoppm()
    with tempfile.TemporaryDirectory(prefix="speechkit-png-") as tmp:
        work = Path(tmp)
        (work / "in.pdf").write_bytes(pdf)
        try:
            done = subprocess.run(
                [pdftoppm, "-png", "-r", str(dpi), str(work / "in.pdf"), str(work / "page")],
                stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise OutputError(f"pdftoppm 未能在 {timeout:g} 秒内完成，已中止") from None
        if done.returncode != 0:
            detail = " ".join(done.stderr.decode("utf-8", "replace").split())[-200:]
            raise OutputError(f"pdftoppm 运行失败，退出状态 {done.returncode}（{detail or '没有输出信息'}）")
        # pdftoppm pads the page number to the width of the page count: page-1.png or page-01.png.
        pages = sorted(work.glob("page-*.png"), key=lambda p: int(re.sub(r"\D", "", p.stem)))
        return [p.read_bytes() for p in pages]


def page_names(stem: str, count: int) -> list[str]:
    """``speech-01.png`` …: two digits at least, so a file listing sorts in page order."""
    width = max(2, len(str(count)))
    return [f"{stem}-{n:0{width}d}.png" for n in range(1, count + 1)]


def source_docx(source: str, templates: list[Path] | None = None) -> tuple[bytes, str]:
    """(.docx bytes, name stem) for an outline (built) or a .docx draft (taken as it is)."""
    from ..docx_io import docx_bytes
    from ..render.build import build, load_outline

    if source != "-" and Path(source).suffix.lower() == ".docx":
        from ..drafts import read_bytes

        return read_bytes(source), Path(source).stem
    if source != "-" and Path(source).suffix.lower() == ".doc":
        raise DocumentError("不支持旧版二进制 .doc 文件；请先另存为 .docx", file=source)
    document = build(load_outline(source, templates), templates)
    return docx_bytes(document), ("stdin" if source == "-" else Path(source).stem)


def preview_file(source: str, out_dir: str | Path, *, dpi: int = DPI, force: bool = False,
                 templates: list[Path] | None = None) -> list[Path]:
    """Write ``<stem>-NN.png`` for every page into ``out_dir``; nothing is written unless all pages render."""
    from ..soffice import docx_to_pdf

    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise OutputError("已存在，但不是文件夹；请换一个输出文件夹", file=str(folder))
    find_pdftoppm()  # before the slow part
    docx, stem = source_docx(source, templates)
    try:
        pdf = docx_to_pdf(docx)
    except SpeechkitError as exc:  # a draft LibreOffice cannot open: name it
        if source != "-" and Path(source).suffix.lower() == ".docx":
            raise exc.located(file=source) from None
        raise
    pngs = pdf_to_pngs(pdf, dpi=dpi)
    targets = [folder / name for name in page_names(stem, len(pngs))]
    if not force:
        for target in targets:
            if target.exists():
                raise OutputError(EXISTS, file=str(target))
    folder.mkdir(parents=True, exist_ok=True)
    for target, png in zip(targets, pngs, strict=True):
        write_atomic(target, png, force=force)
    return targets
