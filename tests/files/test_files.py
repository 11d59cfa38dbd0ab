"""files: standard input read like a file and within a limit; outputs published atomically, and failed
writes reported against the output's name, in Chinese, with nothing left behind."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from speechkit import drafts, files, outline
from speechkit.errors import DocumentError, OutlineError, OutputError

SRC = Path(files.__file__).parents[1]


class Endless(io.RawIOBase):
    """``cat /dev/zero``: as many zero bytes as asked for, forever; counts what was read."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        buffer[:] = bytes(len(buffer))
        self.given += len(buffer)
        return len(buffer)


class FakeStdin:
    def __init__(self, raw) -> None:
        self.buffer = raw


def test_stdin_is_decoded_as_a_file_is(monkeypatch, tmp_path):
    raw = "kind: speech\n标题\n".encode() + b"\xff\xfe\n"
    (tmp_path / "a.yaml").write_bytes(raw)
    with pytest.raises(OutlineError) as from_file:
        outline.read_text(str(tmp_path / "a.yaml"))
    monkeypatch.setattr(sys, "stdin", FakeStdin(io.BytesIO(raw)))
    with pytest.raises(OutlineError) as from_stdin:
        outline.read_text("-")
    assert str(from_stdin.value) == "<stdin>:3: 不是 UTF-8 文本（第 21 字节）；请另存为 UTF-8 编码"
    assert from_file.value.message == from_stdin.value.message and from_file.value.line == 3


def test_stdin_text_with_a_bom(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(io.BytesIO("\ufeffkind: speech\n".encode())))
    assert outline.read_text("-") == ("kind: speech\n", "<stdin>")


def test_a_text_stream_standing_in_for_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("kind: speech\n"))
    assert outline.read_text("-") == ("kind: speech\n", "<stdin>")


@pytest.mark.parametrize("read", ["outline", "draft"])
def test_endless_stdin_stops_at_the_limit(monkeypatch, read):
    monkeypatch.setattr(files, "_CHUNK", 1000)
    endless = Endless()
    monkeypatch.setattr(sys, "stdin", FakeStdin(io.BufferedReader(endless, 1000)))
    limit = files.MAX_TEXT_BYTES
    monkeypatch.setattr(files, "MAX_TEXT_BYTES", 10_000)
    monkeypatch.setattr(files.read_stdin, "__defaults__", (files.STDIN, 10_000, ""))
    if read == "outline":
        with pytest.raises(OutlineError, match=r"^<stdin>: 超过 0 MB；请检查输入是否有误"):
            outline.read_text("-")
    else:
        with pytest.raises(DocumentError, match=f"^-: 大于 {limit // 2**20} MB，不能作为文本文稿读取"):
            drafts.read_bytes("-")
    assert endless.given <= 12_000


def test_stdin_within_the_limit_is_read_whole(monkeypatch):
    data = bytes(range(256)) * 5000  # 1.2 MB: more than one chunk
    monkeypatch.setattr(sys, "stdin", FakeStdin(io.BytesIO(data)))
    assert drafts.read_bytes("-") == data
    monkeypatch.setattr(sys, "stdin", FakeStdin(io.BytesIO(b"x" * 10)))
    assert files.read_stdin(DocumentError, "-", limit=10) == b"x" * 10
    monkeypatch.setattr(sys, "stdin", FakeStdin(io.BytesIO(b"x" * 11)))
    with pytest.raises(DocumentError):
        files.read_stdin(DocumentError, "-", limit=10)


def test_no_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(OutlineError, match="^<stdin>: 没有标准输入"):
        outline.read_text("-")


# Publishing.

def test_a_file_that_appears_while_writing_is_not_replaced(tmp_path, monkeypatch):
    target = tmp_path / "a.docx"
    real = os.write

    def other_run_wins(fd, data):
        target.write_bytes(b"theirs")  # another speechkit run, between our check and our move
        return real(fd, data)

    monkeypatch.setattr(os, "write", other_run_wins)
    with pytest.raises(OutputError) as caught:
        files.write_atomic(target, b"ours")
    assert str(caught.value) == f"{target}: 已存在；如需覆盖，请加 --force"
    assert target.read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]


def test_force_replaces(tmp_path):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")
    files.write_atomic(target, b"new", force=True)
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["a.docx"]


def test_a_dangling_link_is_not_written_through(tmp_path, monkeypatch):
    target = tmp_path / "a.docx"
    monkeypatch.setattr(files, "check_writable", lambda path, force: None)  # as if it appeared just now
    target.symlink_to(tmp_path / "elsewhere.docx")
    with pytest.raises(OutputError, match="已存在"):
        files.write_atomic(target, b"ours")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"] and target.is_symlink()


@pytest.mark.parametrize("code", [errno.EPERM, errno.ENOTSUP, errno.EXDEV])
def test_without_hard_links_the_file_is_moved(tmp_path, monkeypatch, code):
    def no_links(src, dst, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "link", no_links)
    files.write_atomic(tmp_path / "a.docx", b"new")
    assert (tmp_path / "a.docx").read_bytes() == b"new" and len(list(tmp_path.iterdir())) == 1
    real = os.write

    def appears(fd, data):
        (tmp_path / "b.docx").write_bytes(b"theirs")
        return real(fd, data)

    monkeypatch.setattr(os, "write", appears)
    with pytest.raises(OutputError, match="已存在；如需覆盖，请加 --force"):
        files.write_atomic(tmp_path / "b.docx", b"ours")
    assert (tmp_path / "b.docx").read_bytes() == b"theirs" and len(list(tmp_path.iterdir())) == 2


def test_another_link_error_is_reported_against_the_target(tmp_path, monkeypatch):
    def broken(src, dst, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "link", broken)
    with pytest.raises(OutputError, match=r"a\.docx: 无法写入：读写出错"):
        files.write_atomic(tmp_path / "a.docx", b"new")
    assert list(tmp_path.iterdir()) == []


# Failed writes.

def _full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "write", _full_disk)
    with pytest.raises(OutputError) as caught:
        files.write_atomic(tmp_path / "讲话.docx", b"x" * 100)
    assert str(caught.value) == f"{tmp_path / '讲话.docx'}: 无法写入：磁盘空间不足；请清理磁盘后重试"
    assert ".tmp" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_in_the_scratch_folder_names_the_output(tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(os, "write", _full_disk)
    with pytest.raises(OutputError, match=r"^.*out\.docx: 无法写入：磁盘空间不足"):
        files.write_atomic(tmp_path / "out.docx", b"x", scratch=scratch)
    assert list(scratch.iterdir()) == [] and [p.name for p in tmp_path.iterdir()] == ["scratch"]


class FullOnClose:
    """A file object whose buffered bytes meet a full disk when it is closed."""

    def __init__(self, fh) -> None:
        self.fh = fh

    def write(self, data):
        return self.fh.write(data)

    def close(self):
        self.fh.close()
        _full_disk()


def test_a_streamed_file_on_a_full_disk(tmp_path):
    out = files.AtomicFile(tmp_path / "r.csv", force=False, mode="w", encoding="utf-8")
    out.fh = FullOnClose(out.fh)
    out.fh.write("row,status\n")
    with pytest.raises(OutputError, match=r"r\.csv: 无法写入：磁盘空间不足"):
        out.commit()
    assert list(tmp_path.iterdir()) == []
    dropped = files.AtomicFile(tmp_path / "r.csv", force=False)
    dropped.fh = FullOnClose(dropped.fh)
    dropped.discard()  # the bytes were not wanted: no error, no file
    assert list(tmp_path.iterdir()) == []


def _read_only(folder: Path, monkeypatch) -> None:
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):  # root writes anyway: make the system refuse as it would anyone else
        real = os.open

        def refused(path, flags, *args, **kwargs):
            if str(path).startswith(str(folder)) and flags & os.O_CREAT:
                raise PermissionError(errno.EACCES, "Permission denied", path)
            return real(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refused)


def test_a_read_only_folder(tmp_path, monkeypatch):
    folder = tmp_path / "只读"
    folder.mkdir()
    _read_only(folder, monkeypatch)
    try:
        with pytest.raises(OutputError) as caught:
            files.write_atomic(folder / "讲话.docx", b"x")
        with pytest.raises(OutputError) as streamed:
            files.AtomicFile(folder / "r.csv", force=False)
    finally:
        folder.chmod(0o755)
    assert str(caught.value) == f"{folder / '讲话.docx'}: 无法写入：没有权限；请检查文件夹的权限，或换一个文件夹"
    assert str(streamed.value).startswith(f"{folder / 'r.csv'}: 无法写入：没有权限")
    assert list(folder.iterdir()) == []


def test_render_into_a_read_only_folder(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into a read-only folder; the unit test above covers it")
    from tests.badinput.generators import speech_with

    (tmp_path / "讲话.yaml").write_bytes(speech_with("kind", "speech"))
    (tmp_path / "out").mkdir(mode=0o555)
    try:
        result = subprocess.run([sys.executable, "-m", "speechkit", "render", "讲话.yaml", "-o", "out/讲话.docx"],
                                cwd=tmp_path, capture_output=True, env=_env())
    finally:
        (tmp_path / "out").chmod(0o755)
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert stderr.strip() == "speechkit: 错误：out/讲话.docx: 无法写入：没有权限；请检查文件夹的权限，或换一个文件夹"
    assert list((tmp_path / "out").iterdir()) == []


def _env() -> dict[str, str]:
    return {**os.environ, "SPEECHKIT_LANG": "zh", "PYTHONPATH": f"{SRC}{os.pathsep}{os.getcwd()}"}


# SIGTERM.

CHILD = textwrap.dedent("""
    import os, sys, time
    from speechkit import cli

    real = os.write

    def paused(fd, data):
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".tmp"):  # our temporary file, half written
            real(fd, data[:10])
            print("writing", flush=True)
            time.sleep(60)
        return real(fd, data)

    os.write = paused
    sys.argv = ["speechkit", "render", "讲话.yaml", "-o", "讲话.docx"]
    cli.main()
""")


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_sigterm_removes_the_temporary_file(tmp_path):
    import signal

    from tests.badinput.generators import speech_with

    (tmp_path / "讲话.yaml").write_bytes(speech_with("kind", "speech"))
    child = subprocess.Popen([sys.executable, "-c", CHILD], cwd=tmp_path, env=_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stdout is not None and child.stdout.readline() == b"writing\n"
        assert any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=30) == 143
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert [p.name for p in tmp_path.iterdir()] == ["讲话.yaml"]


def test_without_force_the_file_is_published_by_a_link_never_moved_over(tmp_path, monkeypatch):
    # Checking and then moving leaves a moment in which another run's file is replaced; a link cannot.
    def replace(src, dst):
        raise AssertionError("os.replace without --force")

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os.path, "lexists", lambda path: False)  # the check sees nothing: the link must refuse
    (tmp_path / "a.docx").write_bytes(b"theirs")
    monkeypatch.setattr(files, "check_writable", lambda path, force: None)
    with pytest.raises(OutputError, match="已存在；如需覆盖，请加 --force"):
        files.write_atomic(tmp_path / "a.docx", b"ours")
    assert (tmp_path / "a.docx").read_bytes() == b"theirs" and len(list(tmp_path.iterdir())) == 1
    files.write_atomic(tmp_path / "b.docx", b"ours")
    assert (tmp_path / "b.docx").read_bytes() == b"ours" and len(list(tmp_path.iterdir())) == 2
