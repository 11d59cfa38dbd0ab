"""``lint --fix``, ``--unsafe-fixes`` and ``--diff``: which fixes to make, round after round.

Each round lints the draft, picks a non-overlapping set of fixes deterministically (:func:`choose`)
and makes them (:mod:`.apply`). Fixes left out because they overlap a chosen one are picked up by
the next round, which lints the result again; rounds stop when no fix is left to make (so a second
``--fix`` changes nothing) or after :data:`MAX_ROUNDS`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from .apply import TrackChanges, apply_docx, apply_text, is_docx
from .findings import Finding

MAX_ROUNDS = 8


@dataclass(frozen=True)
class Applied:
    """A finding whose fix was made, in round ``round`` (its positions are in that round's text)."""

    finding: Finding
    round: int
    revisions: tuple[str, ...] = ()  # with --track-changes: the w:id of the revisions the fix became

    def to_json(self) -> dict:
        return {**self.finding.to_json(), "round": self.round}


@dataclass
class FixResult:
    path: str  # as given on the command line (``-`` for stdin)
    kind: str  # "text" or "docx"
    before: bytes
    after: bytes
    applied: list[Applied] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)  # what a lint of ``after`` reports
    rounds: int = 0
    settled: bool = True  # False: fixes were still coming when the rounds ran out (or went in a circle)
    circling: bool = False  # the fixes undo one another: a round gave back an earlier text

    @property
    def changed(self) -> bool:
        return self.after != self.before


# ---------------------------------------------------------------------------------------------
# Which fixes to make.


def fix_units(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that carry their own fix: a summary finding stands for its per-paragraph detail
    (where the detail has fixes; otherwise the summary finding is taken as it is)."""
    out: list[Finding] = []
    for f in findings:
        detail = [d for d in f.detail if isinstance(d, Finding)]
        if any(d.fix is not None for d in detail):
            out.extend(detail)
        else:
            out.append(f)
    return out


def wanted(finding: Finding, unsafe: bool) -> bool:
    fix = finding.fix
    return (
        fix is not None
        and finding.block is not None
        and (fix.safe or unsafe)
        and fix.replacement != finding.match
        and 0 <= finding.start <= finding.end
    )


def choose(findings: Iterable[Finding], unsafe: bool = False) -> list[Finding]:
    """A non-overlapping set of fixes, the same for the same findings.

    Per block, leftmost first and, at the same start, the longest span first (then code and
    replacement, to settle ties). A fix is left for a later round when it overlaps one already
    chosen; an insertion (empty span) also clashes with another insertion at the same place and
    with a span that starts there. A second finding asking for the very same edit rides along.
    """
    candidates = sorted(
        (f for f in fix_units(findings) if wanted(f, unsafe)),
        key=lambda f: (f.block, f.start, -(f.end - f.start), f.code, f.replacement, f.message),
    )
    chosen: list[Finding] = []
    block: int | None = None
    reach = -1
    insertions: set[int] = set()
    edits: set[tuple[int, int, str]] = set()
    for f in candidates:
        if f.block != block:
            block, reach, insertions, edits = f.block, -1, set(), set()
        edit = (f.start, f.end, f.replacement)
        if edit in edits:
            chosen.append(f)
            continue
        if f.start < reach or (f.start == f.end and f.start in insertions):
            continue
        chosen.append(f)
        edits.add(edit)
        if f.start == f.end:
            insertions.add(f.start)
        reach = max(reach, f.end)
    return chosen


# ---------------------------------------------------------------------------------------------
# Rounds.


def fix_bytes(path: str, data: bytes, ruleset, *, unsafe: bool = False, max_rounds: int = MAX_ROUNDS,
              track: TrackChanges | None = None) -> FixResult:
    """Lint and fix a draft held in memory until no fix is left to make (at most ``max_rounds`` rounds);
    with ``track`` (a .docx only), every fix is written as a tracked change."""
    from ..drafts import read_document
    from . import lint_document

    kind = "docx" if is_docx(path, data) else "text"
    def apply(path, data, document, chosen):
        if kind == "docx":
            return apply_docx(path, data, document, chosen, track)
        return apply_text(path, data, document, chosen)

    result = FixResult(path, kind, data, data)
    seen = {hashlib.sha256(data).digest()}
    current = data
    findings: list[Finding] | None = None
    circling = False
    for round_ in range(1, max_rounds + 1):
        document = read_document(path, current)
        findings = lint_document(document, ruleset, path)
        chosen = choose(findings, unsafe)
        if not chosen:
            break
        new, done = apply(path, current, document, chosen)
        if not done or new == current:
            break  # what is chosen cannot be made: another round would not change anything either
        marks = track.ids if track is not None else {}
        result.applied.extend(Applied(f, round_, marks.get(f, ())) for f in sorted(done, key=lambda f: f.sort_key))
        result.rounds = round_
        current, findings = new, None
        digest = hashlib.sha256(new).digest()
        if digest in seen:  # the fixes undo one another
            circling = True
            break
        seen.add(digest)
    if findings is None:  # stopped after making fixes: see what is left, and whether more would follow
        document = read_document(path, current)
        findings = lint_document(document, ruleset, path)
        chosen = choose(findings, unsafe)
        if circling:
            result.settled, result.circling = False, True
        elif chosen:
            new, done = apply(path, current, document, chosen)
            result.settled = not done or new == current
    result.after = current
    result.remaining = findings
    return result
