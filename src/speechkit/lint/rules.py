"""Rule files: the built-in corpora (corpora/terms/*.yaml) and the user's own term files.

A file is YAML: optional ``description``, optional ``defaults`` (keys every entry inherits) and
``rules``, a list of entries. Each entry has a code (a capital letter and three digits), a kebab
name, an engine, a severity, a Chinese message, engine keys (terms, preferred…) and examples
(``fail:`` texts the rule must report, ``pass:`` texts it must leave alone). docs/lint.md is the
reference. Everything is checked before anything is linted, so a bad file stops the run with one
line naming the file, the line and the entry, never halfway through the drafts.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn

from ..errors import RuleError, format_path
from ..files import read_utf8
from ..outline import MAX_FILE_NODES, Source, convert, line_of, load_located
from ..resources import data_dir
from ..segment import Segmenter
from .engines import ENGINES, Engine
from .findings import SEVERITIES
from .params import KINDS

CODE = re.compile(r"[A-Z]\d{3}")
NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
SELECTOR = re.compile(r"[A-Z]\d{0,3}|ALL")
COMMON_KEYS = ("code", "name", "engine", "severity", "message", "description", "source", "examples")
FILE_KEYS = ("description", "defaults", "rules")
USER_JIEBA_FREQ = 1000  # user terms unknown to jieba are added with this frequency unless the entry says


@dataclass(frozen=True)
class Example:
    text: str
    fires: bool  # True: the rule must report it (a ``fail:`` example)
    match: str | None = None  # the text the finding must cover, when given
    fix: str | None = None  # the replacement it must offer, when given
    line: int | None = None
    given: Any = None  # for an engine whose examples are not texts: its typed example (see Engine.example_type)


@dataclass
class Rule:
    code: str
    name: str
    engine: str
    severity: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    examples: tuple[Example, ...] = ()
    description: str = ""
    file: str = ""
    line: int | None = None
    source: str = ""  # where the facts behind the entry were checked (a reform plan, a page address)

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    @property
    def fix_kind(self) -> str:
        """``safe``, ``unsafe`` or ``none``: what a finding of this rule offers."""
        return ENGINES[self.engine].fix_kind(self)

    def summary(self, limit: int | None = None) -> str:
        """One line: what the rule matches and what it suggests (at most ``limit`` items)."""
        return ENGINES[self.engine].summary(self, limit)


# ---------------------------------------------------------------------------------------------
# Loading and checking.


class _Entry:
    """Helpers for checking one entry, raising errors that name file, line and entry."""

    def __init__(self, source: Source, index: int, raw: dict, user: bool = False) -> None:
        self.source, self.index, self.raw, self.user = source, index, raw, user
        self.file, self.lines = source.file, source.lines
        code = raw.get("code")
        self.label = f"rules[{index}]" + (f" {code}" if isinstance(code, str) else "")

    def fail(self, message: str, key: str | None = None) -> NoReturn:
        path = ("rules", self.index, key) if key else ("rules", self.index)
        where = f"{self.label}: {key}: " if key else f"{self.label}: "
        raise RuleError(where + message, file=self.file, line=line_of(self.lines, path))


def load_file(path: str | Path, *, user: bool = False) -> list[Rule]:
    """Read and check one rule file."""
    label = str(path)
    text = read_utf8(path, RuleError, "术语文件")
    source = load_located(text, label, RuleError, max_nodes=MAX_FILE_NODES, typed_ints=True)
    data, lines = source.data, source.lines
    if not isinstance(data, dict):
        raise RuleError("应为映射，其中含 rules: 列表", file=label, line=1)
    for key in data:
        if key not in FILE_KEYS:
            raise RuleError(f"未知的键「{key}」（可用：{'、'.join(FILE_KEYS)}）", file=label,
                            line=line_of(lines, (key,)))
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise RuleError("defaults 应为映射", file=label, line=line_of(lines, ("defaults",)))
    entries = data.get("rules")
    if not isinstance(entries, list) or not entries:
        raise RuleError("rules 应为非空的条目列表", file=label, line=line_of(lines, ("rules",)))
    if user:
        defaults = {"engine": "substitution", "severity": "warn", "jieba": USER_JIEBA_FREQ, **defaults}
    rules = []
    source = Source(None, label, lines, RuleError)
    for index, raw in enumerate(entries):
        if not isinstance(raw, dict):
            raise RuleError(f"rules[{index}]: 条目应为映射", file=label,
                            line=line_of(lines, ("rules", index)))
        # Defaults apply where the entry's engine knows the key (a file-wide ``safe:`` skips existence rules).
        engine = raw.get("engine", defaults.get("engine"))
        known = ENGINES[engine].keys.get(engine, {}) if engine in ENGINES else {}
        merged = {**{k: v for k, v in defaults.items() if k in COMMON_KEYS or k in known}, **raw}
        rules.append(_rule(_Entry(source, index, raw, user), merged))
    return rules


def _rule(entry: _Entry, raw: dict) -> Rule:
    code, name, engine, severity = _heading(entry, raw)
    cls = ENGINES[engine]
    message = raw.get("message", cls.defaults.get(engine, {}).get("message"))
    if not isinstance(message, str) or not message.strip():
        entry.fail("缺少 message（每处问题显示的中文提示）", "message")
    _check_placeholders(entry, message, cls.placeholders.get(engine, ()))
    description = raw.get("description", "")
    if not isinstance(description, str):
        entry.fail("应为文本", "description")
    source = raw.get("source", "")
    if not isinstance(source, str):
        entry.fail("应为文本（所据事实出自的方案或网页）", "source")
    params = cls.check_params(engine, _params(entry, raw, engine, cls.keys.get(engine, {})), entry.fail)
    examples = _examples(entry, raw.get("examples"), cls.example_type())
    return Rule(code, name, engine, severity, message, params, examples, description, entry.file,
                line_of(entry.lines, ("rules", entry.index)), source)


def _heading(entry: _Entry, raw: dict) -> tuple[str, str, str, str]:
    """(code, name, engine, severity), each checked."""
    code = raw.get("code")
    if not isinstance(code, str) or not CODE.fullmatch(code):
        entry.fail(f"应为一个大写字母加三位数字（如 T101）{_now(code)}", "code")
    name = raw.get("name")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        entry.fail(f"应为小写字母、数字和连字符组成的名称（如 outdated-ministry）{_now(name)}", "name")
    engine = raw.get("engine")
    if engine not in ENGINES:
        offered = sorted(name for name, cls in ENGINES.items() if not cls.builtin_only)
        what = "缺少 engine" if engine is None else f"未知的引擎「{engine}」"
        entry.fail(f"{what}（可用：{'、'.join(offered)}）", "engine")
    severity = raw.get("severity")
    if severity not in SEVERITIES:
        entry.fail(f"应为 {'、'.join(SEVERITIES)} 之一{_now(severity)}", "severity")
    if entry.user and ENGINES[engine].builtin_only:
        entry.fail(f"引擎 {engine} 只用于内置规则，术语文件中不能使用", "engine")
    return code, name, engine, severity


def _now(value: Any) -> str:
    """What an entry gives instead, for a message: ``，现为「T1」`` (``，现未填写`` when it gives nothing)."""
    return "，现未填写" if value is None else f"，现为「{value}」"


def _params(entry: _Entry, raw: dict, engine: str, keys: dict[str, str]) -> dict[str, Any]:
    """The engine's keys of the entry, each converted to its kind (:mod:`.params`)."""
    source = entry.source
    params = {}
    for key, value in raw.items():
        if key in COMMON_KEYS:
            continue
        kind = keys.get(key)
        if kind is None:
            known = "、".join([*COMMON_KEYS, *keys])
            entry.fail(f"未知的键（引擎 {engine} 可用：{known}）", key)
        if key == "jieba" and value is None:
            continue
        try:
            params[key] = convert(KINDS[kind], value, ("rules", entry.index, key), source)
        except RuleError as exc:
            entry.fail(exc.message, key)
    return params


def _check_placeholders(entry: _Entry, message: str, allowed: Sequence[str]) -> None:
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(message) if f is not None]
    except ValueError as exc:
        entry.fail(f"占位符写法有误：{exc}", "message")
    for name in fields:
        if name not in allowed:
            shown = "、".join("{" + a + "}" for a in allowed) or "无"
            entry.fail(f"未知的占位符 {{{name}}}（此引擎可用：{shown}）", "message")


def _examples(entry: _Entry, raw: Any, example_type: type | None = None) -> tuple[Example, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict) or set(raw) - {"fail", "pass"}:
        entry.fail("应为映射，其中含 fail: 和 pass: 列表", "examples")
    out = []
    for kind in ("fail", "pass"):
        items = raw.get(kind) or []
        if not isinstance(items, list):
            entry.fail(f"{kind}: 应为列表", "examples")
        for i, item in enumerate(items):
            path = ("rules", entry.index, "examples", kind, i)
            if example_type is not None:
                out.append(_typed_example(entry, item, kind, path, example_type))
            else:
                out.append(_text_example(entry, item, kind, i, line_of(entry.lines, path)))
    return tuple(out)


def _text_example(entry: _Entry, item: Any, kind: str, i: int, line: int | None) -> Example:
    if isinstance(item, str):
        return Example(item, kind == "fail", line=line)
    if isinstance(item, dict) and isinstance(item.get("text"), str) and not set(item) - {"text", "match", "fix"}:
        if kind == "pass" and (item.get("match") or item.get("fix")):
            entry.fail("pass: 示例不能写 match 或 fix", "examples")
        return Example(item["text"], kind == "fail", item.get("match"), item.get("fix"), line)
    entry.fail(f"{kind}[{i}]: 应为文本，或含 text（及 match、fix）的映射", "examples")


def _typed_example(entry: _Entry, item: Any, kind: str, path: tuple, example_type: type) -> Example:
    """An example described as data (text: what it shows, the rest: ``example_type``'s fields)."""
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        entry.fail(f"{kind}[{path[-1]}]: 应为含 text（示例所示内容）的映射", "examples")
    source = entry.source
    try:
        given = convert(example_type, {k: v for k, v in item.items() if k != "text"}, path, source)
    except RuleError as exc:
        raise RuleError(f"{entry.label}: {format_path(exc.path[2:])}: {exc.message}", file=exc.file,
                        line=exc.line) from None
    return Example(item["text"], kind == "fail", line=line_of(entry.lines, path), given=given)


@lru_cache(maxsize=1)
def builtin_marker_forms() -> tuple:
    """The built-in ``marker`` rules' forms (malformed 一. （一、 …): every structure check reads markers with
    them, whichever rules are selected. Handed to the engines through the draft, so that the engines never
    import the loader that imports them."""
    return tuple(form for rule in builtin_rules() if rule.engine == "marker" for form in rule.params["forms"])


@lru_cache(maxsize=1)
def builtin_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for path in [*sorted(builtin_dir().glob("*.yaml")), *sorted(family_dir().glob("*.yaml"))]:
        rules.extend(load_file(path))
    check_unique(rules)
    return tuple(rules)


@lru_cache(maxsize=1)
def format_rules() -> tuple[Rule, ...]:
    """The F rules of check-format (corpora/layout/format.yaml): listed and explained with the others,
    checked on a .docx's layout by layout/checkformat.py."""
    rules = load_file(data_dir("corpora") / "layout" / "format.yaml")
    for rule in rules:  # the text rules' letters are others, so the codes cannot meet theirs
        if not rule.code.startswith("F") or rule.engine != "layout":
            raise RuleError(f"{rule.code}: 版式规则的代码须以 F 开头，引擎须为 layout", file=rule.file,
                            line=rule.line)
    check_unique(rules)
    return tuple(rules)


def builtin_dir() -> Path:
    return data_dir("corpora") / "terms"


def family_dir() -> Path:
    """The structure, punctuation, number and script families (corpora/rules/*.yaml)."""
    return data_dir("corpora") / "rules"


def userdict_path() -> Path:
    return data_dir("corpora") / "userdict.txt"


def check_unique(rules: Iterable[Rule]) -> None:
    seen: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    for rule in rules:
        if rule.code in seen:
            raise RuleError(f"{rule.code} 已在 {seen[rule.code].location} 定义；请换用其他代码", file=rule.file,
                            line=rule.line)
        if rule.name in names:
            raise RuleError(f"名称 {rule.name} 已被 {names[rule.name].code} 使用；请换用其他名称", file=rule.file,
                            line=rule.line)
        seen[rule.code] = rule
        names[rule.name] = rule


# ---------------------------------------------------------------------------------------------
# Rule sets and selection.


def split_selectors(values: Iterable[str]) -> list[str]:
    """``["T1,C001", "T3"]`` → ``["T1", "C001", "T3"]``."""
    return [part for value in values for part in re.split(r"[,\s]+", value.strip()) if part]


class RuleSet:
    """Rules in code order, the engines built from them, and the jieba segmenter they share."""

    def __init__(self, rules: Sequence[Rule], segmenter: Segmenter | None = None) -> None:
        self.rules = sorted(rules, key=lambda r: r.code)
        self.by_code = {r.code: r for r in self.rules}
        self.by_name = {r.name: r for r in self.rules}
        self._engines: list[Engine] | None = None
        if segmenter is None:
            # Words come from every rule loaded, so choosing rules never changes where jieba cuts.
            words: dict[str, int] = {}
            for engine in self.engines():
                words.update(engine.jieba_words())
            segmenter = Segmenter(userdict_path(), words)
        self.segmenter = segmenter

    @staticmethod
    def _build_engines(rules: Sequence[Rule]) -> list[Engine]:
        by_class: dict[type[Engine], list[Rule]] = {}
        for rule in rules:
            by_class.setdefault(ENGINES[rule.engine], []).append(rule)
        return [cls(members) for cls, members in by_class.items()]

    def engines(self) -> list[Engine]:
        if self._engines is None:
            self._engines = self._build_engines(self.rules)
        return self._engines

    def matching(self, selector: str) -> list[Rule]:
        if selector == "ALL":
            return list(self.rules)
        if selector in self.by_name:
            return [self.by_name[selector]]
        return [r for r in self.rules if r.code.startswith(selector)]

    def select(self, select: Sequence[str] | None = None, ignore: Sequence[str] = (), origin: str = "") -> RuleSet:
        """The rules matched by ``select`` (all when None) and not by ``ignore``: codes, prefixes or names."""
        where = f"{origin}: " if origin else ""
        for selector in [*(select or ()), *ignore]:
            if not (SELECTOR.fullmatch(selector) or selector in self.by_name):
                raise RuleError(f"{where}「{selector}」不是规则代码、代码前缀（如 T、T1、T101）或规则名称")
            if not self.matching(selector):
                raise RuleError(f"{where}没有与「{selector}」相符的规则（可用 speechkit rules 查看全部规则）")
        chosen = {r.code for s in select for r in self.matching(s)} if select is not None else set(self.by_code)
        for selector in ignore:
            chosen -= {r.code for r in self.matching(selector)}
        return RuleSet([r for r in self.rules if r.code in chosen], self.segmenter)


def load_rules(terms: Iterable[str | Path] = (), *, builtin: bool = True) -> RuleSet:
    """The built-in rules plus the user's term files (each checked whole before any is used)."""
    rules = list(builtin_rules()) if builtin else []
    for path in terms:
        rules.extend(load_file(path, user=True))
    check_unique(rules)
    return RuleSet(rules)
