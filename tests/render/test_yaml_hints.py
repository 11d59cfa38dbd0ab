"""YAML slips in an outline: one Chinese line, at the line to change, naming the character and what to write.

Each rule is data: an example outline, the edit that breaks it, the line the message must point to (the
first line holding ``at``) and a fragment of the message. Both YAML readers are tried, libyaml and
PyYAML's own: they word and place their errors differently, the messages must not differ.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner

from speechkit import OutlineError, load_outline, outline
from speechkit.cli import cli
from tests.conftest import EXAMPLES, ROOT

SPEECH = (EXAMPLES / "speech.yaml").read_text(encoding="utf-8")
NOTICE = (EXAMPLES / "notice.yaml").read_text(encoding="utf-8")
SPEAKER = "speaker: 区长　林建国"
ADDRESSEE = "addressee: 各区城市管理局，市市政设施管理中心、市城市管理指挥中心"
CLOSING = SPEECH[SPEECH.index("closing:"):]  # the last field, a list of paragraphs

# (name, example text, old, new, at: text on the line reported, expected fragment of the message)
RULES = [
    # A half-width colon and a space inside a value make YAML read a key and a value.
    ("colon in a list item", SPEECH, "opening:\n", "opening:\n  - 会议强调: 要抓好落实\n", "会议强调",
     "opening[0]: 应为一段文字，却是键值对：「会议强调」后的半角冒号「:」使这一行成了键值对；"
     "请改成全角冒号「：」，或给整段加引号"),
    ("colon ending a list item", SPEECH, "opening:\n", "opening:\n  - 会议强调:\n", "会议强调",
     "opening[0]: 应为一段文字，却是键值对：「会议强调」后的半角冒号「:」"),
    ("colon in a paragraph field", SPEECH, CLOSING, "closing:\n  同志们: 大家辛苦了\n", "同志们",
     "closing: 应为段落（一段文字或文字列表），却是键值对：「同志们」后的半角冒号「:」"),
    ("colon ending a value", NOTICE, ADDRESSEE, "addressee: 各区县人民政府, 市政府各部门:", "addressee:",
     "YAML 格式错误：「addressee」的值中第 27 个字符处的半角冒号「:」被当成了键值分隔符；"
     "请改成全角「：」，或给整个值加引号"),
    ("colon inside a value", NOTICE, ADDRESSEE, "addressee: 各区县人民政府: 市政府各部门", "addressee:",
     "「addressee」的值中第 19 个字符处的半角冒号「:」"),
    ("colon on a paragraph's second line", SPEECH, "opening:\n",
     "opening:\n  - 今天我们开会，\n    会议强调: 要抓好落实\n", "会议强调",
     "YAML 格式错误：第 9 个字符处的半角冒号「:」被当成了键值分隔符；请改成全角「：」，或给整段加引号"),
    ("full-width colon after a key", SPEECH, SPEAKER, "speaker：区长", "speaker：",
     "YAML 格式错误：「speaker」后是全角冒号「：」；键名后须用半角冒号，请改成「speaker:」"),
    ("no space after a key's colon", SPEECH, SPEAKER, "speaker:区长", "speaker:",
     "YAML 格式错误：「speaker:」后缺少空格；请在半角冒号后加一个空格"),
    # Indentation.
    ("tab indenting a line", SPEECH, "  - heading: 提高站位", "\t- heading: 提高站位", "提高站位",
     "YAML 格式错误：这一行用制表符（Tab）缩进；YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("tab indenting a key", SPEECH, "    subpoints:\n", "  \t  subpoints:\n", "subpoints:",
     "YAML 格式错误：这一行用制表符（Tab）缩进；"),
    ("key indented less than its level", SPEECH, "    subpoints:\n", "   subpoints:\n", "subpoints:",
     "YAML 格式错误：这一行的缩进与上文不一致；同一级的键或「- 」列表项须左端对齐（只用空格缩进）"),
    ("item indented more than its level", SPEECH, "      - lead: 要认识到这是推动", "       - lead: 要认识到这是推动",
     "要认识到这是推动", "YAML 格式错误：这一行的缩进与上文不一致；"),
    ("key indented under the one before", SPEECH, "occasion:", "  occasion:", "occasion:",
     "YAML 格式错误：「occasion」的缩进有误，被当成了上一行的续行；同一级的键须左端对齐（只用空格缩进）"),
    ("text where a key belongs", SPEECH, SPEAKER, "区长　林建国", "区长　林建国",
     "YAML 格式错误：这一行既不是「键: 值」，也不是「- 」开头的列表项；如是上一项的续行，请缩进"),
    # Quotes: reported where the quote opened, not where YAML gave up.
    ("unclosed double quote", SPEECH, "title: ", 'title: "', "title:",
     'YAML 格式错误：第 8 个字符处的引号「"」没有配对的结尾引号；请补上结尾的「"」，正文中的引号请用中文引号“”'),
    ("unclosed single quote", SPEECH, SPEAKER, "speaker: '区长　林建国", "speaker:",
     "YAML 格式错误：第 10 个字符处的引号「'」没有配对的结尾引号；请补上结尾的「'」"),
    ("unclosed quote closed by a later one", SPEECH, SPEAKER + "\ndate: 2026-03-16",
     'speaker: "区长　林建国\ndate: "2026-03-16"', "speaker:", "第 10 个字符处的引号「\"」没有配对的结尾引号"),
    ("quote ending the value early", SPEECH, "title: 凝心聚力", 'title: "凝心聚力"', "title:",
     'YAML 格式错误：第 13 个字符处的引号「"」把值结束了，后面的「攻坚克难　全力推进城……」无法读取；'
     "正文中的引号请用中文引号“”，或用单引号把整个值括起来"),
    ("backslash in double quotes", SPEECH, SPEAKER, 'speaker: "区长\\林建国"', "speaker:",
     "YAML 格式错误：双引号里第 13 个字符处的反斜杠「\\」被当成了转义符；请改用单引号，或把「\\」写成「\\\\」"),
    # A value that starts with a character YAML reserves.
    ("value starting with @", SPEECH, SPEAKER, "speaker: @区长", "speaker:",
     "YAML 格式错误：第 10 个字符处的「@」是 YAML 的保留字符，不能作为值的开头；请改用全角「＠」"),
    ("value starting with a backtick", SPEECH, SPEAKER, "speaker: `区长`", "speaker:",
     "YAML 格式错误：第 10 个字符处的「`」是 YAML 的保留字符，不能作为值的开头；请给整个值加引号"),
    ("value starting with %", SPEECH, "occasion: 全区", "occasion: %全区", "occasion:",
     "YAML 格式错误：第 11 个字符处的「%」是 YAML 的保留字符，不能作为值的开头；请给整个值加引号"),
    ("value starting with *", SPEECH, SPEAKER, "speaker: *区长*", "speaker:",
     "YAML 格式错误：第 10 个字符处的「*」在 YAML 中表示引用（别名）；如是正文，请给整个值加引号，或改用全角「＊」"),
    ("item starting with *", SPEECH, "  - 今天，", "  - *今天，", "*今天",
     "YAML 格式错误：第 5 个字符处的「*」在 YAML 中表示引用（别名）"),
    ("alias that names nothing", SPEECH, SPEAKER, "speaker: *linjianguo", "speaker:",
     "YAML 格式错误：第 10 个字符处的「*」在 YAML 中表示引用（别名）"),
    ("value starting with &", SPEECH, SPEAKER, "speaker: &区长", "speaker:",
     "YAML 格式错误：第 10 个字符处的「&」在 YAML 中表示锚点；如是正文，请给整个值加引号，或改用全角「＆」"),
    ("value starting with !", SPEECH, SPEAKER, "speaker: !区长", "speaker:",
     "YAML 格式错误：第 10 个字符处的「!」在 YAML 中表示标签；如是正文，请给整个值加引号，或改用全角「！」"),
    ("value starting with >", SPEECH, SPEAKER, "speaker: > 区长", "speaker:",
     "YAML 格式错误：第 10 个字符处的「>」在 YAML 中表示多行文本；如是正文，请给整个值加引号"),
    # Brackets: reported where the bracket opened.
    ("unclosed [", SPEECH, SPEAKER, "speaker: [区长　林建国", "speaker:",
     "YAML 格式错误：第 10 个字符处的「[」没有配对的「]」；以「[」开头的值会被当成列表，如是正文，"
     "请给整个值加引号，或改用全角「【」"),
    ("unclosed {", SPEECH, SPEAKER, "speaker: {区长　林建国", "speaker:",
     "YAML 格式错误：第 10 个字符处的「{」没有配对的「}」；以「{」开头的值会被当成键值对"),
    ("text after a closed [", SPEECH, SPEAKER, "speaker: [区长] 林建国", "speaker:",
     "YAML 格式错误：以「[」开头的值被当成了列表，「]」后面的文字无法读取；如是正文，请给整个值加引号"),
    # A character YAML does not read at all.
    ("control character", SPEECH, SPEAKER, "speaker: 区长\x07林建国", "speaker:",
     "YAML 格式错误：第 12 个字符处有控制字符 U+0007；请删除它"),
    # Anything else: a Chinese line with PyYAML's words in brackets.
    ("something else", SPEECH, SPEAKER, "speaker: ? 区长", "speaker:",
     "YAML 格式错误：请检查这一行的缩进、冒号和引号（PyYAML：mapping keys are not allowed"),
]


def _case(rule) -> tuple[str, int, str]:
    """(broken outline text, line the message must name, fragment)."""
    _, text, old, new, at, fragment = rule
    assert text.count(old) >= 1, old
    broken = text.replace(old, new, 1)
    line = next(i for i, row in enumerate(broken.splitlines(), 1) if at in row)
    return broken, line, fragment


@pytest.fixture(params=["libyaml", "pure"])
def reader(request, monkeypatch):
    if request.param == "libyaml":
        if not yaml.__with_libyaml__:
            pytest.skip("PyYAML without libyaml")
        monkeypatch.setattr(outline, "_LOADER", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(outline, "_LOADER", yaml.SafeLoader)
    return request.param


@pytest.mark.parametrize("rule", RULES, ids=[r[0] for r in RULES])
def test_api_names_the_line_and_the_character(write, reader, rule):
    broken, line, fragment = _case(rule)
    path = write("outline.yaml", broken)
    with pytest.raises(OutlineError) as caught:
        load_outline(str(path))
    message = str(caught.value)
    assert "\n" not in message
    assert caught.value.line == line, message
    assert message.startswith(f"{path}:{line}: "), message
    assert fragment in message, message
    assert not any(word in message for word in ("mapping values", "could not find", "while scanning")) or \
        "PyYAML：" in message  # PyYAML's own words only ever in brackets, after the Chinese


@pytest.mark.parametrize("rule", RULES, ids=[r[0] for r in RULES])
def test_cli_prints_one_line_and_exits_2(tmp_path, rule):
    broken, line, fragment = _case(rule)
    src = tmp_path / "x.yaml"
    src.write_text(broken, encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(src), "-o", str(tmp_path / "y.docx")], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert lines[0].startswith(f"speechkit: 错误：{src}:{line}: ") and fragment in lines[0], lines[0]
    assert not (tmp_path / "y.docx").exists()


@pytest.mark.parametrize("name", ["colon in a list item", "colon ending a value", "unclosed double quote"])
def test_a_real_process_says_it_in_chinese(tmp_path, name):
    broken, line, fragment = _case(next(r for r in RULES if r[0] == name))
    (tmp_path / "x.yaml").write_text(broken, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "speechkit", "render", "x.yaml", "-o", "y.docx"], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8",
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 2, done.stderr
    assert done.stderr.endswith("\n") and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"speechkit: 错误：x.yaml:{line}: ") and fragment in done.stderr, done.stderr
    assert not (tmp_path / "y.docx").exists()


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        ({"会议强调": "要抓好落实"}, True),
        ({"会议强调": None}, True),
        ({"lead": "要认识到。"}, False),  # a field name: meant as a key, no talk of colons
        ({"会议强调": "要抓好落实", "二": "三"}, False),
        ({"会议强调": ["要抓好落实"]}, False),
    ],
)
def test_the_colon_hint_is_for_a_paragraph_read_as_one_key(write, data, hint):
    item = "".join(f"  {row}\n" for row in yaml.safe_dump([data], allow_unicode=True).splitlines())
    text = SPEECH.replace("opening:\n", "opening:\n" + item, 1)
    with pytest.raises(OutlineError) as caught:
        load_outline(str(write("speech.yaml", text)))
    assert "opening[0]: 应为一段文字，却是键值对" in str(caught.value)
    assert ("半角冒号" in str(caught.value)) is hint


def test_settings_files_get_the_same_hints(tmp_path, monkeypatch):
    (tmp_path / "speechkit.yaml").write_text("templates:\n  dirs: [mine\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["templates"])
    assert result.exit_code == 2
    assert result.output.strip() == ("speechkit: 错误：speechkit.yaml:2: YAML 格式错误：第 9 个字符处的「[」"
                                     "没有配对的「]」；以「[」开头的值会被当成列表，如是正文，请给整个值加引号，"
                                     "或改用全角「【」")
