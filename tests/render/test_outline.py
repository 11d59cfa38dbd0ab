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
    assert str(error).endswith(f"speech.yaml:{lines[2]}: points[2].subpoints: 应有 4 个小点，实有 3 个"
                               "（如需改变结构，请设置 options.subpoints）")


def test_wrong_point_count(write):
    data = _data()
    data["points"].append(data["points"][0])
    error = _error(write, _dump(data))
    assert "points: 应有 3 点意见，实有 4 点（如需改变结构，请设置 options.points）" in str(error)


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
        (lambda t: t.replace("speaker:", "spekaer:"),
         r"spekaer: 未知的键「spekaer」（此处可用：kind、title、speaker、"),
        (lambda t: t.replace("date: 2026-03-16", "date: 2026-02-30"), r"date: 日期 2026-02-30 不存在；请核对年月日$"),
        (lambda t: t.replace("date: 2026-03-16", "date: 下周一"),
         r"date: 「下周一」不是日期；请写成 2026-03-05 或 2026年3月5日$"),
        (lambda t: t.replace("title: ", "title: [a, b] #"), r"title: 应为一段文字，却是列表$"),
        (lambda t: re.sub(r"^speaker:.*\n", "", t, flags=re.M), r"缺少必填字段「speaker」$"),
        (lambda t: t.replace("kind: speech", "kind: spech"),
         r"kind: 未知的文种「spech」（可选：decision、notice、plan、speech"),
        (lambda t: t.replace("title: ", 'title: "\\x07', 1).replace("改造提升\n", "改造提升\"\n", 1),
         r"title: 文字中有控制字符 U\+0007；请删除它$"),
        (lambda t: t.replace("要认识到这是践行为民宗旨的具体行动。", "要认识到这是践行为民宗旨的具体行动"),
         r"points\[0\].subpoints\[0\].lead: 引句应以「。」「！」或「？」结尾：「.+具体行动」$"),
        (lambda t: t.replace("options:", "options:") + "options:\n  points: -1\n",
         r"options.points: 应为不小于 1 的整数或 any，却是「-1」$"),
        (lambda t: t.replace("date: 2026-03-16", "date: [2026]"), r"date: 应为日期，却是列表$"),
        (lambda t: t + "options:\n  date_first: 是\n", r"options.date_first: 应为 true 或 false，却是「是」$"),
        (lambda t: t + "options:\n  date_style: roman\n",
         r"options.date_style: 应为 arabic、chinese 之一，却是「roman」$"),
        (lambda t: t + "options: 3\n", r"options: 应为若干字段（键: 值），却是「3」$"),
        (lambda t: t.replace("points:\n", "points: 3\nunplaced:\n", 1), r"points: 应为列表，却是「3」$"),
        (lambda t: t + "kind: plan\n", r"speech.yaml:\d+: 键「kind」重复出现；请删去其中一个$"),
        (lambda t: t + "transition: |\n  下面，\n  我讲三点\n",
         r"transition: 这里只能写一段文字，不能换行；请删去换行$"),
        (lambda t: t + "transition: '@下面'\n",
         r"transition: 文字不能以「@」开头（「@」留作块标记）；请改用全角「＠」$"),
        (lambda t: re.sub(r"^speaker:.*$", "speaker:", t, flags=re.M), r"speaker: 这里须填写内容$"),
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
    assert "YAML 格式错误：" in str(error) and error.line == _line_of(text, "speaker: [区长")


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
    assert "值超过 100000 个（是否用别名「*」反复展开？）；请精简" in str(error)


def test_custom_tags_are_refused(write):
    error = _error(write, "kind: speech\ntitle: !!python/object:os.system ls\n")
    assert "title: 不支持 YAML 标签 tag:yaml.org,2002:python/object:os.system；请删去「!」开头的标签" in str(error)


def test_empty_file(write):
    error = _error(write, "# nothing\n")
    assert str(error).endswith("speech.yaml:1: 提纲是空的；请至少写明 kind 和该文种的各字段")


def test_not_utf8(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("kind: speech\ntitle: 标题\n".encode("gb18030"))
    with pytest.raises(OutlineError, match="不是 UTF-8 文本（第 21 字节）"):
        load_outline(str(path))


def test_paragraph_that_looks_like_a_heading_is_refused(write):
    text = SPEECH.replace("  - 今天，我们召开", "  - 一、今天，我们召开", 1)
    error = _error(write, text)
    assert "opening[0]: 以「一、」开头，这是标题层级的序号；请把它写进 points" in str(error)


def test_full_width_colon_after_a_key_is_named_on_its_line(write):
    text = SPEECH.replace("speaker: 区长", "speaker：区长", 1)
    error = _error(write, text)
    assert error.line == _line_of(text, "speaker：")
    assert str(error).endswith("YAML 格式错误：「speaker」后是全角冒号「：」；键名后须用半角冒号，请改成「speaker:」")
