"""The bad-input corpus: every input a careless or hostile user can give gets one located Chinese line,
exit status 2 (1 for findings or failed rows), no traceback, and leaves nothing behind.

Each case is a mapping in ``cases/*.yaml``:

``id``       a short name; ``command`` the speechkit arguments; ``files`` what the folder holds first
(name → text, or ``{generate: NAME, args: {...}}`` from generators.py, or ``{bytes: "hex"}``);
``stdin`` the same for standard input; ``exit`` the status (default 2); ``line`` a regular expression
the one line on stderr must match; ``leaves`` the files that may be new afterwards (default: none).

Every case runs in a child process under a 1 GiB address-space limit and a time limit, so that a
memory bomb or a hang fails its case instead of taking the machine.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.badinput import generators

HERE = Path(__file__).parent
MEMORY = 1 << 30
SECONDS = 120


def load_cases() -> list[dict]:
    cases = []
    for path in sorted((HERE / "cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            case["family"] = path.stem
            cases.append(case)
    return cases


CASES = load_cases()


def content(spec) -> bytes:
    if isinstance(spec, str):
        return spec.encode("utf-8")
    if "generate" in spec:
        return getattr(generators, spec["generate"])(**spec.get("args", {}))
    if "bytes" in spec:
        return bytes.fromhex(spec["bytes"])
    raise ValueError(spec)


def _limit() -> None:  # in the child, before exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_the_corpus_is_large_and_its_ids_unique():
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 12


@pytest.mark.parametrize("case", CASES, ids=[f"{c['family']}-{c['id']}" for c in CASES])
def test_bad_input(case, tmp_path):
    for name, spec in (case.get("files") or {}).items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content(spec))
    before = tree(tmp_path)
    stdin = content(case["stdin"]) if "stdin" in case else b""
    env = {**os.environ, "SPEECHKIT_LANG": "zh", "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-m", "speechkit", *case["command"]], cwd=tmp_path, input=stdin,
                            capture_output=True, timeout=SECONDS, env=env, preexec_fn=_limit)
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr[-3000:]
    assert result.returncode == case.get("exit", 2), stderr[-3000:]
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr[-3000:]
    assert len(lines[0]) < 600, "a message quotes too much of the input"
    assert re.search(case["line"], lines[0]), lines[0]
    left = tree(tmp_path) - before - set(case.get("leaves", []))
    assert left == set(), f"left behind: {sorted(left)}"
