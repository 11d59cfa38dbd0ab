"""Output files appear whole or not at all, and never replace a file unless asked."""

from __future__ import annotations

import errno
import itertools
import os
import sys
from pathlib import Path

from .errors import OutputError, SpeechkitError

EXISTS = "已存在；如需覆盖，请加 --force"

# The system's reasons, as a person reads them; others keep the system's own words.
_OS_REASONS = {
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ENOENT: "文件不存在", errno.EISDIR: "是文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹", errno.ENOSPC: "磁盘空间不足", errno.EROFS: "所在磁盘只读",
    errno.ENAMETOOLONG: "文件名过长", errno.ELOOP: "符号链接循环", errno.EIO: "读写出错（磁盘或网络盘故障）",
    errno.EBUSY: "文件正被占用", errno.EMFILE: "打开的文件过多", errno.EFBIG: "文件过大",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in words for the user: 没有权限, 磁盘空间不足…"""
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


def check_writable(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise OutputError(EXISTS, file=str(path))
    if not path.parent.exists():
        raise OutputError(f"文件夹「{path.parent}」不存在；请先创建", file=str(path))


# A new file with mode 0o666 gets the umask's permissions, as any file a program saves does; that
# is why this is not tempfile.mkstemp (mode 0600, then a chmod: two more syscalls and a journalled
# inode change per file, which a batch of thousands pays for). O_EXCL still refuses to follow or
# reuse anything already there.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_temp_names = itertools.count()


def _create_temp(folder: str, path: Path) -> tuple[int, str]:
    while True:
        tmp = os.path.join(folder, f".{path.name}.{os.getpid()}-{next(_temp_names)}.tmp")
        try:
            return os.open(tmp, _NEW_FILE, 0o666), tmp
        except FileExistsError:  # left by a killed run that had the same process id
            continue
        except OSError as exc:
            raise write_error(exc, path) from None


def write_atomic(path: str | Path, data: bytes, *, force: bool = False, scratch: str | Path | None = None) -> None:
    """Write to a temporary file beside ``path`` (or in ``scratch``, a folder on the same disk), then
    move it into place. A failure (没有权限, 磁盘空间不足…) is an OutputError naming ``path``, and leaves
    no temporary file behind."""
    path = Path(path)
    check_writable(path, force)
    fd, tmp = _create_temp(str(scratch or path.parent), path)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        _move_into_place(tmp, path, force)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise write_error(exc, path) from None
        raise


# Where a hard link cannot be made, os.link fails with one of these: FAT/exFAT USB sticks and some
# network shares (EPERM), file systems without links (ENOTSUP/EOPNOTSUPP), a ``scratch`` folder on
# another disk (EXDEV). Only there is the file moved in the old way, which is not atomic: a file
# that appears between the check and the move is replaced.
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}


def _move_into_place(tmp: str, path: Path, force: bool) -> None:
    if force:
        os.replace(tmp, path)
        return
    # Without --force the temporary file is published under its real name with a hard link, which the
    # system refuses, atomically, if anything has that name by now: two runs writing the same file
    # cannot overwrite each other, as checking first and then moving could.
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise OutputError(EXISTS, file=str(path)) from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if os.path.lexists(path):  # appeared while we were writing
            raise OutputError(EXISTS, file=str(path)) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


# What the user can do about a failed write, after the reason.
_WRITE_HINTS = {
    errno.EACCES: "请检查文件夹的权限，或换一个文件夹", errno.EPERM: "请检查文件夹的权限，或换一个文件夹",
    errno.EROFS: "请换一个可写的文件夹", errno.ENOSPC: "请清理磁盘后重试", errno.EDQUOT: "请清理磁盘后重试",
}


def write_error(exc: OSError, path: str | Path) -> OutputError:
    """An OSError met while writing ``path`` (or its temporary file), as a located error naming ``path``."""
    reason = "磁盘空间不足" if exc.errno == errno.EDQUOT else os_reason(exc)
    hint = _WRITE_HINTS.get(exc.errno or 0)
    return OutputError(f"无法写入：{reason}" + (f"；{hint}" if hint else ""), file=str(path))


class AtomicFile:
    """A file written bit by bit (a report row by row, a combined document part by part) that
    appears whole at :meth:`commit`, or never, at :meth:`discard`: the same temporary file and the
    same move as :func:`write_atomic`. ``fh`` is the open file (``mode`` and ``kwargs`` as for open)."""

    def __init__(self, path: str | Path, force: bool, mode: str = "wb", **kwargs) -> None:
        self.path, self.force = Path(path), force
        fd, self.tmp = _create_temp(str(self.path.parent), self.path)
        try:
            self.fh = os.fdopen(fd, mode, **kwargs)
        except BaseException:
            os.close(fd)
            Path(self.tmp).unlink(missing_ok=True)
            raise

    def commit(self) -> None:
        try:
            self.fh.close()
            _move_into_place(self.tmp, self.path, self.force)
        except BaseException as exc:
            Path(self.tmp).unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise write_error(exc, self.path) from None
            raise

    def discard(self) -> None:
        try:
            self.fh.close()
        except OSError:  # a full disk refuses the last buffered bytes: they are not wanted anyway
            pass
        finally:
            Path(self.tmp).unlink(missing_ok=True)


# Nouns callers gave in English before messages were Chinese; a caller may give the Chinese noun itself.
_NOUNS = {"file": "文件", "term file": "术语文件"}

MAX_TEXT_BYTES = 64 * 1024 * 1024  # a text input (outline, draft) read from stdin; a real one is far smaller
STDIN = "<stdin>"
_CHUNK = 1 << 20


def read_utf8(path: str | Path, error: type[SpeechkitError], noun: str = "文件") -> str:
    """A UTF-8 text file (a BOM is fine) as text, or one located error of the caller's class.
    ``noun`` names the file in those errors (文件, 术语文件…)."""
    label = str(path)
    noun = _NOUNS.get(noun, noun)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise error(f"{noun}不存在；请检查路径", file=label) from None
    except IsADirectoryError:
        raise error(f"是文件夹，不是{noun}", file=label) from None
    except OSError as exc:
        raise error(f"无法读取：{os_reason(exc)}", file=label) from None
    return decode_utf8(raw, error, label)


def decode_utf8(raw: bytes, error: type[SpeechkitError], label: str) -> str:
    """UTF-8 bytes (a BOM is fine) as text, or one error of the caller's class at the line and byte
    where they stop being UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = exc.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)  # utf-8-sig counts after the BOM
        line = raw[:at].count(b"\n") + 1
        raise error(f"不是 UTF-8 文本（第 {at + 1} 字节）；请另存为 UTF-8 编码", file=label, line=line) from None


def read_stdin(error: type[SpeechkitError], label: str = STDIN, limit: int = MAX_TEXT_BYTES,
               too_big: str = "") -> bytes:
    """Standard input's bytes, read in chunks: more than ``limit`` bytes (``cat /dev/zero``, a
    mistyped pipe) is one error of the caller's class, ``too_big`` or a default, before memory
    fills up."""
    stdin = sys.stdin
    if stdin is None:  # pythonw, or a service without standard streams
        raise error("没有标准输入；请给出文件路径", file=label)
    stream = getattr(stdin, "buffer", None)
    chunks: list[bytes] = []
    size = 0
    try:
        while size <= limit:
            if stream is not None:
                chunk = stream.read(min(_CHUNK, limit + 1 - size))
            else:  # a text stream standing in for stdin (tests, embedding): its text, as UTF-8
                chunk = stdin.read(min(_CHUNK, limit + 1 - size)).encode("utf-8", "surrogateescape")
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise error(f"无法读取：{os_reason(exc)}", file=label) from None
    raise error(too_big or f"超过 {limit // 2**20} MB；请检查输入是否有误", file=label)


def cache_dir() -> Path:
    """Where speechkit keeps what it can rebuild: jieba's dictionary buckets, compiled templates, title words."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "speechkit"
