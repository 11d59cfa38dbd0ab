"""READ BACK: an old draft (.docx, .txt, .md) → an outline that ``speechkit render`` accepts.

    from speechkit.readback import extract_file
    result = extract_file("old-speech.txt")      # kind guessed; result.notes say what was repaired
    print(result.to_yaml("old-speech.txt"))

Modules, each importing only those listed before it:

* ``model``: the paragraphs being read, their level markers, notes, ``unplaced``, placeholders;
* ``repairs``: paragraphs a copy split or merged, put back; ``points``: 一、/（一） points and plain runs;
* ``dump``, ``result``: the :class:`Extraction` and its YAML;
* ``speech_head``, ``speech``: the speech reader; ``gongwen``: the 公文 frame read with
  :mod:`speechkit.frame`; ``plan``, ``notice``, ``decision``: the 公文 kinds' readers;
* ``readers``: the static table kind → (guess, read); ``run``: draft → outline, and ``speechkit outline``.

Names load on first use, so ``import speechkit.readback`` costs nothing until a draft is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes

if TYPE_CHECKING:
    from .result import Extraction
    from .run import extract_file, extract_outline, outline_file

_EXPORTS = {"Extraction": "result", "extract_file": "run", "extract_outline": "run", "outline_file": "run"}
__all__ = ["Extraction", "extract_file", "extract_outline", "outline_file"]

__getattr__ = lazy_attributes(__name__, _EXPORTS, globals())
