"""Title line breaks: jieba's word ends are remembered between runs, and a bad memory costs nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from speechkit import jiebadict, titles

TITLE = "关于开展2026年度项目支出绩效自评工作的通知"
LINES = ("关于开展2026年度项目", "支出绩效自评工作的通知")

BREAK = (
    "import sys\n"
    "from speechkit.titles import break_title\n"
    f"print('|'.join(break_title({TITLE!r})), 'jieba' in sys.modules)\n"
)


def run_break(cache) -> tuple[str, str]:
    env = {"XDG_CACHE_HOME": str(cache), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", BREAK], capture_output=True, text=True, env=env, check=True)
    lines, jieba_loaded = done.stdout.split()
    return lines, jieba_loaded


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """This process's titles module with an empty cache folder and no remembered titles."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(titles, "_KNOWN", titles._KnownTitles())
    titles.break_title.cache_clear()
    yield tmp_path / "speechkit" / "title-words.bin"
    titles.break_title.cache_clear()


def test_a_title_seen_before_needs_no_jieba(tmp_path):
    assert run_break(tmp_path) == ("|".join(LINES), "True")
    assert (tmp_path / "speechkit" / "title-words.bin").exists()
    assert run_break(tmp_path) == ("|".join(LINES), "False")


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", None])
def test_a_damaged_or_foreign_cache_is_ignored_and_replaced(fresh, damage):
    import marshal

    fresh.parent.mkdir(parents=True)
    if damage is None:  # written by another jieba: same title, wrong answer, other key
        fresh.write_bytes(marshal.dumps((("another jieba",), {TITLE: (3, 9)})))
    else:
        fresh.write_bytes(damage)
    assert titles.break_title(TITLE) == LINES
    key, known = marshal.loads(fresh.read_bytes())
    assert key == jiebadict.installation() and TITLE in known


def test_the_cache_keeps_the_newest_titles(fresh, monkeypatch):
    monkeypatch.setattr(titles._KnownTitles, "LIMIT", 3)
    for i in range(5):
        titles.break_title(f"关于做好第{i}批城镇老旧小区改造项目验收工作的通知")
    import marshal

    _, known = marshal.loads(fresh.read_bytes())
    assert [t[5] for t in known] == ["2", "3", "4"]


def test_no_cache_folder_is_no_error(monkeypatch, tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(titles, "_KNOWN", titles._KnownTitles())
    titles.break_title.cache_clear()
    try:
        assert titles.break_title(TITLE) == LINES
    finally:
        titles.break_title.cache_clear()
