"""The house rules of the import graph: no cycles, and no import from a lower layer to a higher one.

Each top-level module or package of speechkit sits in one layer. A module may import modules of its
own layer or of lower layers, never of a higher one; ``test_layers_cover_the_tree`` makes sure a new
module is given a layer before it can import anything.
"""

from __future__ import annotations

import pytest

from tests.architecture.imports import cycles, graph

# Lowest first. Why each module sits where it does is in docs/architecture.md.
LAYERS: tuple[frozenset[str], ...] = tuple(frozenset(layer.split()) for layer in (
    "errors resources lazy gbt9704 version zh cli_help",  # facts and plumbing; cli_help: the CLI's language
    "files outline blocks",  # disk, YAML with locations, the block model
    "jiebadict segment config titles frame",  # word boundaries, speechkit.yaml, title breaks, the 公文 frame
    "docx_io kinds soffice pagination",  # WordprocessingML; outline models; the LibreOffice runner; page model
    "drafts",  # any draft on disk → Document
    "render lint",  # the BUILD and LINT pipelines
    "batch readback layout",  # pipelines built on render (and layout also on lint's findings)
    "cli __init__ __main__",  # the command line and the public API
))


def unit(module: str) -> str:
    """``speechkit.lint.fix`` → ``lint``; the package itself → ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def layer_of(module: str) -> int:
    name = unit(module)
    for number, layer in enumerate(LAYERS):
        if name in layer:
            return number
    raise AssertionError(f"{module} has no layer in tests/architecture/test_imports.py")


GRAPH = graph()


def test_layers_cover_the_tree():
    for module in GRAPH:
        layer_of(module)
    assert all(len(a & b) == 0 for i, a in enumerate(LAYERS) for b in LAYERS[i + 1:])


def test_no_import_cycles():
    assert cycles(GRAPH) == []


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_upward_imports(module):
    upward = sorted(m for m in GRAPH[module] if layer_of(m) > layer_of(module))
    assert upward == [], f"{module} imports a higher layer"


def test_the_graph_is_read():
    # A reader that saw no imports would pass every test above.
    assert "speechkit.errors" in GRAPH["speechkit.files"]
    assert "speechkit.kinds" in GRAPH["speechkit.render.build"]
    assert cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
