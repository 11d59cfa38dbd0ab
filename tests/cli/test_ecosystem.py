"""The habits of the ecosystem: docs from the installed package, shell completion, the JSON Schema of
lint's output, --config on every command that reads speechkit.yaml, and the pre-commit hooks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from speechkit.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "src/speechkit/schemas/lint-output.schema.json").read_text(encoding="utf-8"))


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, prog_name="speechkit", catch_exceptions=False)


def test_docs_lists_the_topics_and_prints_one():
    listing = invoke("docs")
    assert listing.exit_code == 0
    names = [line.split()[0] for line in listing.output.splitlines()]
    assert {"lint", "batch", "layout", "outline", "schema"} <= set(names)
    lint = invoke("docs", "lint")
    assert lint.exit_code == 0
    assert lint.output == (ROOT / "docs/lint.md").read_text(encoding="utf-8")
    assert json.loads(invoke("docs", "schema").output) == SCHEMA


def test_an_unknown_topic_names_the_topics():
    result = invoke("docs", "nope")
    assert result.exit_code == 2
    assert "没有说明文档「nope」（可选：" in result.output and "lint" in result.output


def test_the_help_points_to_docs_that_exist():
    """Every `speechkit docs X` the help mentions is a topic."""
    topics = {line.split()[0] for line in invoke("docs").output.splitlines()}
    import re

    for name in cli.commands:
        text = invoke(name, "-h").output
        for topic in re.findall(r"speechkit docs (\w+)", text):
            assert topic in topics, (name, topic)


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o"), ("zsh", "compdef"), ("fish", "complete")])
def test_completion_scripts(shell, marker):
    result = invoke("completion", shell)
    assert result.exit_code == 0
    assert marker in result.output and "_SPEECHKIT_COMPLETE" in result.output


def test_completion_really_completes_a_command_name():
    env = {**os.environ, "_SPEECHKIT_COMPLETE": "bash_complete", "COMP_WORDS": "speechkit li", "COMP_CWORD": "1"}
    out = subprocess.run([sys.executable, "-c", "from speechkit.cli import main; main()"], env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0
    assert "plain,lint" in out.stdout.splitlines()


def lint_json(*args: str, input: str | None = None) -> dict:
    result = invoke("lint", "--format", "json", *args, input=input)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_real_lint_output_fits_the_schema(examples, tmp_path):
    validator = jsonschema.Draft202012Validator(SCHEMA)
    traditional = tmp_path / "繁體.txt"
    traditional.write_text("關於進一步加強安全生產工作的通知\n各單位要認真貫徹落實。\n", encoding="utf-8")
    outputs = [
        lint_json(str(examples / "flawed-draft.txt")),
        lint_json(str(examples / "flawed-draft.txt"), str(examples / "legacy-speech.txt")),
        lint_json(str(traditional)),
        lint_json("-", input="县工商局开展检查,时间为2024年3月.\n"),
        lint_json("-", input="县市场监督管理局开展检查。\n"),
    ]
    for out in outputs:
        validator.validate(out)
    assert any(f["fix"] and f["fix"]["safe"] for f in outputs[0]["findings"])
    assert any("detail" in f for f in outputs[2]["findings"])
    assert outputs[4]["findings"] == []


def test_check_format_output_fits_the_schema(examples, tmp_path):
    docx = tmp_path / "讲话.docx"
    assert invoke("render", str(examples / "speech.yaml"), "-o", str(docx)).exit_code == 0
    from docx import Document

    document = Document(str(docx))
    document.sections[0].left_margin = document.sections[0].left_margin + 100000  # a departure to report
    document.save(str(docx))
    result = invoke("check-format", "--format", "json", str(docx))
    out = json.loads(result.output)
    jsonschema.Draft202012Validator(SCHEMA).validate(out)
    assert out["findings"]


def test_config_option_is_read_by_every_command_that_reads_speechkit_yaml(tmp_path, monkeypatch, examples):
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "我的模板" / "speech"
    mine.mkdir(parents=True)
    builtin = ROOT / "templates" / "speech"
    for name in ("template.j2", "starter.yaml", "meta.yaml"):
        if (builtin / name).exists():
            shutil.copy(builtin / name, mine / name)
    settings = tmp_path / "设置" / "office.yaml"
    settings.parent.mkdir()
    settings.write_text("templates:\n  dirs: [../我的模板]\n", encoding="utf-8")
    listing = invoke("templates", "--config", str(settings))
    assert "我的模板" in listing.output
    # The option is eager: given after --templates it still decides where the folders come from.
    wrong = tmp_path / "错.yaml"
    wrong.write_text("templates:\n  dirs: [没有这个文件夹]\n", encoding="utf-8")
    for command in (["templates"], ["new", "speech"], ["render", str(examples / "speech.yaml"), "-o", "x.docx"],
                    ["batch", "a.yaml", "b.csv", "-o", "out"], ["preview", "a.yaml", "-o", "out"]):
        result = invoke(*command, "--templates", str(tmp_path / "我的模板"), "--config", str(wrong))
        assert result.exit_code == 2, command
        assert "错.yaml:2:" in result.output and "没有这个文件夹" in result.output, command


def test_the_pre_commit_hooks_file_names_real_commands():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["speechkit-lint", "speechkit-fix"]
    for hook in hooks:
        command = hook["entry"].split()
        assert command[0] == "speechkit" and command[1] in cli.commands
        assert hook["language"] == "python"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_pre_commit_runs_the_hooks_in_a_throwaway_repository(tmp_path):
    """pre-commit itself installs speechkit from a clone of this checkout and runs both hooks."""
    pytest.importorskip("pre_commit")
    source = tmp_path / "speechkit"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(source)], check=True)
    # The hooks as they are in the working tree (they may be uncommitted while developing).
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", source / ".pre-commit-hooks.yaml")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "-C", str(source), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(source), "commit", "-q", "--allow-empty", "-m", "hooks"], check=True)
    rev = subprocess.run(["git", "-C", str(source), "rev-parse", "HEAD"], capture_output=True, text=True,
                         check=True).stdout.strip()
    repo = tmp_path / "drafts"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source}\n    rev: {rev}\n    hooks:\n      - id: speechkit-lint\n", encoding="utf-8")
    (repo / "通知.txt").write_text("县工商局开展检查,时间为2024年3月.\n", encoding="utf-8")
    subprocess.run([*git, "-C", str(repo), "add", "-A"], check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    run = [sys.executable, "-m", "pre_commit", "run", "--all-files"]
    failed = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "T206" in failed.stdout and "P101" in failed.stdout
    # The fixing hook changes the file (pre-commit reports that as a failure), then lint passes the safe part.
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source}\n    rev: {rev}\n    hooks:\n      - id: speechkit-fix\n", encoding="utf-8")
    fixed = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True)
    assert fixed.returncode == 1
    assert (repo / "通知.txt").read_text(encoding="utf-8") == "县工商局开展检查，时间为2024年3月。\n"
