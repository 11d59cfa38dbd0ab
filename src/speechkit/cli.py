"""Command line. Turns every SpeechkitError into one located line and exit status 2; nothing else clever."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .errors import OutputError, SpeechkitError
from .files import write_atomic
from .render.build import FORMATS
from .resources import data_dir
from .version import __version__

EXIT_ERROR = 2


class SpeechkitGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SpeechkitError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"speechkit: error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)
        except OSError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"speechkit: error: {where}{exc.strerror or exc}", err=True)
            ctx.exit(EXIT_ERROR)


@click.group(cls=SpeechkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="speechkit")
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Outlines to GB/T 9704 official documents, and a linter for Chinese official drafts."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _template_dirs(ctx: click.Context, param: click.Parameter, value: tuple[Path, ...]) -> tuple[Path, ...]:
    """--templates folders first, then those under ``templates: dirs:`` in ./speechkit.yaml."""
    from .config import read_section

    for folder in value:
        if not folder.is_dir():
            raise OutputError("no such template folder", file=str(folder))
    section = read_section("templates", {"dirs": "strings"})
    configured = []
    for i, name in enumerate(section.data.get("dirs", [])):
        folder = section.base / name
        if not folder.is_dir():
            raise section.error(f"no template folder {folder}", "dirs", i)
        configured.append(folder)
    return (*value, *configured)


templates_option = click.option(
    "--templates", "templates", multiple=True, type=click.Path(file_okay=False, path_type=Path),
    callback=_template_dirs,
    help="A folder of your own templates (<kind>/template.j2); overrides built-ins by kind name. "
         "Also read from 'templates: dirs:' in ./speechkit.yaml.")


@cli.command()
@click.argument("kind")
@click.option("-o", "--output", default="-", help="Where to write the starter outline (default: stdout).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@templates_option
def new(kind: str, output: str, force: bool, templates: tuple[Path, ...]) -> None:
    """Write a commented starter outline for KIND."""
    from .render.build import kind_names

    folders = [*templates, data_dir("templates")]
    starter = next((f / kind / "starter.yaml" for f in folders if (f / kind / "starter.yaml").is_file()), None)
    if starter is None:
        raise OutputError(f"no starter outline for kind {kind!r} (kinds: {', '.join(kind_names(list(templates)))})")
    data = starter.read_bytes()
    if output == "-":
        sys.stdout.buffer.write(data)
    else:
        write_atomic(output, data, force=force)
        click.echo(f"wrote {output}", err=True)


@cli.command("templates")
@templates_option
def templates_command(templates: tuple[Path, ...]) -> None:
    """List the document kinds, built-in and your own, with what each produces."""
    from .render.catalog import list_kinds

    kinds = list_kinds(list(templates))
    width = max(len(k.kind) for k in kinds)
    for info in kinds:
        where = "" if info.builtin else f"  [{'overrides built-in; ' if info.overrides else ''}{info.folder}]"
        click.echo(f"{info.kind:<{width}}  {info.description or info.name or '(no meta.yaml)'}{where}")


@cli.command()
@click.argument("outline")
@click.option("-o", "--output", required=True, help="Output file (.docx, .txt, .md, .pdf) or - for stdout.")
@click.option("--to", type=click.Choice(FORMATS), help="Output format, when the name does not say.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@templates_option
def render(outline: str, output: str, to: str | None, force: bool, templates: tuple[Path, ...]) -> None:
    """Render an OUTLINE (YAML, - for stdin) into a document."""
    from .render.build import render_file

    if output == "-" and not to:
        to = "docx"
    render_file(outline, output, to=to, force=force, templates=list(templates))
    if output != "-":
        click.echo(f"wrote {output}", err=True)


@cli.command()
@click.argument("source")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="Folder for the pages, <name>-01.png … (created if missing).")
@click.option("--dpi", type=click.IntRange(30, 600), default=96, show_default=True, help="Resolution of the pages.")
@click.option("--force", is_flag=True, help="Overwrite existing page files.")
@templates_option
def preview(source: str, output: Path, dpi: int, force: bool, templates: tuple[Path, ...]) -> None:
    """Render an outline (or a .docx) to PNG pages through LibreOffice, for a quick look."""
    from .layout.preview import preview_file

    pages = preview_file(source, output, dpi=dpi, force=force, templates=list(templates))
    click.echo(f"wrote {len(pages)} page{'s' if len(pages) != 1 else ''} to {output}", err=True)


@cli.command()
@click.argument("outline")
@click.argument("table")
@click.option("-o", "--output", "out_dir", required=True, help="Folder for the documents (created if missing).")
@click.option("--name", "name", help="Jinja pattern for file names, e.g. '{{ 序号 }}-{{ 部门 }}' (default: the "
              "first column).")
@click.option("--combined", help="Also write one .docx holding every document, each from a new page numbered from 1.")
@click.option("--report", help="Where to list each row's file or error (.csv or .json; default: "
              "<folder>/batch-report.csv).")
@click.option("--sheet", help="The .xlsx sheet to read (default: the first).")
@click.option("-j", "--jobs", type=click.IntRange(0), default=1, show_default=True,
              help="Worker processes (0: one per CPU).")
@click.option("--force", is_flag=True, help="Overwrite existing documents, combined file and report.")
@templates_option
@click.pass_context
def batch(ctx: click.Context, outline: str, table: str, out_dir: str, name: str | None, combined: str | None,
          report: str | None, sheet: str | None, jobs: int, force: bool, templates: tuple[Path, ...]) -> None:
    """One document per row of TABLE (CSV, XLSX, YAML or JSON) from OUTLINE, whose strings may use the
    columns as Jinja variables ({{ 部门 }}). Exit status: 0 all rows written, 1 some failed, 2 nothing ran."""
    import os

    from .batch import BatchOptions, run_batch

    options = BatchOptions(outline=outline, table=table, out_dir=out_dir, name=name, combined=combined,
                           report=report, jobs=jobs or os.cpu_count() or 1, force=force, sheet=sheet,
                           templates=tuple(str(t) for t in templates))
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="batch", file=sys.stderr, show_pos=True)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        result = run_batch(options, progress if sys.stderr.isatty() else None)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for failure in result.failures:
        click.echo(f"speechkit: {failure}", err=True)
    if result.failed > len(result.failures):
        click.echo(f"speechkit: … and {result.failed - len(result.failures)} more failed rows (see the report)",
                   err=True)
    if result.aborted:
        click.echo(f"speechkit: error: {result.aborted}", err=True)
    where = f"; combined: {result.combined}" if result.combined else ""
    click.echo(f"{result.summary()} (report: {result.report}{where})", err=True)
    ctx.exit(result.exit_code)


@cli.command("outline")
@click.argument("draft")
@click.option("-o", "--output", required=True, help="Where to write the outline (.yaml), or - for stdout.")
@click.option("--kind", help="The draft's kind (default: guessed from the title and structure, and reported).")
@click.option("--force", is_flag=True, help="Overwrite an existing outline.")
def outline_command(draft: str, output: str, kind: str | None, force: bool) -> None:
    """Read a DRAFT (.docx, .txt, .md, - for stdin) back into an outline that render accepts. The kind and
    every repair or leftover (with its draft line) are reported on stderr."""
    from .readback import outline_file

    result, data = outline_file(draft, output, kind=kind, force=force)
    label = "<stdin>" if draft == "-" else draft
    how = f"guessed: {result.guess}; use --kind to choose" if result.guess else "given"
    click.echo(f"speechkit: kind: {result.kind} ({how})", err=True)
    for note in result.notes:
        where = f"{label}:{note.line}" if note.line else label
        click.echo(f"{where}: warning: {note.message}", err=True)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        click.echo(f"wrote {output}", err=True)


@cli.command("lint")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: path:line:col: CODE message [name]; json: see docs/lint.md.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Only these rules: codes, prefixes (T, T1, C101) or names, comma-separated; repeatable.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules (codes, prefixes or names).")
@click.option("--terms", multiple=True, metavar="FILE", help="Your own term file (YAML, see docs/lint.md); repeatable.")
@click.option("--config", "config", metavar="FILE", help="Settings file (default: ./speechkit.yaml, lint: section).")
@click.option("--fix", is_flag=True, help="Apply the safe fixes, in place (or to -o OUT); report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply the fixes that need review (implies --fix).")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff on stdout instead of writing.")
@click.option("-o", "--output", metavar="OUT", help="With --fix: write the fixed draft here (one draft; - for stdout).")
@click.option("--annotate", metavar="OUT.docx",
              help="Write a copy of a .docx draft with every finding as a Word review comment.")
@click.option("--track-changes", is_flag=True,
              help="与 --fix / --unsafe-fixes 同用：修改写成 Word 修订（可逐条接受或拒绝），只用于 .docx。")
@click.option("--author", default="speechkit", show_default=True, help="修订和批注的作者名。")
@click.option("--date", metavar="YYYY-MM-DD", help="修订日期（默认取草稿本身的修改日期，输出可重复）。")
@click.option("--original", "view", flag_value="original",
              help="含修订的草稿：检查修订前的原文（默认按接受全部修订后的文字检查）。")
@click.option("--accepted", "view", flag_value="accepted", default=True,
              help="含修订的草稿：按接受全部修订后的文字检查（默认）。")
@click.option("--force", is_flag=True, help="Overwrite an existing OUT or OUT.docx.")
@click.option("--glob", "globs", multiple=True, metavar="PATTERN",
              help="给出文件夹时，检查其中（含子文件夹）名称与此相符的文件，可重复"
                   "（默认所有文稿格式：*.docx *.txt *.md *.doc *.wps *.rtf *.odt）。")
@click.pass_context
def lint_command(ctx: click.Context, paths: tuple[str, ...], **options) -> None:
    """Check drafts (.docx, .txt, .md, .doc/.wps/.rtf/.odt via LibreOffice; folders; - for stdin): outdated
    names, Taiwan-style terms, mixed usage, numbering,
    punctuation, dates and numbers, traditional characters.
    Exit status: 0 clean, 1 findings, 2 error (after --fix: 0 nothing remains, 1 findings remain)."""
    from .lint.commands import lint_command as run
    from .lint.run import LintOptions

    ctx.exit(run(LintOptions(paths=paths, **options), out=sys.stdout, err=sys.stderr, binary_out=sys.stdout.buffer))


@cli.command("rules")
@click.argument("code", required=False)
@click.option("--terms", multiple=True, metavar="FILE", help="Include your own term file; repeatable.")
@click.option("--config", "config", metavar="FILE", help="Settings file (default: ./speechkit.yaml).")
@click.option("--verify", is_flag=True, help="Run the rules' examples; exit 1 if any fails.")
@click.pass_context
def rules_command(ctx: click.Context, code: str | None, terms: tuple[str, ...], config: str | None,
                  verify: bool) -> None:
    """List every lint rule, or explain CODE (a code, prefix or name) with its examples."""
    from .layout.examples import verify_layout_example
    from .lint.explain import rules_report

    status, text = rules_report(code, terms=terms, config=config, verify=verify, check_given=verify_layout_example)
    click.echo(text, nl=False)
    ctx.exit(status)


@cli.command("check-format")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: path:line:col: CODE message [name]; json: as lint's (docs/lint.md).")
@click.pass_context
def check_format_command(ctx: click.Context, paths: tuple[str, ...], fmt: str) -> None:
    """Report how .docx drafts (- for stdin) depart from the GB/T 9704 layout: page, margins, fonts, line pitch,
    title, headings, page numbers. Exit status: 0 clean, 1 findings, 2 error."""
    from .layout.checkformat import run_check_format

    status = run_check_format(paths, fmt=fmt, out=sys.stdout, err=sys.stderr)
    ctx.exit(status)


def main() -> None:
    # Not click's standalone mode: it turns Ctrl-C into "Aborted!" and exit status 1.
    try:
        code = cli.main(prog_name="speechkit", standalone_mode=False)
    except (click.Abort, KeyboardInterrupt) as exc:
        if isinstance(exc, click.Abort) and not isinstance(exc.__cause__, KeyboardInterrupt):
            click.echo("Aborted!", err=True)
            _exit(1)
        click.echo("speechkit: interrupted", err=True)
        _exit(130)
    except click.ClickException as exc:  # usage errors
        exc.show()
        _exit(exc.exit_code)
    except SystemExit as exc:
        if exc.code is not None and not isinstance(exc.code, int):
            raise
        _exit(exc.code or 0)
    _exit(code if isinstance(code, int) else 0)


def _exit(code: int) -> None:
    """End the process without Python's shutdown.

    Tearing down every module and object costs 15-25 ms, a tenth of a one-document run. Nothing is
    lost by skipping it: by now every file speechkit wrote is closed and in place, worker processes
    have been joined, and what is left to flush is the two standard streams.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (speechkit … | head): nothing more can be said anyway
        code = code or 1
    os._exit(code)
