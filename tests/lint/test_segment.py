"""jieba boundaries: lazy, local to the run around a candidate, and equal to whole-text segmentation."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechkit.errors import RuleError
from speechkit.lint import lint_text, load_rules
from speechkit.lint.rules import userdict_path
from speechkit.segment import RUN_PATTERN, LocalBoundaries, WholeTextBoundaries, read_userdict

PIECES = [
    "国土资源部", "门", "署", "原", "银保监会", "保监会", "市", "县", "区", "工商局", "安监局", "卫计委", "程式", "方",
    "化", "应用", "电网", "路径", "网路", "软体", "动物", "其他", "其它", "尤其", "他们", "做出", "作出", "了", "重要",
    "决定", "截止", "截至", "2024年", "2016年", "以来", "对口", "支援", "系统", "格式", "《", "》", "，", "。", "、",
    "（以下简称", "）", "国家市场监督管理总局", "市场监管总局", "abc", "12", "3.5%", " ", "\n", "全域性", "的", "要",
    "加强", "工作", "环保局", "部署", "台帐", "介面", "时任", "國土資源部", "軟體", "后", "各", "请",
]


@st.composite
def drafts(draw):
    return "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=drafts())
def test_local_boundaries_give_the_findings_of_whole_text_segmentation(rules, text):
    assert lint_text(text, rules=rules) == lint_text(text, rules=rules, whole_text=True)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=drafts(), data=st.data())
def test_token_spans_agree(rules, text, data):
    if not text:
        return
    pos = data.draw(st.integers(0, len(text) - 1))
    local = LocalBoundaries(text, rules.segmenter)
    whole = WholeTextBoundaries(text, rules.segmenter)
    assert local.token_span(pos) == whole.token_span(pos)
    assert local.at(pos) == whole.at(pos)


def test_run_pattern_matches_jieba():
    import jieba

    assert jieba.re_han_default.pattern == RUN_PATTERN


def _fresh(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_a_clean_draft_never_imports_jieba():
    code = (
        "import sys\n"
        "from speechkit.lint import lint_text\n"
        "text = '各地要结合实际制定具体实施方案，明确时间表和责任人。其他事项另行通知。' * 50\n"
        "assert lint_text(text) == []\n"
        "print('jieba' in sys.modules)\n"
    )
    assert _fresh(code) == "False"


def test_jieba_loads_only_when_a_candidate_survives_the_cheap_checks():
    code = (
        "import sys\n"
        "from speechkit.lint import lint_text\n"
        "quiet = '原国土资源部印发的文件继续有效。认真学习《环境保护部令》。做好对口支援工作。'\n"
        "assert lint_text(quiet) == []\n"
        "before = 'jieba' in sys.modules\n"
        "found = lint_text('请国土资源部牵头。')\n"
        "print(before, 'jieba' in sys.modules, [f.code for f in found])\n"
    )
    assert _fresh(code) == "False True ['T101']"


def test_the_user_dictionary_loads_and_every_word_segments_whole(rules):
    entries = read_userdict(userdict_path())
    assert len(entries) > 100
    for word, _freq, _tag in entries:
        spans = rules.segmenter.spans(word)
        assert spans == [(0, len(word))], word


def test_a_bad_user_dictionary_line_is_located(tmp_path):
    path = tmp_path / "dict.txt"
    path.write_text("国土资源部 3000 nt\n环保局 many\n", encoding="utf-8")
    try:
        read_userdict(path)
    except RuleError as exc:
        assert str(exc).startswith(f"{path}:2: ")
    else:
        raise AssertionError("no error")


def test_user_terms_are_added_to_jieba(tmp_path):
    terms = tmp_path / "local.yaml"
    terms.write_text(
        "rules:\n"
        "  - code: U001\n"
        "    name: old-investment-office\n"
        "    terms: [招商办]\n"
        "    preferred: 投资促进局\n",
        encoding="utf-8",
    )
    ruleset = load_rules([terms])
    assert ruleset.segmenter.words == {**load_rules().segmenter.words, "招商办": 1000}
    found = lint_text("请市招商办牵头落实。", rules=ruleset)
    assert [(f.code, f.match, f.fix.replacement) for f in found] == [("U001", "招商办", "投资促进局")]


def test_user_dictionary_fixes_the_known_jieba_splits(rules):
    # lint-norms.md §7.2: without speechkit's dictionary jieba cuts 原银/保监会 and 食/药监局.
    cut = rules.segmenter.spans
    assert [t for t in _words("原银保监会", cut)] == ["原", "银保监会"]
    assert _words("区食药监局", cut)[-1] == "食药监局"
    assert _words("各区卫计委", cut)[-1] == "卫计委"
    # jieba still cuts 国土资源部/门, which is why 部门 is an exception of the rule, not a dictionary fix.
    assert _words("国土资源部门", cut) == ["国土资源部", "门"]


def _words(text, cut):
    return [text[a:b] for a, b in cut(text)]


# ---------------------------------------------------------------------------------------------
# The dictionary loaded bucket by bucket must cut exactly as jieba fully initialised does.

_REFERENCE = {}


def _reference_tokenizer():
    """Stock jieba, fully initialised, with speechkit's words added by jieba's own add_word."""
    if "tk" not in _REFERENCE:
        import jieba

        tk = jieba.Tokenizer()
        tk.initialize()
        for word, freq, tag in read_userdict(userdict_path()):
            tk.add_word(word, freq, tag)
        _REFERENCE["tk"] = tk
    return _REFERENCE["tk"]


def test_the_bucketed_dictionary_is_in_use(tmp_path, monkeypatch):
    import jieba

    from speechkit import jiebadict

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = jiebadict.LazyTokenizer(jieba)  # no cache yet: jieba's ordinary load, then buckets written
    assert not first.partial and list(tmp_path.glob("speechkit/jieba-buckets-*.bin"))
    second = jiebadict.LazyTokenizer(jieba)
    assert second.partial and second.tokenizer.total == first.tokenizer.total
    text = "请国土资源部牵头，做好对口支援工作。"
    assert list(second.cut(text, True)) == list(first.cut(text, True))


def test_bucket_files_of_other_installations_are_pruned(tmp_path, monkeypatch):
    import os

    import jieba

    from speechkit import jiebadict

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "speechkit"
    folder.mkdir()
    for age in range(4):  # left by four other jieba installations, the oldest unused for 4 days
        old = folder / f"jieba-buckets-other{age}.bin"
        old.write_bytes(b"old")
        os.utime(old, (1e9, 1e9 - age * 86400))
    jiebadict.LazyTokenizer(jieba)  # writes this installation's buckets
    names = sorted(p.name for p in folder.glob("jieba-buckets-*.bin"))
    assert len(names) == 1 + jiebadict.KEEP
    assert "jieba-buckets-other0.bin" in names and "jieba-buckets-other1.bin" in names
    (ours,) = set(names) - {"jieba-buckets-other0.bin", "jieba-buckets-other1.bin"}
    os.utime(folder / ours, (1e9, 1e9 - 9 * 86400))
    assert jiebadict.LazyTokenizer(jieba).partial  # reading the buckets marks them as used
    assert (folder / ours).stat().st_mtime > 1e9


def test_a_damaged_bucket_file_falls_back_to_jieba(tmp_path, monkeypatch):
    import jieba

    from speechkit import jiebadict

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    jiebadict.LazyTokenizer(jieba)
    (path,) = tmp_path.glob("speechkit/jieba-buckets-*.bin")
    path.write_bytes(b"\x05\x00\x00\x00\x00\x00\x00\x00junk")
    again = jiebadict.LazyTokenizer(jieba)
    assert not again.partial and list(again.cut("方程式", True)) == ["方程式"]


CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(CJK, min_size=1, max_size=6)), max_size=30).map("".join)


@pytest.fixture(scope="module")
def partial_segmenter(tmp_path_factory):
    """speechkit's segmenter reading its dictionary bucket by bucket from a fresh cache."""
    import os

    import jieba

    from speechkit import jiebadict
    from speechkit.segment import Segmenter

    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    try:
        jiebadict.LazyTokenizer(jieba)  # writes the buckets
        segmenter = Segmenter(userdict_path())
        segmenter._tokenizer = segmenter._load()
    finally:
        if saved is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = saved
    assert segmenter.tokenizer().partial
    return segmenter


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_segmentation_equals_fully_initialised_jieba(partial_segmenter, text):
    reference = _reference_tokenizer()
    ours = [text[a:b] for a, b in partial_segmenter.spans(text)]
    assert ours == list(reference.cut(text, HMM=True))


def test_a_damaged_bucket_mid_run_falls_back_without_changing_the_tokens(tmp_path, monkeypatch):
    import jieba

    from speechkit import jiebadict

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    jiebadict.LazyTokenizer(jieba)
    (path,) = tmp_path.glob("speechkit/jieba-buckets-*.bin")
    lazy = jiebadict.LazyTokenizer(jieba)
    lazy.add_word("银保监局", 30)
    assert lazy.partial
    offset, length = lazy.store.index["省"]
    data = bytearray(path.read_bytes())
    data[lazy.store.body_offset + offset: lazy.store.body_offset + offset + length] = b"\xff" * length
    path.write_bytes(bytes(data))
    assert list(lazy.cut("省银保监局开展检查", True)) == ["省", "银保监局", "开展", "检查"]
    assert not lazy.partial
