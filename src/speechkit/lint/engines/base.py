"""What every engine is: a class built once from the selected rules that use it, yielding findings.

An engine class declares the YAML keys its entries may carry (:attr:`Engine.keys`, checked by the
rule loader), the placeholders its messages may use, and how to summarise a rule and its fix for
``speechkit rules``. engines/__init__.py lists every engine by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar, NoReturn

if TYPE_CHECKING:
    from ..draft import Draft
    from ..findings import Finding
    from ..rules import Rule

# ``fail(message, key)``: raises a RuleError located at the rule's key.
Fail = Callable[..., NoReturn]


class Engine:
    """Base class. ``keys`` maps each engine name to {key: kind} for the loader to check."""

    names: ClassVar[tuple[str, ...]] = ()
    keys: ClassVar[dict[str, dict[str, str]]] = {}
    placeholders: ClassVar[dict[str, tuple[str, ...]]] = {}
    defaults: ClassVar[dict[str, dict]] = {}
    CHECKS: ClassVar[tuple[str, ...]] = ()  # when set, every rule names one of them in ``check``
    builtin_only: ClassVar[bool] = False  # not for the user's term files

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules

    @classmethod
    def check_params(cls, engine: str, params: dict, fail: Fail) -> dict:
        """Engine-specific checks beyond kinds; ``fail(message, key)`` raises a located RuleError."""
        if cls.CHECKS and params.get("check") not in cls.CHECKS:
            fail(f"应为 {'、'.join(cls.CHECKS)} 之一", "check")
        return params

    @classmethod
    def example_type(cls) -> type | None:
        """The dataclass an example is described as, when it is not a text (None: texts)."""
        return None

    @classmethod
    def fix_kind(cls, rule: Rule) -> str:
        """``safe``, ``unsafe`` or ``none``: what this rule's findings offer (shown by ``speechkit rules``)."""
        return "none"

    @classmethod
    def summary(cls, rule: Rule, limit: int | None = None) -> str:
        """One line for ``speechkit rules``: what the rule looks for."""
        return rule.description.split("\n", 1)[0] if rule.description else rule.engine

    def jieba_words(self) -> dict[str, int]:
        """Words to add to jieba (with frequency) so that this engine's terms segment whole."""
        return {}

    def run(self, draft: Draft) -> Iterable[Finding]:
        raise NotImplementedError

