"""Blocks → pages: paragraphs split line by line (widow control off), page breaks before, section
breaks, keep-with-next chains, and tables (a table pinned to the bottom of the type area, as the
版记 is, goes on the page its anchor paragraph reaches, or the next one when it does not fit under
the text)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .docx_model import DocxModel, Para, Table
from .lines import break_lines

NATURAL_LINE_EM = 1.448  # Noto CJK ascent + descent: the height of a "single" line, in em
PITCH = 579.0  # the line positions pages are counted in (speechkit's exact line pitch)
SLACK = 1.0
BORDERS_ADD = 0  # whether table rules add to row heights (not decided by the measurements so far)
# Whether text the 版记 frame would cover moves to the next page. Measured: it does not (decisions
# whose 名单 reaches into the frame's place keep it; the frame goes to the next page), except in
# one notice where the 署名 chain moved as well; see docs/pagination.md.
OVERLAPPED_TEXT_MOVES = False  # twips: LibreOffice lays out in whole twips, a line exactly at the bottom fits


@dataclass
class Placed:
    index: int
    kind: str  # "paragraph" or "table"
    style: str
    text: str
    lines: int
    first_page: int  # 1-based physical page
    first_line: int  # 1-based line position on that page (of PITCH-high positions)
    top: float  # twips below the top of the type area
    last_page: int = 0
    bottom: float = 0.0  # twips below the top of the type area where it ends, on last_page
    line_texts: list[str] = field(default_factory=list)


@dataclass
class Pages:
    blocks: list[Placed]
    end_page: int
    end_line: int
    page_count: int

    def __iter__(self):
        return iter(self.blocks)


def line_height(para: Para) -> float:
    natural = NATURAL_LINE_EM * max([r.size for r in para.runs] or [para.size])
    if para.line_rule == "exact":
        return para.line
    if para.line_rule == "atLeast":
        return max(para.line, natural)
    return natural * para.line / 240


def _slot(top: float, height: float) -> int:
    return int((top + height / 2) // PITCH) + 1


class Flow:
    def __init__(self, model: DocxModel, limits: dict[int, float]) -> None:
        self.model = model
        self.full_height = model.page.body_height
        self.limits = limits  # page → usable height, where a 版记 pushed the text below it away
        self.width = model.page.body_width
        self.page, self.y = 1, 0.0

    @property
    def height(self) -> float:
        return self.limits.get(self.page, self.full_height)

    def new_page(self) -> None:
        self.page += 1
        self.y = 0.0

    def place_para(self, index: int, para: Para, force_break: bool) -> Placed:
        if (para.page_break_before or force_break) and (self.y > 0 or index == 0 and False):
            self.new_page()
        layout = break_lines(para, self.width)
        lh = line_height(para)
        whole = para.before + lh * layout.count + para.border_bottom
        if (para.keep_lines or para.keep_next) and self.y > 0 and self.y + whole > self.height + SLACK:
            # LibreOffice does not split a paragraph that keeps with the next one (widorp.cxx: the
            # keep attribute sets the frame's "keep together" unless it is the first on its page).
            self.new_page()
        self.y += para.before
        placed = Placed(index, "paragraph", para.style, para.text, layout.count, 0, 0, 0.0,
                        line_texts=layout.lines)
        for n in range(layout.count):
            extra = para.border_bottom if n == layout.count - 1 else 0.0
            if self.y + lh + extra > self.height + SLACK and self.y > 0:
                self.new_page()
            if n == 0:
                placed.first_page, placed.top = self.page, self.y
                placed.first_line = _slot(self.y, lh)
            self.y += lh + extra
        placed.last_page, placed.bottom = self.page, self.y
        self.y += para.after
        for _ in range(para.page_breaks):
            self.new_page()
        return placed

    def table_height(self, table: Table) -> float:
        total = BORDERS_ADD * (table.border_top + table.border_bottom
                               + table.border_inside * max(len(table.rows) - 1, 0))
        for row in table.rows:
            heights = []
            for c, cell in enumerate(row):
                width = (table.widths[c] if c < len(table.widths) else self.width) - 2 * table.cell_margin
                heights.append(sum(p.before + p.after + line_height(p) * break_lines(p, width).count for p in cell))
            total += max(heights or [0.0])
        return total

    def bottom_table_overlaps(self, table: Table, following: float) -> float | None:
        """Where a table pinned to the page bottom would start, when the text above reaches into it."""
        top = self.full_height - self.table_height(table)
        if OVERLAPPED_TEXT_MOVES and table.floating_bottom and self.y > 0 and self.y > top + SLACK:
            return top
        return None

    def place_table(self, index: int, table: Table, following: float) -> Placed:
        height = self.table_height(table)
        text = "".join(p.text for row in table.rows for cell in row for p in cell)
        rows = len(table.rows)
        if table.floating_bottom:
            top = self.full_height - height
            return Placed(index, "table", "", text, rows, self.page, _slot(top, PITCH), top, self.page)
        if self.y + height > self.height + SLACK and self.y > 0:
            self.new_page()
        placed = Placed(index, "table", "", text, rows, self.page, _slot(self.y, PITCH), self.y, self.page)
        self.y += height
        return placed


def _chain_start(blocks: list[Para | Table], i: int) -> int:
    """The first block of the keep-with-next chain that ends with block ``i``'s predecessor."""
    s = i - 1
    while s > 0 and isinstance(blocks[s - 1], Para) and blocks[s - 1].keep_next:  # type: ignore[union-attr]
        s -= 1
    return s


def _covered_chain(blocks: list[Para | Table], placed: list[Placed], flow: Flow, table: Table) -> int | None:
    """A keep-with-next chain the bottom-pinned ``table`` would cover on the current page: its start.

    Measured (docs/pagination.md): text the 版记 frame would cover stays where it is and the frame
    goes to the next page, except when a keep-with-next chain (特此通知 … 署名 → 成文日期) reaches
    into the frame's top rules only (the last text line ends above the first row but below the top
    of the frame's rules): then the chain goes to the next page with the frame.
    """
    if not table.floating_bottom or flow.y <= 0:
        return None
    rows_top = flow.full_height - flow.table_height(table) + BORDERS_ADD * _borders(table)
    top = rows_top - _borders(table)
    for p in reversed(placed):
        if p.last_page != flow.page or p.bottom <= top + SLACK:
            break
        i = p.index
        prev = blocks[i - 1] if i else None
        here = blocks[i]
        if isinstance(here, Para) and (here.keep_next or (isinstance(prev, Para) and prev.keep_next)):
            if p.bottom > rows_top + SLACK:
                return None  # text reaching over the rows themselves stays; only the rules' twips move it
            start = i if not (isinstance(prev, Para) and prev.keep_next) else _chain_start(blocks, i)
            return start if placed[start].top > 0 or placed[start].first_page != flow.page else None
    return None


def _borders(table: Table) -> float:
    return table.border_top + table.border_bottom + table.border_inside * max(len(table.rows) - 1, 0)


def paginate_model(model: DocxModel) -> Pages:
    forced: set[int] = set()
    limits: dict[int, float] = {}
    for _ in range(2 * len(model.blocks) + 2):
        placed, moved, limit = _run(model, forced, limits)
        if moved is not None:
            forced.add(moved)
        elif limit is not None:
            limits[limit[0]] = limit[1]
        else:
            break
    flow_end = placed[-1] if placed else None
    end_page = max((p.last_page for p in placed), default=1)
    end_line = round(flow_end.bottom / PITCH) if flow_end else 0
    return Pages(placed, end_page, end_line, end_page)


Action = tuple[list[Placed], int | None, tuple[int, float] | None]


def _run(model: DocxModel, forced: set[int], limits: dict[int, float]) -> Action:
    """One pass. Returns the blocks placed, and what to change before the next pass: a chain start
    to move to a new page, or a page whose usable height a bottom-pinned table cuts short.

    LibreOffice places a 版记 frame on its anchor's page first; text it covers there moves to the
    next page (keep-with-next chains follow), the anchor with it, and the frame then goes too: the
    text does not flow back (docs/pagination.md).
    """
    flow = Flow(model, limits)
    placed: list[Placed] = []
    section_next = False
    blocks = model.blocks
    for i, block in enumerate(blocks):
        if isinstance(block, Table):
            following = sum(line_height(b) for b in blocks[i + 1 : i + 2] if isinstance(b, Para))
            top = flow.bottom_table_overlaps(block, following)
            if top is not None and flow.page not in limits:
                return placed, None, (flow.page, top)
            chain = _covered_chain(blocks, placed, flow, block)
            if chain is not None and chain not in forced:
                return placed, chain, None
            if top is not None or (block.floating_bottom and flow.y + following > flow.full_height
                                   - flow.table_height(block) + SLACK):
                flow.new_page()
            placed.append(flow.place_table(i, block, following))
            continue
        p = flow.place_para(i, block, i in forced or section_next)
        section_next = block.section_break
        prev = blocks[i - 1] if i else None
        if isinstance(prev, Para) and prev.keep_next and placed[-1].last_page != p.first_page:
            start = _chain_start(blocks, i)
            if start not in forced and placed[start].top > 0:
                return placed, start, None
        placed.append(p)
    return placed, None, None
