"""The generic rule types. A corpus entry names its engine; the engine knows what to do with it.

:data:`ENGINES` is the whole registry, written out: a new rule family writes its engine class (see
:mod:`.base`) in a module here and adds its names below; the loader, the reporters, selection,
suppression and the example tests then work for it unchanged.
"""

from __future__ import annotations

from .abbreviation import AbbreviationEngine
from .base import Engine
from .layout import LayoutEngine
from .patterns import MixedStyleEngine, PairsEngine, PatternEngine
from .script import ScriptEngine
from .structure import AttachmentEngine, MarkerEngine, NumberingEngine, ShapeEngine
from .terms import MatchEngine

ENGINES: dict[str, type[Engine]] = {
    "substitution": MatchEngine,
    "existence": MatchEngine,
    "consistency": MatchEngine,
    "abbreviation": AbbreviationEngine,
    "pattern": PatternEngine,
    "pairs": PairsEngine,
    "mixed-style": MixedStyleEngine,
    "marker": MarkerEngine,
    "numbering": NumberingEngine,
    "shape": ShapeEngine,
    "attachment": AttachmentEngine,
    "script": ScriptEngine,
    "layout": LayoutEngine,
}

__all__ = ["ENGINES", "Engine"]
