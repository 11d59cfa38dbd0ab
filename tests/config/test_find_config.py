"""Which speechkit.yaml applies: the current folder's, else the nearest one above it up to the
filesystem root (as ruff and pre-commit look for theirs), else the user's own; none means defaults."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from speechkit import config
from speechkit.cli import cli
from speechkit.config import CONFIG_NAME, ConfigError, find_config, read_section

SPEC = {"select": "strings", "ignore": "strings", "terms": "strings"}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def above_is_clean(folder: Path) -> bool:
    """No speechkit.yaml in a folder above the test's own (the machine's /tmp is not ours to tidy)."""
    return not any((parent / CONFIG_NAME).exists() for parent in folder.resolve().parents)


@pytest.fixture
def project(tmp_path):
    """project/speechkit.yaml and an empty folder two levels inside it."""
    root = tmp_path / "project"
    write(root / CONFIG_NAME, "lint:\n  select: [T]\n  terms: terms/local.yaml\n")
    inner = root / "drafts" / "2026"
    inner.mkdir(parents=True)
    return root, inner


def test_a_file_in_the_current_folder_is_named_as_before(tmp_path, monkeypatch):
    write(tmp_path / CONFIG_NAME, "lint:\n  select: T\n")
    monkeypatch.chdir(tmp_path)
    assert find_config() == Path(CONFIG_NAME)
    section = read_section("lint", SPEC)
    assert (section.data, section.file) == ({"select": ["T"]}, CONFIG_NAME)


def test_found_in_a_parent_folder(project, monkeypatch):
    root, inner = project
    monkeypatch.chdir(inner)
    assert find_config() == (root / CONFIG_NAME).resolve()
    section = read_section("lint", SPEC)
    assert section.data == {"select": ["T"], "terms": ["terms/local.yaml"]}
    # Relative paths in it are the project's, wherever in the project the command runs.
    assert section.base == root.resolve()
    assert find_config(inner) == (root / CONFIG_NAME).resolve()
    assert find_config(inner / ".." / "..") == inner / ".." / ".." / CONFIG_NAME


def test_the_nearest_file_wins_and_only_it_is_read(project, monkeypatch):
    root, inner = project
    # A broken file further up is never read once a nearer one is found.
    write(root.parent / CONFIG_NAME, "lint: [broken\n")
    write(root / "drafts" / CONFIG_NAME, "lint:\n  ignore: [T4]\n")
    monkeypatch.chdir(inner)
    assert find_config() == (root / "drafts" / CONFIG_NAME).resolve()
    assert read_section("lint", SPEC).data == {"ignore": ["T4"]}
    monkeypatch.chdir(root)
    assert read_section("lint", SPEC).data["select"] == ["T"]


def test_a_folder_named_speechkit_yaml_is_passed_over(project, monkeypatch):
    root, inner = project
    (inner / CONFIG_NAME).mkdir()
    monkeypatch.chdir(inner)
    assert find_config() == (root / CONFIG_NAME).resolve()


def test_the_user_file_is_the_fallback(tmp_path, monkeypatch, user_config_home):
    alone = tmp_path / "alone"
    alone.mkdir()
    if not above_is_clean(alone):
        pytest.skip("a speechkit.yaml above the test folder would be found first")
    user = write(tmp_path / "mine" / CONFIG_NAME, "lint:\n  ignore: [C1]\n")
    monkeypatch.setattr(config, "user_config_file", lambda: user)
    monkeypatch.chdir(alone)
    assert find_config() == user
    section = read_section("lint", SPEC)
    assert (section.data, section.file) == ({"ignore": ["C1"]}, str(user))


def test_a_project_file_beats_the_user_file(project, monkeypatch, tmp_path):
    root, inner = project
    user = write(tmp_path / "mine" / CONFIG_NAME, "lint:\n  ignore: [C1]\n")
    monkeypatch.setattr(config, "user_config_file", lambda: user)
    monkeypatch.chdir(inner)
    assert find_config() == (root / CONFIG_NAME).resolve()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_CONFIG_HOME is the Linux convention")
def test_the_user_file_lives_in_the_platform_config_folder(tmp_path, monkeypatch, user_config_home):
    assert config.user_config_file() == user_config_home / "speechkit" / CONFIG_NAME
    alone = tmp_path / "alone"
    alone.mkdir()
    if not above_is_clean(alone):
        pytest.skip("a speechkit.yaml above the test folder would be found first")
    monkeypatch.chdir(alone)
    assert find_config() is None
    user = write(user_config_home / "speechkit" / CONFIG_NAME, "lint:\n  select: [T1]\n")
    assert find_config() == user
    assert read_section("lint", SPEC).data == {"select": ["T1"]}


def test_no_file_anywhere_means_defaults(tmp_path, monkeypatch):
    alone = tmp_path / "alone"
    alone.mkdir()
    if not above_is_clean(alone):
        pytest.skip("a speechkit.yaml above the test folder would be found first")
    monkeypatch.chdir(alone)
    assert find_config() is None
    section = read_section("lint", SPEC)
    assert (section.data, section.file, section.base) == ({}, None, alone.resolve())


def test_an_explicit_path_is_read_without_any_search(project, tmp_path):
    root, _ = project
    other = write(tmp_path / "other.yaml", "lint:\n  select: [C]\n")
    assert read_section("lint", SPEC, other).data == {"select": ["C"]}
    with pytest.raises(ConfigError) as caught:
        read_section("lint", SPEC, tmp_path / "nowhere.yaml")
    assert str(caught.value) == f"{tmp_path / 'nowhere.yaml'}: 文件不存在；请检查路径"


# --- a malformed file: one located line, in Chinese ---------------------------------------------


@pytest.mark.parametrize(("text", "line", "message"), [
    ("- lint\n- templates\n", 1, "应由若干设置节组成（如 lint:、templates:），实际是列表（2 项）"),
    ("lint: 3\n", 1, "lint: lint 节应为「键: 值」形式的设置，实际是整数 3"),
    ("lint:\n  selct: [T]\n", 2, "lint.selct: 未知设置「selct」（可用的设置：ignore、select、terms）；请检查拼写"),
    ("lint:\n  select: 3\n", 2, "lint.select: 应为一段文字或文字列表，实际是整数 3"),
    ("lint:\n  select: {T: 1}\n", 2, "lint.select: 应为一段文字或文字列表，实际是「键: 值」映射"),
])
def test_a_malformed_file_in_a_parent_folder_is_one_located_chinese_line(tmp_path, monkeypatch, text, line, message):
    path = write(tmp_path / "project" / CONFIG_NAME, text)
    inner = tmp_path / "project" / "drafts"
    inner.mkdir()
    monkeypatch.chdir(inner)
    with pytest.raises(ConfigError) as caught:
        read_section("lint", SPEC)
    assert str(caught.value) == f"{path.resolve()}:{line}: {message}"


@pytest.mark.parametrize(("kind", "value", "found"), [
    ("int", "mine", "文字「mine」"),
    ("str", "3", "整数 3"),
    ("bool", "yes please", "文字「yes please」"),
    ("int", "true", "布尔值 true"),
    ("list", "~", "空值"),
    ("mapping", "[a, b]", "列表（2 项）"),
    ("str", "[一二三四五六七八九十一二三四五六七八九十多出来的字]", "列表（1 项）"),
    ("int", "一二三四五六七八九十一二三四五六七八九十多出来的字", "文字「一二三四五六七八九十一二三四五六七八九十…」"),
])
def test_a_setting_of_the_wrong_type_says_what_it_found(tmp_path, kind, value, found):
    path = write(tmp_path / CONFIG_NAME, f"templates:\n  folder: {value}\n")
    with pytest.raises(ConfigError) as caught:
        read_section("templates", {"folder": kind}, path)
    want = config.KIND_NAMES[kind]
    assert str(caught.value) == f"{path}:2: templates.folder: 应为{want}，实际是{found}"


def test_a_non_utf8_file_names_the_byte_counted_from_one(tmp_path):
    path = tmp_path / CONFIG_NAME
    path.write_bytes("lint:\n  select: [招商办]\n".encode("gbk"))
    with pytest.raises(ConfigError) as caught:
        read_section("lint", SPEC, path)
    # "lint:\n  select: [" is 17 bytes; the 18th is the first GBK byte.
    assert str(caught.value) == f"{path}:2: 不是 UTF-8 文本（第 18 字节）；请另存为 UTF-8 编码"
    path.write_bytes(b"\xef\xbb\xbf" + "lint:\n  select: [招商办]\n".encode("gbk"))
    with pytest.raises(ConfigError) as caught:
        read_section("lint", SPEC, path)
    assert str(caught.value) == f"{path}:2: 不是 UTF-8 文本（第 21 字节）；请另存为 UTF-8 编码"  # the BOM counts


def test_yaml_syntax_errors_are_located_in_the_found_file(tmp_path, monkeypatch):
    path = write(tmp_path / "project" / CONFIG_NAME, "lint:\n  select: [T\n")
    inner = tmp_path / "project" / "drafts"
    inner.mkdir()
    monkeypatch.chdir(inner)
    with pytest.raises(ConfigError) as caught:
        read_section("lint", SPEC)
    assert str(caught.value).startswith(f"{path.resolve()}:2: YAML 格式错误：")


def test_the_command_line_uses_the_project_file_from_a_subfolder(tmp_path, monkeypatch):
    root = tmp_path / "project"
    write(root / CONFIG_NAME, "lint:\n  selct: [T]\n")
    draft = write(root / "drafts" / "a.txt", "正文。\n")
    monkeypatch.chdir(draft.parent)
    result = CliRunner().invoke(cli, ["lint", "a.txt"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"speechkit: 错误：{(root / CONFIG_NAME).resolve()}:2: lint.selct: 未知设置「selct」"
        "（可用的设置：ignore、select、terms）；请检查拼写"]
    # --config names the file itself: nothing is searched for.
    good = write(tmp_path / "good.yaml", "lint:\n  select: [T]\n")
    assert CliRunner().invoke(cli, ["lint", "--config", str(good), "a.txt"]).exit_code == 0
