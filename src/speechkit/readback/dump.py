"""Outline data → YAML text the way outlines are written by hand, byte for byte the same each time."""

from __future__ import annotations

from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):
        # Lists indented under their key, the way outlines are written by hand.
        return super().increase_indent(flow, False)


def dump_yaml(data: Any) -> str:
    """Deterministic block-style YAML: keys in the given order, Chinese unescaped, no line folding."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=1_000_000)
