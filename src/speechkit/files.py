"""Output files appear whole or not at all, and never replace a file unless asked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError, SpeechkitError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_writable(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise OutputError("exists; use --force to overwrite", file=str(path))
    if not path.parent.exists():
        raise OutputError(f"folder {path.parent} does not exist", file=str(path))


def write_atomic(path: str | Path, data: bytes, *, force: bool = False, scratch: str | Path | None = None) -> None:
    """Write to a temporary file beside ``path`` (or in ``scratch``, a folder on the same disk), then
    move it into place."""
    path = Path(path)
    check_writable(path, force)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=scratch or path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a document should be as readable as any file
        if not force and path.exists():  # appeared while we were writing
            raise OutputError("exists; use --force to overwrite", file=str(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
