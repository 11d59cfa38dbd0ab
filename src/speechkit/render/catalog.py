"""Which document kinds exist: the built-in template folders and the user's, with their meta.yaml.

A kind is a folder ``<kind>/`` holding ``template.j2`` on the template search path; ``meta.yaml``
beside it names and describes it. The first folder on the path wins, so a user folder overrides a
built-in kind of the same name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import TemplateError
from ..outline import MAX_FILE_NODES, load_located
from ..resources import data_dir
from . import templating


@dataclass(frozen=True)
class KindInfo:
    kind: str
    name: str
    description: str
    folder: Path  # the folder whose template is used
    builtin: bool
    overrides: bool = False  # a user folder shadowing a built-in kind


def read_meta(folder: Path) -> dict[str, str]:
    """``meta.yaml`` of one kind folder, checked; a missing file gives empty text."""
    path = folder / "meta.yaml"
    if not path.is_file():
        return {"name": "", "description": ""}
    label = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TemplateError("不是 UTF-8 编码的文本；请另存为 UTF-8", file=label) from None
    source = load_located(text, label, TemplateError, max_nodes=MAX_FILE_NODES, typed_ints=True)
    data, lines = source.data, source.lines
    if data is None:
        return {"name": "", "description": ""}
    if not isinstance(data, dict):
        raise TemplateError("meta.yaml 应由 kind:、name:、description: 等字段组成", file=label, line=1)
    out = {}
    for key in ("kind", "name", "description"):
        value = data.get(key, "")
        if not isinstance(value, str):
            raise TemplateError("应为一段文字", file=label, line=lines.get((key,)), path=(key,))
        out[key] = value.strip()
    if out["kind"] and out["kind"] != folder.name:
        raise TemplateError(f"kind「{out['kind']}」与文件夹名「{folder.name}」不一致；请改成一致",
                            file=label, line=lines.get(("kind",)), path=("kind",))
    return out


def list_kinds(user_dirs: list[Path] | None = None) -> list[KindInfo]:
    """Every kind on the search path, sorted by name, each with the folder that wins."""
    builtin_root = data_dir("templates").resolve()
    found: dict[str, KindInfo] = {}
    builtin_kinds = {p.parent.name for p in builtin_root.glob("*/template.j2")}
    for root in templating.search_path(user_dirs):
        if not root.is_dir():
            continue
        is_builtin = root.resolve() == builtin_root
        for template in sorted(root.glob("*/template.j2")):
            folder = template.parent
            if folder.name in found:
                continue
            meta = read_meta(folder)
            found[folder.name] = KindInfo(
                kind=folder.name,
                name=meta["name"],
                description=meta["description"],
                folder=folder,
                builtin=is_builtin,
                overrides=not is_builtin and folder.name in builtin_kinds,
            )
    return [found[k] for k in sorted(found)]
