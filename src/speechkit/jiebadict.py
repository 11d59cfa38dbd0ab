"""jieba's dictionary, loaded one first character at a time.

``jieba.initialize()`` unmarshals its whole prefix dictionary (about 500,000 entries, 0.6–0.9 s)
before it can cut a single word. Confirming a handful of candidates needs only the entries that
start with the characters of the runs around them. So the first time, we initialise jieba the
ordinary way and store its dictionary (``FREQ``, exactly as jieba built it, prefixes included)
grouped by first character in a cache file; afterwards a tokenizer starts with an empty ``FREQ``,
the true ``total``, and the buckets for a run's characters are merged in before the run is cut.

Every dictionary key that jieba looks up while cutting a run is a substring of that run, so it
starts with one of the run's characters: the segmentation is jieba's own code working on the same
entries, hence the same tokens (tests/lint/test_segment.py checks it against a fully initialised
jieba). User words are added with jieba's own ``add_word`` after their first character's bucket is
in, so its prefix bookkeeping sees what it would see in a full dictionary.

The cache is keyed by jieba's version and its dictionary file (size and mtime); it is written
atomically, and any problem with it falls back to jieba's ordinary loading.
"""

from __future__ import annotations

import importlib.util
import marshal
import os
import struct
import sys
from pathlib import Path

from .files import AtomicFile, cache_dir

FORMAT = 1
_HEAD = struct.Struct("<Q")


KEEP = 2  # bucket files kept for other jieba installations; each is about 9.5 MB


def installation() -> tuple | None:
    """Which jieba would segment (its code and dictionary files, by size and time), found without
    importing it; None when there is none. Not the files' paths: every virtual environment has its
    own copy of the same jieba, and they should share what is cached from it."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        return None
    code = Path(spec.origin)
    try:
        files = [(f.stat().st_size, f.stat().st_mtime_ns) for f in (code, code.with_name("dict.txt"))]
    except OSError:
        return None
    return (sys.version_info[:2], marshal.version, *files)


def _cache_path(key: tuple) -> Path:
    import hashlib

    digest = hashlib.sha1(repr(key).encode("utf-8")).hexdigest()[:16]
    return cache_dir() / f"jieba-buckets-{digest}.bin"


class BucketStore:
    """Read access to a bucket file: ``total`` and the dictionary entries starting with a character."""

    def __init__(self, path: Path, total: int, index: dict[str, tuple[int, int]], body_offset: int) -> None:
        self.path = path
        self.total = total
        self.index = index
        self.body_offset = body_offset
        self._file = open(path, "rb")  # noqa: SIM115 - kept open for the life of the tokenizer

    @classmethod
    def open(cls, path: Path, key: tuple) -> BucketStore | None:
        try:
            with open(path, "rb") as fh:
                (size,) = _HEAD.unpack(fh.read(_HEAD.size))
                stored_key, total, index = marshal.loads(fh.read(size))
        except (OSError, EOFError, ValueError, TypeError, struct.error):
            return None
        if stored_key != key:
            return None
        try:
            os.utime(path)  # last used now: pruning keeps the files still in use
        except OSError:
            pass
        return cls(path, total, index, _HEAD.size + size)

    def bucket(self, ch: str) -> dict[str, int]:
        where = self.index.get(ch)
        if where is None:
            return {}
        offset, length = where
        self._file.seek(self.body_offset + offset)
        return marshal.loads(self._file.read(length))


def write_buckets(path: Path, key: tuple, freq: dict[str, int], total: int) -> None:
    """Group jieba's FREQ by first character and write it atomically."""
    groups: dict[str, dict[str, int]] = {}
    for word, count in freq.items():
        groups.setdefault(word[0], {})[word] = count
    index, blobs, offset = {}, [], 0
    for ch in sorted(groups):
        blob = marshal.dumps(groups[ch])
        index[ch] = (offset, len(blob))
        blobs.append(blob)
        offset += len(blob)
    head = marshal.dumps((key, total, index))
    path.parent.mkdir(parents=True, exist_ok=True)
    out = AtomicFile(path, force=True)
    try:
        out.fh.write(_HEAD.pack(len(head)))
        out.fh.write(head)
        for blob in blobs:
            out.fh.write(blob)
    except BaseException:
        out.discard()
        raise
    out.commit()
    _prune(path)


def _prune(current: Path) -> None:
    """Remove all but the KEEP most recently used bucket files besides ``current``."""
    others = []
    for other in current.parent.glob("jieba-buckets-*.bin"):
        if other != current:
            try:
                others.append((other.stat().st_mtime, other))
            except OSError:
                pass
    for _, other in sorted(others, reverse=True)[KEEP:]:
        try:
            other.unlink(missing_ok=True)
        except OSError:
            pass


class LazyTokenizer:
    """A jieba Tokenizer whose dictionary arrives bucket by bucket (or all at once as a fallback)."""

    def __init__(self, jieba) -> None:
        self.jieba = jieba
        self.tokenizer = jieba.Tokenizer()
        self.store: BucketStore | None = None
        self._loaded: set[str] = set()
        self._added: list[tuple[str, int, str | None]] = []  # replayed if the buckets fail us
        found = installation()
        key = (FORMAT, *found) if found else None
        try:
            self.store = BucketStore.open(_cache_path(key), key) if key else None
        except OSError:
            self.store = None
        if self.store is not None:
            self.tokenizer.FREQ = {}
            self.tokenizer.total = self.store.total
            self.tokenizer.initialized = True
            return
        self.tokenizer.initialize()  # jieba's ordinary way; then leave buckets for the next process
        if key is not None:
            try:
                write_buckets(_cache_path(key), key, self.tokenizer.FREQ, self.tokenizer.total)
            except OSError:
                pass

    @property
    def partial(self) -> bool:
        return self.store is not None

    def ensure(self, chars) -> None:
        """Merge in the buckets of ``chars`` not loaded yet."""
        if self.store is None:
            return
        freq = self.tokenizer.FREQ
        try:
            for ch in set(chars) - self._loaded:
                freq.update(self.store.bucket(ch))
                self._loaded.add(ch)
        except (OSError, EOFError, ValueError, TypeError):
            self._load_whole()

    def _load_whole(self) -> None:
        """A damaged bucket: start again from jieba's ordinary dictionary and replay the user words."""
        tokenizer = self.jieba.Tokenizer()
        tokenizer.initialize()
        for word, freq, tag in self._added:
            tokenizer.add_word(word, freq, tag)
        self.tokenizer, self.store = tokenizer, None

    def knows(self, word: str) -> bool:
        self.ensure(word[:1])
        return bool(self.tokenizer.FREQ.get(word))

    def add_word(self, word: str, freq: int, tag: str | None = None) -> None:
        self.ensure(word[:1])  # every prefix of ``word`` starts with its first character
        self.tokenizer.add_word(word, freq, tag)
        self._added.append((word, freq, tag))

    def cut(self, text: str, hmm: bool):
        self.ensure(text)
        return self.tokenizer.cut(text, HMM=hmm)
