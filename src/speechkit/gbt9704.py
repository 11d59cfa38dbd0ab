"""The GB/T 9704-2012 layout profile, as data. No logic lives here.

Lengths are twips (1/20 pt) unless named otherwise; font sizes are half-points (w:sz).
Sources and arithmetic: docs/layout.md and ../shared/reference/gbt9704.md.
"""

from typing import Any

# A4 and the type area 156 × 225 mm (§5.1, §5.2.1). Bottom and right margins follow from them.
PAGE_WIDTH = 11906
PAGE_HEIGHT = 16838
MARGIN_TOP = 2098  # 37 mm
MARGIN_BOTTOM = 1984  # 35 mm
MARGIN_LEFT = 1587  # 28 mm
MARGIN_RIGHT = 1474  # 26 mm
HEADER_DISTANCE = 851  # 15 mm; there is no header, the value only has to stay inside the margin
FOOTER_DISTANCE = 1400  # puts the top of the 一字线 about 7 mm below the type area (§7.5)
TYPE_AREA_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 8845

# 22 lines × 28 characters (§5.2.3): the largest whole-twip pitch with 22 lines in 225 mm is 579,
# and −0.25 pt of character spacing brings 28 三号 characters (441 pt) inside 442.25 pt.
LINES, CHARS = 22, 28  # lines a page, characters a line
LINE_PITCH = 579
CHAR_SPACING = -5  # w:spacing on runs, in twentieths of a point
CHAR_WIDTH = 320  # one 三号 character, for indents measured in characters

SIZE = {  # Chinese type sizes → half-points
    "小初": 72,
    "一号": 52,
    "二号": 44,
    "三号": 32,
    "四号": 28,
}

# Face names as Word knows them. Previews may substitute free fonts; the .docx keeps these.
FONT = {
    "fangsong": "仿宋_GB2312",
    "kaiti": "楷体_GB2312",
    "heiti": "黑体",
    "xiaobiaosong": "方正小标宋简体",
    "songti": "宋体",
    "latin": "Times New Roman",
}
# Word falls back to w:altName when a face is missing (仿宋_GB2312 is absent from recent Windows).
FONT_ALT = {
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "方正小标宋简体": "宋体",
}

RED = "FF0000"

# 版头 (§7.2.4–7.2.7). The 发文机关标志's top edge sits 35 mm below the top of the type area: its
# paragraph has an exact line height equal to the type size and space before it. Where glyphs sit
# inside an exact-height line depends on the renderer and the face's metrics; the offsets below are
# measured on LibreOffice 7.4 with the preview fonts (docs/kinds.md): glyph tops 31 twips above the
# line top at 小初, 文号 glyph bottoms 1.4 mm above the bottom of a 579-twip line. The standard gives
# no size for the mark; 小初 is common practice, and the writer narrows (w:w) a mark too long for the line.
ORGAN_TOP = 1984  # 35 mm
ORGAN_LINE = 720  # 36 pt, one 小初 line
ORGAN_SPACE_BEFORE = ORGAN_TOP + 31
ORGAN_MIN_SCALE = 50  # percent; a narrower mark is an error rather than unreadable

# The red rule (§7.2.7): 4 mm under the 文号, as wide as the type area. No thickness is given; 1.5 pt
# (w:sz in eighths of a point) sits in the common 1–2.25 pt range. ``space`` is in points, from the
# bottom of the 文号's line to the rule: 7 pt + the 1.4 mm under the glyphs ≈ 4 mm.
RED_RULE = {"val": "single", "sz": 12, "space": 7, "color": RED}

# 版记 (§7.4): a one-column table pinned to the bottom of the type area on the last page. First and
# last rules 0.35 mm (w:sz 8 = 1 pt), rules between 0.25 mm (w:sz 6 = 0.75 pt), all black.
IMPRINT_CHAR = 280  # one 4号 character
IMPRINT_RULE_THICK = 8
IMPRINT_RULE_THIN = 6
IMPRINT_RULE_COLOR = "000000"

# 附件说明 (§7.3.4): the paragraph starts 2 characters in; a wrapped name aligns with the name above.
# Widths of what precedes the name, per character at 三号 with the body's character spacing:
# Chinese characters one em, Times New Roman digits half an em, its full stop a quarter em.
ATTACHMENT_INDENT = 2 * CHAR_WIDTH
ADVANCE_EM = {"cjk": 1.0, "digit": 0.5, ".": 0.25, "other": 0.5}

# Paragraph styles. indent: first-line indent in characters; align: Word's w:jc value.
# Every style is based on Normal (3号仿宋, exact 579, first-line indent 2 characters) unless it says
# based_on: None. ind: indents in twips; tabs: (alignment, position); before/line: spacing in twips.
PARAGRAPH_STYLES: dict[str, dict[str, Any]] = {
    "Normal": {"name": "Normal", "indent": 2},
    "SKTitle": {"name": "公文标题", "font": "xiaobiaosong", "size": "二号", "align": "center", "indent": 0},
    "SKSubtitle": {"name": "副标题", "font": "kaiti", "align": "center", "indent": 0},
    "SKDateline": {"name": "讲话日期", "font": "kaiti", "align": "center", "indent": 0},
    "SKByline": {"name": "讲话人", "font": "kaiti", "align": "center", "indent": 0},
    "SKSalutation": {"name": "称呼", "indent": 0},
    "SKHeading1": {"name": "一级标题", "font": "heiti", "outline": 0},
    "SKHeading2": {"name": "二级标题", "font": "kaiti", "outline": 1},
    "SKHeading3": {"name": "三级标题", "outline": 2},
    "SKHeading4": {"name": "四级标题", "outline": 3},
    "SKOrgan": {
        "name": "发文机关标志",
        "font": "xiaobiaosong",
        "size": "小初",
        "color": RED,
        "align": "center",
        "indent": 0,
        "before": ORGAN_SPACE_BEFORE,
        "line": ORGAN_LINE,
    },
    # The red rule is the 文号 paragraph's bottom border, so it spans the type area and follows the 文号.
    "SKDocNumber": {"name": "发文字号", "align": "center", "indent": 0, "border_bottom": RED_RULE},
    "SKAddressee": {"name": "主送机关", "indent": 0},
    # Not based on Normal: a paragraph's own hanging indent must not meet Normal's inherited
    # firstLineChars, which Word applies in preference to twip values. Indents are set per paragraph.
    "SKAttachment": {"name": "附件说明", "based_on": None},
    "SKSignature": {"name": "发文机关署名", "align": "right", "indent": 0},
    "SKDate": {"name": "成文日期", "align": "right", "indent": 0},
    "SKNote": {"name": "附注"},
    "SKAttachmentLabel": {"name": "附件标识", "font": "heiti", "indent": 0},
    "SKCenter": {"name": "居中", "align": "center", "indent": 0},
    "SKPlain": {"name": "顶格", "indent": 0},
    # 版记 (§7.4.2–7.4.3), 4号, one character = 280 twips. Character spacing 0 here, so "抄送：" is
    # exactly three characters wide and continuation lines align after the colon.
    "SKCc": {
        "name": "抄送",
        "size": "四号",
        "char_spacing": 0,
        "based_on": None,
        "ind": {"left": IMPRINT_CHAR * 4, "right": IMPRINT_CHAR, "hanging": IMPRINT_CHAR * 3},
    },
    "SKImprint": {
        "name": "版记",
        "size": "四号",
        "char_spacing": 0,
        "based_on": None,
        "ind": {"left": IMPRINT_CHAR, "right": IMPRINT_CHAR},
        "tabs": (("right", TYPE_AREA_WIDTH - IMPRINT_CHAR),),  # 印发日期 ends 1 character from the edge
    },
    "SKFooter": {"name": "页码", "font": "songti", "size": "四号", "indent": 0, "latin": "songti"},
}
# Character styles for run-in leads: （一）深刻认识……。 in 楷体, then the body in 仿宋.
CHARACTER_STYLES = {
    "SKLead1": {"name": "一级标题字符", "font": "heiti"},
    "SKLead2": {"name": "二级标题字符", "font": "kaiti"},
}

BLOCK_STYLE = {
    "para": "Normal",
    "title": "SKTitle",
    "subtitle": "SKSubtitle",
    "dateline": "SKDateline",
    "byline": "SKByline",
    "salutation": "SKSalutation",
    "organ": "SKOrgan",
    "docnumber": "SKDocNumber",
    "addressee": "SKAddressee",
    "attachment": "SKAttachment",
    "signature": "SKSignature",
    "date": "SKDate",
    "note": "SKNote",
    "attachment_label": "SKAttachmentLabel",
    "center": "SKCenter",
    "plain": "SKPlain",
    "cc": "SKCc",
    "imprint": "SKImprint",
    "imprint_date": "SKImprint",
    "blank": "Normal",
}
LEVEL_STYLE = {1: "SKHeading1", 2: "SKHeading2", 3: "SKHeading3", 4: "SKHeading4"}
LEAD_STYLE = {1: "SKLead1", 2: "SKLead2"}

# 成文日期 and 署名 (§7.3.5): with a seal, the date is right-indented 4 characters and the
# 署名 centred over it; without one, the 署名 is right-indented 2 and the date starts 2 characters
# to the right of the 署名's first character.
SEALED_DATE_RIGHT_INDENT = 4
UNSEALED_SIGNATURE_RIGHT_INDENT = 2
