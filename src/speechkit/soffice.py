""".docx → PDF through LibreOffice headless, with free fonts standing in for the standard's faces.

The .docx always names the faces GB/T 9704 asks for (仿宋_GB2312, 方正小标宋简体 …). They are commercial
and rarely installed on Linux, so each conversion gets its own fontconfig file that maps those names
to free CJK fonts, for this rendering only. Each call also gets a private LibreOffice profile: two
conversions running at once would otherwise fight over the user's profile lock and one would
silently produce nothing.

LibreOffice reads one paragraph property differently from Word (see docx_io.libreoffice_compat),
so the package it is given is adjusted for it; the user's .docx is never touched.

LibreOffice stamps the PDF with the clock (CreationDate, /ID, /DocChecksum). Those fields are
rewritten in place, with the same byte length so the cross-reference table stays valid: the same
.docx gives the same PDF bytes. (Converted together with other documents in one run, a PDF can
differ in the encoding of its embedded font subsets, which LibreOffice builds with state kept across
documents; the pages are identical, and the same list of documents gives the same bytes.)
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import docx_io
from .errors import OutputError, SpeechkitError
from .files import os_reason

TIMEOUT = 120.0  # seconds; a cold LibreOffice start with a fresh profile takes 1–5 s on a laptop
PER_DOCUMENT = 10.0  # seconds more for each further document in one run

# Standard face → free fonts in order of preference (the first one installed wins). Names a draft
# from elsewhere commonly uses are mapped too, so a preview of someone else's .docx looks right.
# Noto Serif CJK stands in for 仿宋 as well: no free FangSong face is packaged by Debian, and a
# Song face has the same advance widths, which is what the layout proofs measure.
FONT_SUBSTITUTES: dict[str, tuple[tuple[str, ...], str | None]] = {
    # family: (substitutes, forced weight)
    "仿宋_GB2312": (("Noto Serif CJK SC", "AR PL SungtiL GB", "WenQuanYi Zen Hei"), None),
    "仿宋": (("Noto Serif CJK SC", "AR PL SungtiL GB", "WenQuanYi Zen Hei"), None),
    "FangSong": (("Noto Serif CJK SC", "AR PL SungtiL GB", "WenQuanYi Zen Hei"), None),
    "FangSong_GB2312": (("Noto Serif CJK SC", "AR PL SungtiL GB", "WenQuanYi Zen Hei"), None),
    "华文仿宋": (("Noto Serif CJK SC", "AR PL SungtiL GB", "WenQuanYi Zen Hei"), None),
    "楷体_GB2312": (("AR PL UKai CN", "Noto Serif CJK SC", "WenQuanYi Zen Hei"), None),
    "楷体": (("AR PL UKai CN", "Noto Serif CJK SC", "WenQuanYi Zen Hei"), None),
    "KaiTi": (("AR PL UKai CN", "Noto Serif CJK SC", "WenQuanYi Zen Hei"), None),
    "KaiTi_GB2312": (("AR PL UKai CN", "Noto Serif CJK SC", "WenQuanYi Zen Hei"), None),
    "华文楷体": (("AR PL UKai CN", "Noto Serif CJK SC", "WenQuanYi Zen Hei"), None),
    "黑体": (("Noto Sans CJK SC", "WenQuanYi Zen Hei"), None),
    "SimHei": (("Noto Sans CJK SC", "WenQuanYi Zen Hei"), None),
    "宋体": (("Noto Serif CJK SC", "AR PL SungtiL GB", "WenQuanYi Zen Hei"), None),
    "SimSun": (("Noto Serif CJK SC", "AR PL SungtiL GB", "WenQuanYi Zen Hei"), None),
    "新宋体": (("Noto Serif CJK SC", "AR PL SungtiL GB", "WenQuanYi Zen Hei"), None),
    # 小标宋 is a heavy Song face: the bold Noto Serif is the nearest free match.
    "方正小标宋简体": (("Noto Serif CJK SC", "AR PL SungtiL GB", "WenQuanYi Zen Hei"), "bold"),
    "方正小标宋_GBK": (("Noto Serif CJK SC", "AR PL SungtiL GB", "WenQuanYi Zen Hei"), "bold"),
    "小标宋": (("Noto Serif CJK SC", "AR PL SungtiL GB", "WenQuanYi Zen Hei"), "bold"),
}

_SOFFICE_PLACES = (
    "/usr/lib/libreoffice/program/soffice",
    "/usr/lib64/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
_MISSING = (
    "未找到 LibreOffice（soffice），无法生成 PDF；请安装 libreoffice-writer-nogui（Debian 软件包），"
    "或将 SPEECHKIT_SOFFICE 设为 soffice 程序的路径"
)
_NO_OUTPUT = "没有输出信息"


def find_soffice() -> str | None:
    """The LibreOffice program: $SPEECHKIT_SOFFICE, then soffice/libreoffice on PATH, then usual places."""
    chosen = os.environ.get("SPEECHKIT_SOFFICE")
    if chosen:
        if not shutil.which(chosen):
            raise OutputError(f"SPEECHKIT_SOFFICE 设为「{chosen}」，但这不是可运行的程序；请改为 soffice 程序的路径")
        return chosen
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for place in _SOFFICE_PLACES:
        if os.access(place, os.X_OK):
            return place
    return None


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fontconfig_xml() -> str:
    """A fontconfig file: the system configuration plus the substitutions above.

    The substitutes are *appended after* the requested family, so a machine that has the real
    仿宋_GB2312 installed still uses it.
    """
    base = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    rules = []
    for family, (substitutes, weight) in FONT_SUBSTITUTES.items():
        names = "".join(f"<string>{_esc(name)}</string>" for name in substitutes)
        weight_edit = f'<edit name="weight" mode="assign"><const>{weight}</const></edit>' if weight else ""
        rules.append(
            f'  <match target="pattern"><test name="family" qual="any"><string>{_esc(family)}</string></test>'
            f'<edit name="family" mode="append" binding="strong">{names}</edit>{weight_edit}</match>\n'
        )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{_esc(base)}</include>\n{"".join(rules)}</fontconfig>\n'
    )


def docx_to_pdf(docx: bytes, *, timeout: float | None = None) -> bytes:
    """Convert a .docx package (bytes) to PDF bytes with LibreOffice headless."""
    return docx_to_pdfs([docx], timeout=timeout)[0]


def docx_to_pdfs(packages: Sequence[bytes], *, timeout: float | None = None) -> list[bytes]:
    """Convert several packages in one LibreOffice run: starting LibreOffice costs more than a page."""
    if not packages:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise OutputError(_MISSING)
    if timeout is None:
        timeout = TIMEOUT + PER_DOCUMENT * (len(packages) - 1)
    with tempfile.TemporaryDirectory(prefix="speechkit-pdf-") as tmp:
        work = Path(tmp)
        sources = []
        for n, docx in enumerate(packages, start=1):
            source = work / f"document-{n:05d}.docx"
            source.write_bytes(docx_io.libreoffice_compat(docx))
            sources.append(source)
        (work / "fonts.conf").write_text(fontconfig_xml(), encoding="utf-8")
        out_dir = work / "out"
        env = {
            **os.environ,
            "FONTCONFIG_FILE": str(work / "fonts.conf"),
            "TZ": "UTC",  # so the date stamp has a fixed shape (…Z') before it is rewritten
        }
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir), *map(str, sources),
        ]
        stderr = _without_noise(_run(command, env, timeout, work))
        pdfs = []
        for source, docx in zip(sources, packages, strict=True):
            produced = out_dir / f"{source.stem}.pdf"
            if not produced.is_file() or produced.stat().st_size == 0:
                detail = " ".join(stderr.split())[-200:] or _NO_OUTPUT
                raise OutputError(f"LibreOffice 未能生成 PDF（{detail}）")
            pdfs.append(normalise_pdf(produced.read_bytes(), docx_io.created_date(docx)))
    return pdfs


# Files people have from older Word, WPS and LibreOffice → the format the readers take. Kingsoft WPS
# saves .wps and .et in the binary Word and Excel formats with extensions of its own, which
# LibreOffice opens as such (its import ignores only WPS's additions). Source: LibreOffice developers' list,
# 2025-07-29, https://go.mail-archive.com/libreoffice@lists.freedesktop.org/msg358179.html
LEGACY_DRAFTS = (".doc", ".wps", ".rtf", ".odt")
LEGACY_TABLES = (".xls", ".et", ".ods")
_TARGET = {**dict.fromkeys(LEGACY_DRAFTS, "docx"), **dict.fromkeys(LEGACY_TABLES, "xlsx")}


def is_legacy(path: str | Path) -> bool:
    return Path(path).suffix.lower() in _TARGET


def convert_legacy(path: str | Path, data: bytes, error: type[SpeechkitError] = OutputError) -> bytes:
    """A .doc/.wps/.rtf/.odt draft or an .xls/.et/.ods table (its bytes) → .docx or .xlsx bytes.

    The conversion happens in a temporary folder with a private profile; the user's file is only
    read. Errors are ``error`` (DocumentError for drafts, TableError for tables) naming the file.
    """
    return convert_legacy_all([(str(path), data)], error)[0]


def convert_legacy_all(files: Sequence[tuple[str, bytes]], error: type[SpeechkitError] = OutputError) -> list[bytes]:
    """Several files in one LibreOffice run (a folder of drafts starts LibreOffice once, not per file)."""
    if not files:
        return []
    soffice = find_soffice()
    if soffice is None:
        path = files[0][0]
        suffix = Path(path).suffix.lower()
        raise error(f"读取{suffix}文件需要 LibreOffice，但未找到 soffice（请安装 LibreOffice，"
                    f"或设置 SPEECHKIT_SOFFICE，或先另存为 .{_TARGET[suffix]}）", file=path)
    with tempfile.TemporaryDirectory(prefix="speechkit-convert-") as tmp:
        work = Path(tmp)
        out_dir = work / "out"
        # Fixed ASCII names: LibreOffice is spared the users' paths, and each output's name is known.
        sources: dict[str, list[Path]] = {}
        for n, (path, data) in enumerate(files, start=1):
            suffix = Path(path).suffix.lower()
            source = work / f"source-{n:05d}{suffix}"
            source.write_bytes(data)
            sources.setdefault(_TARGET[suffix], []).append(source)
        for target, group in sources.items():
            command = [
                soffice,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                "--convert-to", target, "--outdir", str(out_dir), *map(str, group),
            ]
            try:
                _run(command, {**os.environ, "TZ": "UTC"}, TIMEOUT + PER_DOCUMENT * (len(group) - 1), work,
                     f".{target} 文件")
            except OutputError as exc:
                raise error(f"未能转换此文件：{exc.message}", file=files[0][0]) from None
        out = []
        for n, (path, _) in enumerate(files, start=1):
            suffix = Path(path).suffix.lower()
            produced = out_dir / f"source-{n:05d}.{_TARGET[suffix]}"
            if not produced.is_file() or produced.stat().st_size == 0:
                raise error(f"LibreOffice 未能把此文件转换为 .{_TARGET[suffix]}（文件已损坏，或不是{suffix}格式）",
                            file=path)
            out.append(produced.read_bytes())
        return out


def _run(command: list[str], env: dict, timeout: float, cwd: Path, product: str = "PDF") -> str:
    """LibreOffice's stderr; ``product`` (PDF, .docx 文件…) is what a timeout says it did not finish."""
    try:
        proc = subprocess.Popen(
            command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, start_new_session=True,  # its own process group, so a timeout kills it all
        )
    except OSError as exc:
        raise OutputError(f"无法启动 LibreOffice（{command[0]}）：{os_reason(exc)}") from None
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise OutputError(f"LibreOffice 未能在 {timeout:g} 秒内生成 {product}，已中止") from None
    if proc.returncode != 0:
        detail = " ".join(_without_noise((err or out).decode("utf-8", "replace")).split())[-200:]
        raise OutputError(f"LibreOffice 运行失败，退出状态 {proc.returncode}（{detail or _NO_OUTPUT}）")
    return (err or b"").decode("utf-8", "replace")


def _without_noise(message: str) -> str:
    # LibreOffice warns about Java on every headless start; it says nothing about the document.
    return "\n".join(line for line in message.splitlines() if "javaldx" not in line)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        proc.kill()
    proc.communicate()


_CREATION = re.compile(rb"/(CreationDate|ModDate)\(D:(\d{14})")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-Fa-f]{32})")


def normalise_pdf(pdf: bytes, date: str | None) -> bytes:
    """Replace LibreOffice's clock-dependent fields by values derived from the document alone.

    Every replacement has the length of what it replaces, so the xref offsets stay right.
    """
    stamp = (re.sub(r"\D", "", date or "")[:8] or "20000101").ljust(8, "0").encode() + b"000000"
    pdf = _CREATION.sub(lambda m: b"/" + m.group(1) + b"(D:" + stamp, pdf)
    blank = _ID.sub(lambda m: m.group(0).replace(m.group(1), b"0" * 32).replace(m.group(2), b"0" * 32), pdf)
    blank = _CHECKSUM.sub(lambda m: b"/DocChecksum /" + b"0" * 32, blank)
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()
    pdf = _ID.sub(lambda m: m.group(0).replace(m.group(1), digest).replace(m.group(2), digest), pdf)
    return _CHECKSUM.sub(lambda m: b"/DocChecksum /" + digest, pdf)
