"""Batch speed and memory: `speechkit batch` against docxtpl, measured in the same run.

    python benchmarks/batch_bench.py [--rows 1000] [--repeat 15] [--memory-rows 10000] [--skip-memory] [--keep DIR]

What it does, all on the example notice (examples/notices/notice.yaml, a 2-page 通知):

1. Makes a table of ``--rows`` rows by cycling examples/notices/departments.csv (each row gets its own
   序号 and 文号, so every file has its own name).
2. Runs ``speechkit batch`` on it as a user would (a fresh process, ``-j 1`` and ``-j 2``; a one-row
   table too, for the fixed cost), in ``--repeat`` interleaved rounds, after compiling speechkit's
   modules as ``pip install`` would; checks that -j 1 and -j 2 wrote the same bytes. Each round
   also runs the ceiling: two independent ``-j 1`` processes, half the rows each, started together
   — what a ``-j 2`` with no overhead of its own would get from this machine's two CPUs — and
   a CPU-bound loop alone and two at once, which shows what the two CPUs give at that moment.
3. Builds the equivalent docxtpl template .docx here (same paragraphs, same text, GB/T 9704 page,
   fonts with eastAsia set, odd/even "— N —" footers, the 版记 as a table) from speechkit's own
   rendering of a row of placeholder values, then renders the same rows with docxtpl the way its
   users do: load the template, render, save, per document. The contexts (dates already formatted)
   are made before the clock starts, so docxtpl is timed on its own work only.
4. Checks that docxtpl and speechkit produced the same paragraph text for sample rows.
5. Prints seconds, ms per document and the ratios against the targets (speechkit ≥ 5× docxtpl
   at -j 1; -j 2 ≥ 1.7× -j 1), plus each run's fixed cost (a one-row run) so the per-row cost
   can be told apart from start-up. The -j 2 figure is the median of each round's own ratio: the
   two runs of a round are seconds apart, so a slow spell of the (shared, virtual) machine
   touches both, which it does not when comparing medians or bests taken across rounds; those
   are printed too.
6. Memory: peak RSS of ``speechkit batch -j 1 --combined`` on ``--rows`` and ``--memory-rows``
   rows (target: within 10 %).

Timings vary from run to run and with whatever else the machine is doing; the load average is
printed with the figures.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTLINE = ROOT / "examples" / "notices" / "notice.yaml"
DEPARTMENTS = ROOT / "examples" / "notices" / "departments.csv"
NAME = "{{ 序号 }}-{{ 部门 }}"

# Placeholder values: rendered through the outline, then swapped back for docxtpl tags.
SENTINELS = {
    "部门": "Q部门Q", "文号": "777777", "重点项目": "Q重点项目Q", "预算金额": "888888",
    "对口处室": "Q对口处室Q", "联系人": "Q联系人Q", "联系电话": "Q联系电话Q",
    "自查完成日期": "2099-11-27", "截止日期": "2098-12-29",
}


def make_table(path: Path, rows: int, start: int = 0) -> None:
    """Rows ``start`` to ``rows - 1`` of the benchmark table."""
    with DEPARTMENTS.open(encoding="utf-8") as fh:
        header, *data = list(csv.reader(fh))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["序号", *header])
        for i in range(start, rows):
            row = dict(zip(header, data[i % len(data)], strict=True))
            row["文号"] = str(i + 1)
            writer.writerow([f"{i + 1:05d}", *row.values()])


def table_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------------------------------------
# speechkit, as a user runs it.

def fresh_bytecode() -> None:
    """Compile speechkit's modules as ``pip install`` does, so that no timed run recompiles them.

    An editable install edited since its last run (or a shell with PYTHONDONTWRITEBYTECODE set)
    would otherwise pay for compiling every changed module on every start.
    """
    import speechkit

    package = Path(speechkit.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True,
                   env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"})


# Peak memory is read inside a small wrapper process: a child forked straight from this benchmark
# (docxtpl and lxml loaded) would report this process's size as its own peak.
_RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.run(sys.argv[1:]).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)\n"
)

# The command users type, `speechkit`: the script pip put beside this interpreter (a shell shim
# found on PATH, such as pyenv's, would add its own start-up); `python -m speechkit` failing that.
SCRIPT = Path(sys.executable).with_name("speechkit")
SPEECHKIT = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "speechkit"]


def speechkit_command(table: Path, out: Path, jobs: int, combined: Path | None = None) -> list[str]:
    cmd = [*SPEECHKIT, "batch", str(OUTLINE), str(table), "-o", str(out), "--name", NAME, "-j", str(jobs)]
    return cmd + ["--combined", str(combined)] if combined else cmd


# The machine's own answer to "how much faster are two CPU-bound processes than one": a loop of
# about a third of a second, timed alone and two at once (this virtual machine's two CPUs give
# 1.2x to 2x, changing from second to second; a reading above 2x means the lone loop hit a slow moment).
SPIN = [sys.executable, "-S", "-c", "x = 0\nfor i in range(4_000_000): x += i"]


def run_together(commands: list[list[str]]) -> tuple[float, float]:
    """(wall seconds until every one of these commands, started together, has ended; their CPU
    seconds), timed on the processes themselves."""
    # Earlier runs' files still being written back (or just deleted) would take CPU from this one,
    # and from -j 2 more than from -j 1: start every run with the disk quiet.
    os.sync()
    time.sleep(0.3)
    start = time.perf_counter()
    processes = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                 for command in commands]
    cpu = 0.0
    for process in processes:
        _, status, usage = os.wait4(process.pid, 0)  # its own CPU figures, its workers' included
        cpu += usage.ru_utime + usage.ru_stime
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    for process in processes:
        stderr = process.stderr.read().decode("utf-8", "replace")
        process.stderr.close()
        if process.returncode != 0:
            sys.exit(f"{' '.join(process.args[:4])} failed:\n{stderr}")
    return wall, cpu


def peak_rss(table: Path, out: Path, combined: Path) -> tuple[float, int]:
    """(wall seconds, peak RSS in KiB) of ``-j 1 --combined``."""
    start = time.perf_counter()
    cmd = [sys.executable, "-c", _RSS_WRAPPER, *speechkit_command(table, out, 1, combined)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0 or not done.stdout.strip().endswith(" 0"):
        sys.exit(f"speechkit batch failed:\n{done.stdout}\n{done.stderr}")
    return wall, int(done.stdout.split()[0])


# ---------------------------------------------------------------------------------------------
# docxtpl, with a template built here to match speechkit's output paragraph for paragraph.


def sentinel_document():
    from speechkit.batch import BatchOptions
    from speechkit.batch.rows import RowBuilder
    from speechkit.batch.tables import Row

    options = BatchOptions(outline=str(OUTLINE), table=str(DEPARTMENTS), out_dir=".")
    builder = RowBuilder(options, OUTLINE.read_text(encoding="utf-8"), str(OUTLINE), "部门")
    _, document = builder.make(Row(1, dict(SENTINELS)))
    return document


def _placeholders(text: str, formatted: dict[str, str]) -> str:
    for column, shown in sorted(formatted.items(), key=lambda kv: -len(kv[1])):
        text = text.replace(shown, "{{ " + column + " }}")
    return text


def _formatted(values: dict[str, str]) -> dict[str, str]:
    """A row's values as the notice prints them (what a docxtpl user would put in the context)."""
    from speechkit.render.templating import cn_date, md_date

    out = {k: v for k, v in values.items() if k in SENTINELS}
    out["自查完成日期"] = md_date(values["自查完成日期"])
    out["截止日期"] = cn_date(values["截止日期"])
    return out


def build_docxtpl_template(path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor, Twips

    from speechkit import gbt9704 as gb

    document = sentinel_document()
    shown = _formatted(SENTINELS)
    d = docx.Document()
    section = d.sections[0]
    section.page_width, section.page_height = Twips(gb.PAGE_WIDTH), Twips(gb.PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Twips(gb.MARGIN_TOP), Twips(gb.MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Twips(gb.MARGIN_LEFT), Twips(gb.MARGIN_RIGHT)
    section.footer_distance = Twips(gb.FOOTER_DISTANCE)
    d.settings.odd_and_even_pages_header_footer = True

    def fonts(style_or_run, east_asia: str, size: str = "三号", bold: bool = False, color: str | None = None):
        font = style_or_run.font
        font.name = gb.FONT["latin"]
        font.size = Pt(gb.SIZE[size] / 2)
        font.bold = bold or None
        if color:
            font.color.rgb = RGBColor.from_string(color)
        rpr = style_or_run.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)

    normal = d.styles["Normal"]
    fonts(normal, gb.FONT["fangsong"])
    spacing = OxmlElement("w:spacing")  # 28 characters a line, as in speechkit's styles
    spacing.set(qn("w:val"), str(gb.CHAR_SPACING))
    normal.element.get_or_add_rPr().append(spacing)
    fmt = normal.paragraph_format
    fmt.line_spacing, fmt.space_before, fmt.space_after = Twips(gb.LINE_PITCH), 0, 0
    fmt.first_line_indent = Twips(2 * gb.CHAR_WIDTH)
    styles = {}
    for kind, (east_asia, size, align, color) in {
        "organ": (gb.FONT["xiaobiaosong"], "小初", WD_ALIGN_PARAGRAPH.CENTER, gb.RED),
        "docnumber": (gb.FONT["fangsong"], "三号", WD_ALIGN_PARAGRAPH.CENTER, None),
        "title": (gb.FONT["xiaobiaosong"], "二号", WD_ALIGN_PARAGRAPH.CENTER, None),
        "addressee": (gb.FONT["fangsong"], "三号", WD_ALIGN_PARAGRAPH.LEFT, None),
        "heading1": (gb.FONT["heiti"], "三号", None, None),
        "signature": (gb.FONT["fangsong"], "三号", WD_ALIGN_PARAGRAPH.RIGHT, None),
        "date": (gb.FONT["fangsong"], "三号", WD_ALIGN_PARAGRAPH.RIGHT, None),
        "imprint": (gb.FONT["fangsong"], "四号", WD_ALIGN_PARAGRAPH.LEFT, None),
    }.items():
        style = d.styles.add_style(f"SK {kind}", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        fonts(style, east_asia, size, color=color)
        if align is not None:
            style.paragraph_format.alignment = align
        if kind not in ("heading1",):
            style.paragraph_format.first_line_indent = 0
        styles[kind] = style

    # The red rule under the 文号, as a bottom border.
    ppr = styles["docnumber"].element.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"w:val": "single", "w:sz": "12", "w:space": "7", "w:color": gb.RED}.items():
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.append(border)

    imprint_rows = []
    for block in document.blocks:
        text = _placeholders(block.text, shown)
        if block.kind in ("cc", "imprint", "imprint_date"):
            imprint_rows.append((block.kind, text))
            continue
        if block.kind == "blank":
            d.add_paragraph("", styles.get("addressee"))
        elif block.kind == "para" and block.lead:
            p = d.add_paragraph()
            fonts(p.add_run(_placeholders(block.lead, shown)), gb.FONT["kaiti"])
            p.add_run(_placeholders(block.body, shown))
        elif block.kind == "para":
            d.add_paragraph(text, styles["heading1"] if block.level == 1 else None)
        else:
            d.add_paragraph(text, styles[block.kind])
    # 版记: a one-column table, 抄送 on top, 印发机关 and 印发日期 below.
    table = d.add_table(rows=2, cols=1)
    cc = next(t for k, t in imprint_rows if k == "cc")
    organ = next(t for k, t in imprint_rows if k == "imprint")
    issued = next(t for k, t in imprint_rows if k == "imprint_date")
    table.cell(0, 0).paragraphs[0].text = cc
    table.cell(0, 0).paragraphs[0].style = styles["imprint"]
    cell = table.cell(1, 0).paragraphs[0]
    cell.style = styles["imprint"]
    cell.add_run(organ)
    cell.add_run("\t" + issued)

    def page_footer(footer, align):
        p = footer.paragraphs[0]
        p.alignment = align
        p.add_run("— ")
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            run = p.add_run()
            if kind:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)
            elif text == " PAGE ":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
            else:
                run.text = text
        p.add_run(" —")

    page_footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    page_footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    d.save(path)


def run_docxtpl(template: Path, contexts: list[dict], out: Path) -> float:
    from docxtpl import DocxTemplate

    out.mkdir()
    start = time.perf_counter()
    for name, context in contexts:
        document = DocxTemplate(template)
        document.render(context)
        document.save(out / name)
    return time.perf_counter() - start


def paragraph_texts(path: Path) -> list[str]:
    from speechkit.docx_io import iter_paragraphs

    texts = []
    for _, _, runs in iter_paragraphs(str(path), path.read_bytes()):
        text = "".join(runs).replace("\n", "").replace("\t", "").strip()
        if text:
            texts.append(text)
    return texts


# ---------------------------------------------------------------------------------------------


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--memory-rows", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=15, help="rounds of the speechkit timings")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the outputs in this folder")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="speechkit-batch-bench-"))
    try:
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average before: {load_average()}; "
              f"running {' '.join(SPEECHKIT)}")
        table = work / "table.csv"
        make_table(table, args.rows)
        one = work / "one.csv"
        make_table(one, 1)

        # The ceiling: the same rows split between two independent -j 1 processes started together,
        # each with its own output folder: a -j 2 without overhead of its own. How close -j 2 comes
        # to it tells its own overhead apart from what the two CPUs here can give.
        halves = (work / "half-1.csv", work / "half-2.csv")
        make_table(halves[0], args.rows // 2)
        make_table(halves[1], args.rows, start=args.rows // 2)

        fresh_bytecode()
        # The timings are interleaved, round by round, so that a slow spell of the machine falls on
        # all of them rather than on one; this machine's speed changes from second to second.
        runs = {"fixed-j1": [(one, 1)], "fixed-j2": [(one, 2)], "j1": [(table, 1)], "j2": [(table, 2)],
                "halves": [(halves[0], 1), (halves[1], 1)], "cpu-1": [SPIN], "cpu-2": [SPIN, SPIN]}
        walls: dict[str, list[float]] = {name: [] for name in runs}
        cpus: dict[str, list[float]] = {name: [] for name in runs}
        for i in range(args.repeat):
            # Every other round runs in reverse order, so that neither -j 1 nor -j 2 always goes first.
            for name, processes in (runs.items() if i % 2 == 0 else reversed(runs.items())):
                outs = [work / f"{name}{k if len(processes) > 1 else ''}{f'-{i}' if i else ''}"
                        for k in range(len(processes))]
                commands = [p if isinstance(p, list) else speechkit_command(p[0], out, p[1])
                            for p, out in zip(processes, outs, strict=True)]
                wall, cpu_seconds = run_together(commands)
                walls[name].append(wall)
                cpus[name].append(cpu_seconds)
                for out in outs:
                    if out.exists() and (i or len(processes) > 1):
                        shutil.rmtree(out)
        best = {name: min(values) for name, values in walls.items()}
        middle = {name: statistics.median(values) for name, values in walls.items()}
        cpu = {name: statistics.median(values) for name, values in cpus.items()}
        fixed1, fixed2, j1, j2 = (middle[k] for k in ("fixed-j1", "fixed-j2", "j1", "j2"))
        rounds = [a / b for a, b in zip(walls["j1"], walls["j2"], strict=True)]
        ceiling = [a / b for a, b in zip(walls["j1"], walls["halves"], strict=True)]
        names = sorted(p.name for p in (work / "j1").glob("*.docx"))
        assert len(names) == args.rows, f"expected {args.rows} documents, found {len(names)}"
        same = all((work / "j1" / n).read_bytes() == (work / "j2" / n).read_bytes() for n in names)

        template = work / "notice-docxtpl.docx"
        build_docxtpl_template(template)
        contexts = []
        for values in table_rows(table):
            contexts.append((f"{values['序号']}-{values['部门']}.docx", _formatted(values)))
        tpl = run_docxtpl(template, contexts, work / "docxtpl")

        checked = 0
        for index in (0, args.rows // 2, args.rows - 1):
            name = contexts[index][0]
            ours, theirs = paragraph_texts(work / "j1" / name), paragraph_texts(work / "docxtpl" / name)
            if ours != theirs:
                diff = next(((a, b) for a, b in zip(ours, theirs, strict=False) if a != b), (len(ours), len(theirs)))
                sys.exit(f"docxtpl and speechkit differ on {name}: {diff}")
            checked += 1

        n = args.rows
        print(f"\n{n} documents of the 2-page notice ({len(paragraph_texts(work / 'j1' / names[0]))} paragraphs), "
              f"outputs compared: -j 1 vs -j 2 byte-identical: {same}; docxtpl text = speechkit text on "
              f"{checked} sampled rows")
        print(f"speechkit: median of {args.repeat} interleaved rounds (best in brackets); docxtpl: one run")
        print(f"{'':24}{'seconds':>16}{'ms/doc':>9}{'CPU s':>9}   fixed cost (1-row run)")
        for label, key in (("speechkit batch -j 1", "j1"), ("speechkit batch -j 2", "j2")):
            fixed = f"fixed-{key}"
            print(f"{label:24}{middle[key]:7.2f} ({best[key]:5.2f}){middle[key] / n * 1000:9.2f}{cpu[key]:9.2f}   "
                  f"{middle[fixed]:.2f} s ({best[fixed]:.2f})")
        print(f"{'docxtpl load+render+save':24}{tpl:7.2f}{'':8}{tpl / n * 1000:9.2f}")
        r1, r2 = tpl / j1, statistics.median(rounds)
        print(f"\nspeechkit -j 1 vs docxtpl: {r1:.1f}x  (target >= 5x: {'met' if r1 >= 5 else 'MISSED'})")
        print(f"-j 2 vs -j 1:              {r2:.2f}x  (target >= 1.7x: {'met' if r2 >= 1.7 else 'MISSED'}) "
              f"median of the rounds' ratios: " + " ".join(f"{r:.2f}" for r in rounds))
        print(f"                           {middle['j1'] / middle['j2']:.2f}x median against median, "
              f"{best['j1'] / best['j2']:.2f}x best against best")
        top = statistics.median(ceiling)
        share = statistics.median(a / b for a, b in zip(rounds, ceiling, strict=True))
        print(f"ceiling on this machine:   {top:.2f}x  two independent -j 1 runs on half the rows each, started "
              f"together (median of the rounds' ratios; CPU {cpu['halves']:.2f} s): "
              + " ".join(f"{r:.2f}" for r in ceiling))
        print(f"                           -j 2 reaches {share * 100:.0f} % of it (median of the rounds' shares)")
        machine = [a / b * 2 for a, b in zip(walls["cpu-1"], walls["cpu-2"], strict=True)]
        print(f"the two CPUs:              {statistics.median(machine):.2f}x  two CPU-bound loops at once against one "
              f"(median): " + " ".join(f"{r:.2f}" for r in machine))
        per1 = (j1 - fixed1) / max(n - 1, 1)
        per2 = (j2 - fixed2) / max(n - 1, 1)
        print(f"per row beyond the fixed cost: -j 1 {per1 * 1000:.2f} ms, -j 2 {per2 * 1000:.2f} ms "
              f"({per1 / per2:.2f}x)")

        if not args.skip_memory:
            small_wall, small = peak_rss(table, work / "m-small", work / "m-small.docx")
            big_table = work / "big.csv"
            make_table(big_table, args.memory_rows)
            big_wall, big = peak_rss(big_table, work / "m-big", work / "m-big.docx")
            growth = (big - small) / small * 100
            print(f"\npeak RSS, -j 1 with --combined: {n} rows {small / 1024:.1f} MiB ({small_wall:.1f} s), "
                  f"{args.memory_rows} rows {big / 1024:.1f} MiB ({big_wall:.1f} s): {growth:+.1f} % "
                  f"(target within 10 %: {'met' if abs(growth) <= 10 else 'MISSED'})")
        print(f"\nload average after: {load_average()}")
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
