"""What every part of the OOXML layer shares: namespaces, the XML header, escaping."""

from __future__ import annotations

import re

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_W = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
_WQ = f"{{{W_NS}}}"  # the namespace as lxml spells a qualified tag

# Characters XML 1.0 cannot carry at all; outline validation reports them with their YAML path,
# this is the last line of defence.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

