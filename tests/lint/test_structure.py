"""S family: level markers and their sequence, the speech's shape, the lines of the 公文 frame; and the
parts of a document (speechkit.lint.parts) those rules rely on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speechkit.blocks import Block, Document, body_block, numbering
from speechkit.docx_io import docx_bytes
from speechkit.lint import lint, lint_text
from speechkit.lint.engines.structure import classify, valid_marker
from speechkit.lint.parts import roles
from speechkit.lint.rules import builtin_marker_forms
from speechkit.render.build import render_file
from tests.conftest import ROOT

from .fixing import check_fix_passes, fix_cases


def codes(text, rules, prefix="S"):
    return [(f.line, f.code, f.match) for f in lint_text(text, rules=rules) if f.code.startswith(prefix)]


@pytest.mark.parametrize(("rule", "example"), fix_cases("S"))
def test_every_fix_makes_its_fail_example_pass(rules, rule, example):
    check_fix_passes(rules, rule, example)


# ---------------------------------------------------------------------------------------------
# The marker classifier: valid forms from blocks.numbering, malformed ones from the rule data.


@pytest.mark.parametrize(("text", "expected"), [
    ("一、总体要求", (1, 1, 2)),
    ("十二、其他", (1, 12, 3)),
    ("（三）加强领导", (2, 3, 3)),
    ("(三)加强领导", (2, 3, 3)),
    ("（三)加强领导", (2, 3, 3)),
    ("三.加强领导", (1, 3, 2)),
    ("3.明确责任", (3, 3, 2)),
    ("3、明确责任", (3, 3, 2)),
    ("3．明确责任", (3, 3, 2)),
    ("（12）按月调度", (4, 12, 4)),
    ("(2)按月调度", (4, 2, 3)),
    ("②按月调度", (5, 2, 1)),
    ("3.5亿元已拨付", None),
    ("1.2024年完成改造", (3, 1, 2)),
    ("十分重要", None),
    ("2024年工作要点", None),
])
def test_classify(rules, text, expected):
    assert classify(text, builtin_marker_forms()) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("一二三四五十百（）()、.．0123456789 明确")), max_size=8))
def test_valid_markers_are_read_as_blocks_numbering_reads_them(text):
    expected = numbering(text)
    assert valid_marker(text) == (expected and (expected[0], expected[2], len(expected[1])))


def test_a_draft_written_throughout_with_wrong_markers_has_form_findings_but_no_sequence_noise(rules):
    text = "一、总体要求\n(一)指导思想\n1、明确责任\n2、压实责任\n(二)工作目标\n1、提高效率"
    found = codes(text, rules)
    assert {code for _, code, _ in found} == {"S201", "S203"}


def test_sequence_faults(rules):
    text = "\n".join([
        "一、总体要求",
        "（一）指导思想",
        "（二）工作目标",
        "二、重点任务",
        "（三）加强组织领导",  # does not restart under 二、
        "（四）强化督查",
        "（四）严格考核",  # repeat
        "1.明确分工",
        "3.细化措施",  # gap
        "四、保障措施",  # gap (三、 missing)
        "三、工作要求",  # backwards
    ])
    assert codes(text, rules) == [
        (5, "S104", "（三）"), (7, "S102", "（四）"), (9, "S101", "3."), (10, "S101", "四、"), (11, "S103", "三、"),
    ]
    message = next(f.message for f in lint_text(text, rules=rules) if f.code == "S104")
    assert message == "「二、」下的二级序数应从「（一）」重新编号，实为「（三）」"


def test_skipped_level_is_reported_once_per_run(rules):
    text = "一、总体要求\n1.明确分工\n2.细化措施\n二、重点任务\n（一）加强领导\n1.压实责任"
    assert codes(text, rules) == [(2, "S105", "1.")]


def test_an_attachment_page_and_a_page_break_start_a_new_sequence(rules):
    text = "一、总体要求\n二、重点任务\n附件1\n任务清单\n一、汛前准备\n二、汛期值守"
    assert codes(text, rules) == []
    two_notices = "一、总体要求\n二、重点任务\n市人民政府\n2024年3月5日\n关于做好防汛工作的通知\n一、总体要求"
    assert codes(two_notices, rules) == []
    markdown = "一、总体要求\n\n二、重点任务\n\n---\n\n一、汛前准备\n"
    assert [f.code for f in lint_text(markdown, markdown=True, rules=rules) if f.code[0] == "S"] == []


def test_markers_outside_body_paragraphs_are_not_numbering(rules):
    # 附件说明 entries are 1. 2. but belong to the 附件说明, not to the body's level-3 sequence.
    text = "一、总体要求\n（一）明确分工\n1.细化措施\n2.压实责任\n附件：1.任务清单\n　　　2.责任清单\n3.抓好落实"
    assert codes(text, rules) == []


# ---------------------------------------------------------------------------------------------
# The speech's 3 × 4 shape.


def test_rendered_example_speech_has_the_shape(rules, tmp_path):
    out = tmp_path / "speech.txt"
    render_file(ROOT / "examples" / "speech.yaml", out, to="txt")
    text = out.read_text(encoding="utf-8")
    assert codes(text, rules) == []
    # Drop the last sub-point of the second point: the warning gives the counts found.
    lines = text.split("\n")
    second = [i for i, line in enumerate(lines) if line.strip().startswith("三、")][0]
    del lines[second - 1]
    found = [f for f in lint_text("\n".join(lines), rules=rules) if f.code == "S301"]
    assert [f.message for f in found] == ["讲话稿宜为3点意见、每点4条（3 × 4），本文为3点，各点分别为4、3、4条"]
    assert found[0].match == "一、" and found[0].severity == "warn"


def test_shape_is_only_checked_for_speeches(rules):
    notice = "关于开展安全生产大检查的通知\n各区县：\n一、检查范围\n二、工作要求"
    assert codes(notice, rules) == []
    speech_docx = Document([
        Block("title", "在全市安全生产工作会议上的讲话"),
        Block("dateline", "（2026年3月5日）"),
        Block("salutation", "同志们："),
        body_block("一、提高认识", 4), body_block("（一）认清形势", 5),
        body_block("二、压实责任", 6), body_block("（一）落实责任", 7),
    ])
    found = [f for f in lint(speech_docx) if f.code == "S301"]
    assert [f.message.split("，")[-1] for f in found] == ["各点分别为1、1条"]


# ---------------------------------------------------------------------------------------------
# Parts of the document.


def test_parts_of_a_rendered_notice(tmp_path):
    out = tmp_path / "notice.txt"
    render_file(ROOT / "examples" / "notice.yaml", out, to="txt")
    from speechkit.drafts import read_document
    from speechkit.lint import load_rules
    from speechkit.lint.draft import Draft

    rules = load_rules()
    draft = Draft.build(str(out), read_document(out), rules.segmenter)
    found = {role: text for role, text in zip(roles(draft), draft.texts, strict=True) if role != "para"}
    assert found["organ"] == "江澄市城市管理局文件"
    assert found["docnumber"] == "江城管发〔2026〕19号"
    assert found["addressee"].endswith("：")
    assert found["attachment"].startswith("附件：")
    assert found["date"] == "2026年4月8日"
    assert found["note"] == "（此件公开发布）"
    assert found["attachment_label"] == "附件"
    assert found["cc"].startswith("抄送：")
    assert found["imprint_date"] == "2026年4月8日印发"
    assert [f for f in lint(out, rules=rules) if f.code[0] in "SPNZ"] == []


def test_parts_come_from_block_kinds_in_a_docx(tmp_path, rules):
    document = Document([
        Block("title", "关于表彰先进集体的决定"),
        Block("addressee", "各区县人民政府"),
        body_block("为表彰先进，市政府决定予以通报表扬。"),
        Block("signature", "江澄市人民政府"),
        Block("date", "2026年04月08日"),
        Block("cc", "抄送：市委办公室、市人大常委会办公室"),
    ])
    path = tmp_path / "a.docx"
    path.write_bytes(docx_bytes(document))
    found = sorted((f.line, f.code) for f in lint(path, rules=rules) if f.code[0] in "SN")
    assert found == [(2, "S406"), (5, "N201"), (6, "S403"), (6, "S404")]


def test_frame_rules_leave_ordinary_paragraphs_alone(rules):
    text = ("各单位要整理附件：材料清单、工作台账等。\n"
            "请各单位抄送市政府办公室、市财政局\n"
            "主题词要鲜明，文字要简练\n"
            "主题词：安全生产　通知\n"
            "此件已于2024年3月5日印发")
    assert codes(text, rules) == [(4, "S408", "主题词：安全生产　通知")]


# ---------------------------------------------------------------------------------------------
# Rule data for the new engines is checked when loaded, with file, line and entry.

USER_RULE = """\
rules:
  - code: U101
    name: room-number-style
    engine: pattern
    severity: info
    pattern: '第(?P<n>[一二三四五六七八九])会议室'
    needs: [会议室]
    replace: '\\g<n>号会议室'
    message: 会议室统一写作「{fix}」
"""

BAD_DATA = [  # (line replaced, replacement, error)
    ("    needs: [会议室]\n", "    needs: [会议室]\n    roles: [body]\n", "roles: 未知的文稿部分「body」（可用："),
    ("    needs: [会议室]\n", "    needs: [会议室]\n    skip: [email]\n", "skip: 未知的区域「email」（可用："),
    ("    needs: [会议室]\n", "    needs: [会议室]\n    check: leap-year\n", "check: 未知的检查「leap-year」（可用："),
    ("    needs: [会议室]\n", "    needs: 3\n", "needs: 应为文本或文本列表"),
]


def test_a_user_pattern_rule_works(tmp_path, rules):
    from speechkit.lint import load_rules

    path = tmp_path / "rooms.yaml"
    path.write_text(USER_RULE, encoding="utf-8")
    ruleset = load_rules([path])
    found = [(f.code, f.match, f.fix.replacement) for f in lint_text("请到第一会议室参会。", rules=ruleset)]
    assert found == [("U101", "第一会议室", "一号会议室")]


@pytest.mark.parametrize(("line", "replacement", "message"), BAD_DATA, ids=[b[2].split(":")[0] for b in BAD_DATA])
def test_bad_pattern_data_is_located(tmp_path, line, replacement, message):
    from speechkit.errors import RuleError
    from speechkit.lint.rules import load_file

    path = tmp_path / "rooms.yaml"
    path.write_text(USER_RULE.replace(line, replacement), encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_file(path, user=True)
    assert str(caught.value).startswith(f"{path}:")
    assert f"rules[0] U101: {message}" in str(caught.value)


@pytest.mark.parametrize(("entry", "message"), [
    ("engine: pattern\n    pattern: 'a'\n    replace: '\\g<x>'", "replace: 引用了分组「x」，但 pattern 中没有这个分组"),
    ("engine: pattern\n    pattern: 'a'\n    transform: shout", "transform: 未知的变换「shout」（可用："),
    ("engine: pattern\n    pattern: '(未闭合'", "pattern: 正则表达式有误：missing )"),
    ("engine: mixed-style\n    styles: {甲: 'a', 乙: '[b'}", "styles: 写法「乙」的正则表达式有误"),
    ("engine: marker\n    forms: ['^(\\d+)、']", "forms: 「^(\\d+)、」：须含分组 n（数字）或 c（带圈数字）"),
    ("engine: marker\n    forms: ['(?P<n>\\d+)、']", "须以 ^ 开头"),
    ("engine: numbering\n    check: jump", "check: 应为 gap、repeat"),
    ("engine: mixed-style\n    styles: {甲: 'a'}", "styles: 至少需要两种写法"),
    ("engine: pairs\n    open: '(('\n    close: ')'\n    to_open: （\n    to_close: ）", "open: 应为单个字符"),
    ("engine: script\n    check: document", "summary: 缺少 summary：check 为 document 时须给出"),
    ("engine: shape\n    points: 3", "subpoints: required"),
])
def test_bad_engine_data_is_located(tmp_path, entry, message):
    from speechkit.errors import RuleError
    from speechkit.lint.rules import load_file

    path = tmp_path / "bad.yaml"
    head = "rules:\n  - code: U201\n    name: bad-entry\n    severity: warn\n    message: 某某\n"
    path.write_text(f"{head}    {entry}\n", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_file(path)
    assert message in str(caught.value) and str(caught.value).startswith(f"{path}:")


# ---------------------------------------------------------------------------------------------
# S409–S411 on a rendered notice with one attachment, edited in Word afterwards.


def _edited_notice(tmp_path, label: str, title: str):
    import docx

    path = tmp_path / "notice.docx"
    render_file(ROOT / "examples" / "notice.yaml", path)
    document = docx.Document(str(path))
    paragraphs = {p.text: p for p in document.paragraphs}
    paragraphs["附件"].runs[0].text = label
    paragraphs["2026年城市排水防涝重点任务清单"].runs[0].text = title
    document.save(str(path))
    return path


def test_a_rendered_notice_with_its_attachment_page_passes(tmp_path, rules):
    path = _edited_notice(tmp_path, "附件", "2026年城市排水防涝重点任务清单")
    assert [f.code for f in lint(path, rules=rules.select(["S4"]))] == []


def test_an_attachment_page_edited_apart_from_its_note_is_found_and_the_number_fixed(tmp_path, rules, run):
    path = _edited_notice(tmp_path, "附件1", "2026年城市排水防涝重点工作清单")
    found = [(f.code, f.match) for f in lint(path, rules=rules.select(["S4"]))]
    assert found == [("S409", "1"), ("S411", "2026年城市排水防涝重点工作清单")]
    assert run("lint", "--fix", "--select", "S409", str(path)).exit_code == 0
    assert [(f.code, f.match) for f in lint(path, rules=rules.select(["S4"]))] == [
        ("S411", "2026年城市排水防涝重点工作清单")]
