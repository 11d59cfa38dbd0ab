"""Rule type for the script family (Z): traditional characters in simplified text, and the reverse.

The draft already holds each paragraph in simplified script, converted by OpenCC ``t2s`` position
for position (simplify.py); where that differs from the original, the original has traditional
(or variant) characters, and the simplified text is the fix. So a simplified draft costs nothing
here, and OpenCC is never loaded for one.

* ``check: traditional`` – in a simplified draft, each clause (a run of Chinese characters) holding
  traditional characters is one finding, fixed through t2s. A clause whose only changes are to
  characters GB2312 has (乾, 於, 徵 — also simplified characters in their own right) is left alone:
  t2s changed them by context, and the draft may mean them.
* ``check: document`` – a draft that is traditional (four in five of the characters that tell the
  scripts apart are traditional, the rest simplified-only) gets one finding per paragraph, fixed
  through t2s, all carrying the rule's ``summary``: the reporters show one line for the draft, and
  the paragraphs in JSON.
* ``check: simplified`` – in a traditional draft, simplified-only characters (those OpenCC's
  s2t, s2tw and s2hk all change) are findings, fixed through s2t in context; the fix is safe only
  where the character has a single traditional form. This is for a draft meant to stay traditional
  (``--ignore Z103``). When both are selected, each Z103 span takes in the paragraph's stray
  simplified characters, so ``--fix`` makes the one t2s edit and the paragraph ends simplified; a
  paragraph without traditional characters gets no Z102 finding then, as it is already simplified.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from ...zh import is_han
from ..findings import Finding
from ..simplify import needs_conversion
from .base import Engine

if TYPE_CHECKING:
    from ..draft import Draft
    from ..rules import Rule

# Below this share of changed characters a draft is simplified without counting (a traditional
# draft has about one changed character in three).
_SURELY_SIMPLIFIED = 0.05
# A draft is traditional when this share of its script-specific characters is traditional; below it,
# traditional characters are strays in a simplified draft (Z101), one finding per clause.
TRADITIONAL_SHARE = 0.8


@dataclass
class Analysis:
    changed: dict[int, list[int]]  # linted block → offsets whose character t2s changes
    traditional: int  # how many characters t2s changes
    simplified: int  # how many simplified-only characters (counted only when it matters)
    only: frozenset[str] = frozenset()  # the simplified-only characters of the draft (likewise)

    @property
    def traditional_document(self) -> bool:
        """Four in five of the characters that tell the scripts apart are traditional."""
        return self.traditional >= TRADITIONAL_SHARE * (self.traditional + self.simplified)


def analyse(draft: Draft) -> Analysis | None:
    """Where the draft's characters are traditional; None for a draft without any. Cached."""
    if "script" in draft.cache:
        return draft.cache["script"]
    changed: dict[int, list[int]] = {}
    total = 0
    for i, (original, text) in enumerate(zip(draft.originals, draft.texts, strict=True)):
        if original == text:
            continue
        # Suppression comments are blanked to spaces in ``text``; t2s never yields a space.
        offsets = [k for k, (a, b) in enumerate(zip(original, text, strict=True)) if a != b and b != " "]
        if offsets:
            changed[i] = offsets
            total += len(offsets)
    result = None
    if total:
        if total >= _SURELY_SIMPLIFIED * len(draft.joined):
            counts = Counter("".join(draft.originals))
            only = simplified_only(frozenset(ch for ch in counts if is_han(ch)))
            result = Analysis(changed, total, sum(counts[ch] for ch in only), only)
        else:
            result = Analysis(changed, total, total + 1)
    draft.cache["script"] = result
    return result


def _convert(config: str, text: str) -> str:
    from ..simplify import _converter

    return _converter(config).convert(text)


def _each(config: str, chars) -> dict[str, str]:
    """Each character converted on its own (one OpenCC call; a newline keeps phrases from forming)."""
    chars = sorted(chars)
    converted = _convert(config, "\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - OpenCC keeps newlines
        converted = [_convert(config, ch) for ch in chars]
    return dict(zip(chars, converted, strict=True))


def simplified_only(chars: frozenset[str]) -> frozenset[str]:
    """The characters of ``chars`` that no traditional standard writes: s2t, s2tw and s2hk all change them."""
    out = set(chars)
    for config in ("s2t", "s2tw", "s2hk"):
        mapped = _each(config, out)
        out = {ch for ch in out if mapped[ch] != ch}
    return frozenset(out)


@lru_cache(maxsize=1)
def traditional_forms() -> dict[str, frozenset[str]]:
    """simplified character → the traditional characters t2s maps to it (from the CJK blocks)."""
    chars = [chr(c) for c in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000))]
    mapped = _each("t2s", chars)
    out: dict[str, set[str]] = {}
    for ch, simple in mapped.items():
        if simple != ch and len(simple) == 1:
            out.setdefault(simple, set()).add(ch)
    return {k: frozenset(v) for k, v in out.items()}


def clauses(text: str, offsets: list[int]) -> list[list[int]]:
    """Changed offsets grouped by clause: two stay together when only Chinese characters lie between."""
    groups: list[list[int]] = []
    for k in offsets:
        if groups and all(is_han(ch) for ch in text[groups[-1][-1] + 1 : k]):
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


class ScriptEngine(Engine):
    names = ("script",)
    keys: ClassVar = {"script": {"check": "str", "summary": "str", "safe": "bool"}}
    placeholders: ClassVar = {"script": ("match", "fix", "count", "paragraphs", "chars")}
    CHECKS = ("traditional", "document", "simplified")

    @classmethod
    def check_params(cls, engine: str, params: dict, fail) -> dict:
        params = super().check_params(engine, params, fail)
        if params["check"] == "document" and "summary" not in params:
            fail("缺少 summary：check 为 document 时须给出全文一行的提示", "summary")
        return params

    @classmethod
    def fix_kind(cls, rule: Rule) -> str:
        return "safe" if rule.params.get("safe") else "unsafe"

    def run(self, draft: Draft) -> Iterator[Finding]:
        analysis = analyse(draft)
        if analysis is None:
            return
        wanted = {rule.params["check"]: rule for rule in self.rules}
        if not analysis.traditional_document:
            if "traditional" in wanted:
                yield from self._traditional(draft, wanted["traditional"], analysis)
            return
        if "document" in wanted:
            yield from self._document(draft, wanted["document"], analysis)
        if "simplified" in wanted:
            # With Z103 selected the draft is to end simplified: a paragraph with no traditional character is
            # already right, and Z102 would write it traditional for Z101 to undo.
            within = set(analysis.changed) if "document" in wanted else None
            yield from self._simplified(draft, wanted["simplified"], analysis, within)

    @staticmethod
    def _traditional(draft: Draft, rule: Rule, analysis: Analysis) -> Iterator[Finding]:
        for i, offsets in analysis.changed.items():
            original, text = draft.originals[i], draft.texts[i]
            base = draft.starts[i]
            for group in clauses(original, offsets):
                if not any(needs_conversion(original[k]) for k in group):
                    continue
                a, b = group[0], group[-1] + 1
                message = rule.message.format(match=original[a:b], fix=text[a:b], count=len(group),
                                              paragraphs=1, chars=len(group))
                yield draft.finding(rule, base + a, base + b, message, text[a:b], bool(rule.params.get("safe")),
                                    as_is=True)

    @staticmethod
    def _document(draft: Draft, rule: Rule, analysis: Analysis) -> Iterator[Finding]:
        p = rule.params
        summary = p["summary"].format(match="", fix="", count=analysis.traditional,
                                      paragraphs=len(analysis.changed), chars=analysis.traditional)
        only = analysis.only
        for i, offsets in analysis.changed.items():
            original, text = draft.originals[i], draft.texts[i]
            # The span also takes in stray simplified characters (Z102's findings), which t2s keeps: one
            # fix for the paragraph, and Z102's fixes inside it give way to it.
            strays = [k for k, ch in enumerate(original) if ch in only]
            a, b = min([offsets[0], *strays[:1]]), max([offsets[-1], *strays[-1:]]) + 1
            base = draft.starts[i]
            message = rule.message.format(match=original[a:b], fix=text[a:b], count=len(offsets),
                                          paragraphs=len(analysis.changed), chars=analysis.traditional)
            finding = draft.finding(rule, base + a, base + b, message, text[a:b], bool(p.get("safe")), as_is=True)
            yield _with_summary(finding, summary)

    @staticmethod
    def _simplified(draft: Draft, rule: Rule, analysis: Analysis, within: set[int] | None) -> Iterator[Finding]:
        only = analysis.only
        if not only:
            return
        forms = traditional_forms()
        for i, original in enumerate(draft.originals):
            if within is not None and i not in within or not any(ch in only for ch in original):
                continue
            converted = _convert("s2t", original)
            if len(converted) != len(original):
                converted = "".join(_each("s2t", set(original)).get(ch, ch) for ch in original)
            # A simplified-only character that s2t keeps in its context (公里) is not one to report.
            offsets = [k for k, ch in enumerate(original) if ch in only and converted[k] != ch]
            if not offsets:
                continue
            base = draft.starts[i]
            for group in clauses(original, offsets):
                a, b = group[0], group[-1] + 1
                # Only the simplified-only characters change; s2t's other choices in between are not ours.
                replacement = "".join(converted[k] if k in group else original[k] for k in range(a, b))
                safe = bool(rule.params.get("safe")) and all(len(forms.get(original[k], ())) == 1 for k in group)
                message = rule.message.format(match=original[a:b], fix=replacement, count=len(group),
                                              paragraphs=1, chars=len(group))
                yield draft.finding(rule, base + a, base + b, message, replacement, safe, as_is=True)


def _with_summary(finding: Finding, summary: str) -> Finding:
    from dataclasses import replace

    return replace(finding, summary=summary)
