"""Outline loading: typed model, shape rules, and one located error for every kind of bad input."""

from __future__ import annotations

import re

import pytest
import yaml

from speechkit import OutlineError, load_outline
from tests.conftest import EXAMPLES

SPEECH = (EXAMPLES / "speech.yaml").read_text(encoding="utf-8")


def _data() -> dict:
    return yaml.safe_load(SPEECH)


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _error(write, text: str) -> OutlineError:
    path = write("speech.yaml", text)
    with pytest.raises(OutlineError) as info:
        load_outline(str(path))
    return info.value


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_example_loads_as_typed_model():
    outline = load_outline(str(EXAMPLES / "speech.yaml"))
    assert outline.kind == "speech"
    model = outline.model
    assert len(model.points) == 3 and all(len(p.subpoints) == 4 for p in model.points)
    assert model.date.isoformat() == "2026-03-16"
    assert model.salutation == "同志们："
    assert model.context()["transition"] == "下面，我讲三点意见："


def test_wrong_shape_names_file_line_and_path(write):
    data = _data()
    del data["points"][2]["subpoints"][3]
    text = _dump(data)
    error = _error(write, text)
    # The line is where points[2].subpoints starts in the file.
    lines = [i for i, line in enumerate(text.splitlines(), 1) if line.strip() == "subpoints:"]
    assert str(error).endswith(f"speech.yaml:{lines[2]}: points[2].subpoints: expected 4 sub-points, found 3")


def test_wrong_point_count(write):
    data = _data()
    data["points"].append(data["points"][0])
    error = _error(write, _dump(data))
    assert "points: expected 3 points, found 4" in str(error)


def test_options_relax_the_shape_and_transition_follows_count(write):
    data = _data()
    data["points"] = data["points"] + data["points"][:2]
    data["points"][4]["subpoints"] = data["points"][4]["subpoints"][:2]
    data["options"] = {"points": 5, "subpoints": "any"}
    path = write("five.yaml", _dump(data))
    outline = load_outline(str(path))
    assert outline.model.context()["transition"] == "下面，我讲五点意见："


def test_two_points_say_liang(write):
    data = _data()
    data["points"] = data["points"][:2]
    data["options"] = {"points": 2}
    outline = load_outline(str(write("two.yaml", _dump(data))))
    assert outline.model.context()["transition"] == "下面，我讲两点意见："


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace("speaker:", "spekaer:"), r"spekaer: unknown key 'spekaer'"),
        (lambda t: t.replace("date: 2026-03-16", "date: 2026-02-30"), r"date: 2026-02-30 is not a real date"),
        (lambda t: t.replace("date: 2026-03-16", "date: 下周一"), r"date: '下周一' is not a date"),
        (lambda t: t.replace("title: ", "title: [a, b] #"), r"title: expected text, found a list"),
        (lambda t: re.sub(r"^speaker:.*\n", "", t, flags=re.M), r"missing required field 'speaker'"),
        (lambda t: t.replace("kind: speech", "kind: spech"), r"kind: unknown kind 'spech'"),
        (lambda t: t.replace("title: ", 'title: "\\x07', 1).replace("改造提升\n", "改造提升\"\n", 1),
         r"title: control character U\+0007"),
        (lambda t: t.replace("要认识到这是践行为民宗旨的具体行动。", "要认识到这是践行为民宗旨的具体行动"),
         r"points\[0\].subpoints\[0\].lead: a lead sentence ends with 。"),
        (lambda t: t.replace("options:", "options:") + "options:\n  points: -1\n", r"options.points: expected a whole"),
    ],
)
def test_bad_input_is_one_located_line(write, edit, expected):
    error = _error(write, edit(SPEECH))
    message = str(error)
    assert "\n" not in message
    assert message.startswith(str(write("speech.yaml", "x").parent / "speech.yaml"))
    assert re.search(expected, message), message
    assert error.line is not None


def test_yaml_syntax_error_has_line(write):
    text = SPEECH.replace("speaker: 区长", "speaker: [区长", 1)
    error = _error(write, text)
    assert "YAML syntax error" in str(error) and error.line is not None


def test_unknown_key_points_to_its_line(write):
    text = SPEECH.replace("    subpoints:\n", "    subpionts:\n", 1)
    error = _error(write, text)
    assert "points[0]" in str(error) and "subpionts" in str(error)
    assert error.line == _line_of(text, "subpionts")


def test_alias_bomb_is_refused(write):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 9):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]\n"
    error = _error(write, "kind: speech\n" + bomb)
    assert "more than" in str(error)


def test_custom_tags_are_refused(write):
    error = _error(write, "kind: speech\ntitle: !!python/object:os.system ls\n")
    assert "unsupported YAML tag" in str(error) or "YAML" in str(error)


def test_empty_file(write):
    error = _error(write, "# nothing\n")
    assert "empty" in str(error)


def test_not_utf8(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("kind: speech\ntitle: 标题\n".encode("gb18030"))
    with pytest.raises(OutlineError, match="不是 UTF-8 文本（第 21 字节）"):
        load_outline(str(path))


def test_paragraph_that_looks_like_a_heading_is_refused(write):
    text = SPEECH.replace("  - 今天，我们召开", "  - 一、今天，我们召开", 1)
    error = _error(write, text)
    assert "opening[0]" in str(error) and "heading level" in str(error)


def test_full_width_colon_after_a_key_is_named_on_its_line(write):
    text = SPEECH.replace("speaker: 区长", "speaker：区长", 1)
    error = _error(write, text)
    assert error.line == _line_of(text, "speaker：")
    assert "full-width colon after 'speaker'" in str(error)
