"""Output files appear whole or not at all, and never replace a file unless asked."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from .errors import OutputError, SpeechkitError


def check_writable(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise OutputError("exists; use --force to overwrite", file=str(path))
    if not path.parent.exists():
        raise OutputError(f"folder {path.parent} does not exist", file=str(path))


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
        raise OutputError("exists; use --force to overwrite", file=str(path))
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


def read_utf8(path: str | Path, error: type[SpeechkitError], noun: str = "file") -> str:
    """A UTF-8 text file (a BOM is fine) as text, or one located error of the caller's class."""
    label = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise error(f"no such {noun}", file=label) from None
    except IsADirectoryError:
        raise error(f"is a folder, not a {noun}", file=label) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", file=label) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(f"not UTF-8 text (byte {exc.start}); save it as UTF-8", file=label, line=line) from None


def cache_dir() -> Path:
    """Where speechkit keeps what it can rebuild: jieba's dictionary buckets, compiled templates, title words."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "speechkit"
