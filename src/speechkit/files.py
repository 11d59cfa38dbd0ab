"""Output files appear whole or not at all, and never replace a file unless asked."""

from __future__ import annotations

import errno
import itertools
import os
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


def _create_temp(folder: str, name: str) -> tuple[int, str]:
    while True:
        tmp = os.path.join(folder, f".{name}.{os.getpid()}-{next(_temp_names)}.tmp")
        try:
            return os.open(tmp, _NEW_FILE, 0o666), tmp
        except FileExistsError:  # left by a killed run that had the same process id
            continue


def write_atomic(path: str | Path, data: bytes, *, force: bool = False, scratch: str | Path | None = None) -> None:
    """Write to a temporary file beside ``path`` (or in ``scratch``, a folder on the same disk), then
    move it into place."""
    path = Path(path)
    check_writable(path, force)
    fd, tmp = _create_temp(str(scratch or path.parent), path.name)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        _move_into_place(tmp, path, force)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _move_into_place(tmp: str, path: Path, force: bool) -> None:
    if not force and os.path.lexists(path):  # appeared while we were writing
        raise OutputError(EXISTS, file=str(path))
    os.replace(tmp, path)


class AtomicFile:
    """A file written bit by bit (a report row by row, a combined document part by part) that
    appears whole at :meth:`commit`, or never, at :meth:`discard`: the same temporary file and the
    same move as :func:`write_atomic`. ``fh`` is the open file (``mode`` and ``kwargs`` as for open)."""

    def __init__(self, path: str | Path, force: bool, mode: str = "wb", **kwargs) -> None:
        self.path, self.force = Path(path), force
        fd, self.tmp = _create_temp(str(self.path.parent), self.path.name)
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
        except BaseException:
            Path(self.tmp).unlink(missing_ok=True)
            raise

    def discard(self) -> None:
        self.fh.close()
        Path(self.tmp).unlink(missing_ok=True)


# Nouns callers gave in English before messages were Chinese; a caller may give the Chinese noun itself.
_NOUNS = {"file": "文件", "term file": "术语文件"}


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
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = exc.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)  # utf-8-sig counts after the BOM
        line = raw[:at].count(b"\n") + 1
        raise error(f"不是 UTF-8 文本（第 {at + 1} 字节）；请另存为 UTF-8 编码", file=label, line=line) from None


def cache_dir() -> Path:
    """Where speechkit keeps what it can rebuild: jieba's dictionary buckets, compiled templates, title words."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "speechkit"
