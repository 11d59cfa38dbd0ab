"""Command line. Turns every SpeechkitError into one located line and exit status 2; nothing else clever."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .build import FORMATS, render_file
from .errors import OutputError, SpeechkitError
from .files import write_atomic
from .resources import data_dir

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


templates_option = click.option(
    "--templates", "templates", multiple=True, type=click.Path(file_okay=False, path_type=Path),
    help="A folder of your own templates (<kind>/template.j2); overrides built-ins by kind name.")


@cli.command()
@click.argument("kind")
@click.option("-o", "--output", default="-", help="Where to write the starter outline (default: stdout).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@templates_option
def new(kind: str, output: str, force: bool, templates: tuple[Path, ...]) -> None:
    """Write a commented starter outline for KIND."""
    from .build import kind_names

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


@cli.command()
@click.argument("outline")
@click.option("-o", "--output", required=True, help="Output file (.docx, .txt, .md, .pdf) or - for stdout.")
@click.option("--to", type=click.Choice(FORMATS), help="Output format, when the name does not say.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@templates_option
def render(outline: str, output: str, to: str | None, force: bool, templates: tuple[Path, ...]) -> None:
    """Render an OUTLINE (YAML, - for stdin) into a document."""
    if output == "-" and not to:
        to = "docx"
    render_file(outline, output, to=to, force=force, templates=list(templates))
    if output != "-":
        click.echo(f"wrote {output}", err=True)


def main() -> None:
    try:
        cli.main(prog_name="speechkit")
    except KeyboardInterrupt:
        click.echo("speechkit: interrupted", err=True)
        sys.exit(130)
