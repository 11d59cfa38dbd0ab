"""The GB/T 9704-2012 layout profile, as data. No logic lives here.

Lengths are twips (1/20 pt) unless named otherwise; font sizes are half-points (w:sz).
Sources and arithmetic: docs/layout.md and ../shared/reference/gbt9704.md.
"""

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

# Paragraph styles. indent: first-line indent in characters; align: Word's w:jc value.
# Every style is based on Normal (3号仿宋, exact 579, first-line indent 2 characters).
PARAGRAPH_STYLES = {
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
    },
    "SKDocNumber": {"name": "发文字号", "align": "center", "indent": 0},
    "SKAddressee": {"name": "主送机关", "indent": 0},
    "SKAttachment": {"name": "附件说明"},
    "SKSignature": {"name": "发文机关署名", "align": "right", "indent": 0},
    "SKDate": {"name": "成文日期", "align": "right", "indent": 0},
    "SKNote": {"name": "附注"},
    "SKAttachmentLabel": {"name": "附件标识", "font": "heiti", "indent": 0},
    "SKCenter": {"name": "居中", "align": "center", "indent": 0},
    "SKPlain": {"name": "顶格", "indent": 0},
    "SKImprint": {"name": "版记", "size": "四号", "indent": 0},
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
    "cc": "SKImprint",
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
