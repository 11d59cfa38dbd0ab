"""Command line. Every SpeechkitError becomes one located line and exit status 2; anything else is a bug of
ours: one line, a crash report file and exit status 3, so that 1 keeps meaning "findings"."""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path

import click

from .cli_help import Context, t, usage_error
from .errors import OutputError, SpeechkitError
from .files import write_atomic
from .render.build import FORMATS
from .resources import data_dir
from .version import __version__

EXIT_ERROR = 2
EXIT_INTERNAL = 3
ERROR = t("speechkit: 错误：", "speechkit: error: ")


class _Command(click.Command):
    context_class = Context

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", t("[选项]", "[OPTIONS]"))
        super().__init__(*args, **kwargs)


class SpeechkitGroup(click.Group):
    context_class = Context
    command_class = _Command

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", t("[选项]", "[OPTIONS]"))
        kwargs.setdefault("subcommand_metavar", t("命令 [参数]...", "COMMAND [ARGS]..."))
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        def debug() -> bool:  # --debug is known only once the group's own callback has run
            return bool(ctx.obj and ctx.obj.get("debug"))

        try:
            return super().invoke(ctx)
        except SpeechkitError as exc:
            if debug():
                raise
            click.echo(f"{ERROR}{exc}", err=True)
            ctx.exit(EXIT_ERROR)
        except OSError as exc:
            if debug():
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"{ERROR}{where}{exc.strerror or exc}", err=True)
            ctx.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if debug():
                raise
            _internal_error(exc)


def _internal_error(exc: BaseException) -> None:
    """A bug of ours: one line for the user, the whole story in a file they can send us."""
    report = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    header = (f"speechkit {__version__}, Python {platform.python_version()}, {platform.platform()}\n"
              f"argv: {sys.argv!r}\n\n")
    try:
        fd, path = tempfile.mkstemp(prefix="speechkit-crash-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(header + report)
        where = t(f"详细报告已写入 {path}，反馈问题时请附上", f"a crash report is in {path}; please attach it")
    except OSError:
        where = t("加 --debug 可看到详细信息", "run again with --debug for details")
    click.echo(t(f"speechkit: 内部错误（speechkit 自身的缺陷，不是您的输入有误）："
                 f"{type(exc).__name__}: {exc}；{where}。",
                 f"speechkit: internal error (a bug in speechkit, not in your input): "
                 f"{type(exc).__name__}: {exc}; {where}."), err=True)
    _exit(EXIT_INTERNAL)


def _examples(*lines: str) -> str:
    """A 示例 block that click's help prints as written."""
    return "\n\n\b\n" + t("示例：", "Examples:") + "\n" + "\n".join(f"  {line}" for line in lines)


@click.group(cls=SpeechkitGroup, context_settings={"help_option_names": ["-h", "--help"]},
             help=t("把提纲（YAML）写成符合 GB/T 9704-2012 的公文 .docx，按表格批量生成通知，检查文稿中的过时机构名称、"
                    "台湾用语、标点和数字，把旧文稿读回提纲。",
                    "Outlines to GB/T 9704 official documents, batch notices from a table, and a linter for Chinese "
                    "official drafts.")
             + _examples("speechkit new speech -o 讲话.yaml", "speechkit render 讲话.yaml -o 讲话.docx",
                         "speechkit lint 草稿.docx", "speechkit docs")
             + t("\n\n每个命令加 -h 可看用法和示例。退出状态：0 正常，1 有检查结果或失败行，"
                 "2 用法或输入错误，3 内部错误。用英文显示帮助：SPEECHKIT_LANG=en。",
                 "\n\nEach command takes -h. Exit status: 0 fine, 1 findings or failed rows, 2 usage or input error, "
                 "3 internal error. Chinese help: SPEECHKIT_LANG=zh."))
@click.version_option(__version__, "-V", "--version", prog_name="speechkit", message="%(prog)s %(version)s",
                      help=t("显示版本号并退出。", "Show the version and exit."))
@click.option("--debug", is_flag=True,
              help=t("出错时显示完整的回溯信息（供开发者排查）。", "Show a traceback on errors."))
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _config_path(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Eager, so that --templates' callback sees it whatever the order on the command line."""
    ctx.meta["speechkit.config"] = value
    return value


config_option = click.option(
    "--config", "config", metavar=t("文件", "FILE"), is_eager=True, callback=_config_path,
    help=t("设置文件（默认：当前文件夹或上级文件夹中的 speechkit.yaml，再找用户配置文件夹）。",
           "Settings file (default: speechkit.yaml in this folder or a parent, then the user config folder)."))


def _template_dirs(ctx: click.Context, param: click.Parameter, value: tuple[Path, ...]) -> tuple[Path, ...]:
    """--templates folders first, then those under ``templates: dirs:`` in speechkit.yaml."""
    from .config import read_section

    for folder in value:
        if not folder.is_dir():
            raise OutputError(t("没有这个模板文件夹", "no such template folder"), file=str(folder))
    section = read_section("templates", {"dirs": "strings"}, ctx.meta.get("speechkit.config"))
    configured = []
    for i, name in enumerate(section.data.get("dirs", [])):
        folder = section.base / name
        if not folder.is_dir():
            raise section.error(t(f"模板文件夹 {folder} 不存在", f"no template folder {folder}"), "dirs", i)
        configured.append(folder)
    return (*value, *configured)


def templates_option(command):
    command = click.option(
        "--templates", "templates", multiple=True, type=click.Path(file_okay=False, path_type=Path),
        callback=_template_dirs, metavar=t("文件夹", "DIR"),
        help=t("自己的模板文件夹（<文种>/template.j2），同名时覆盖内置模板；可重复。"
               "也读 speechkit.yaml 的 templates: dirs:。",
               "A folder of your own templates (<kind>/template.j2); overrides built-ins by kind name. "
               "Also read from 'templates: dirs:' in speechkit.yaml."))(command)
    return config_option(command)


FORCE_HELP = t("覆盖已有的文件（默认不覆盖）。", "Overwrite an existing file.")


def _wrote(path: str) -> None:
    click.echo(t(f"已写入 {path}", f"wrote {path}"), err=True)


@cli.command(
    short_help=t("写一份带注释的提纲样例", "Write a commented starter outline"),
    help=t("写一份该文种的提纲样例，带填写说明。文种：speech（讲话稿）、plan（实施方案）、decision（表彰决定）、"
           "notice（通知），或自己模板的文种名。",
           "Write a commented starter outline for KIND (speech, plan, decision, notice, or one of yours).")
    + _examples("speechkit new speech -o 动员讲话.yaml", "speechkit new notice            # 打印到屏幕"))
@click.argument("kind", metavar=t("文种", "KIND"))
@click.option("-o", "--output", default="-", metavar=t("文件", "FILE"),
              help=t("提纲写到哪里（默认：打印到屏幕）。", "Where to write the starter outline (default: stdout)."))
@click.option("--force", is_flag=True, help=FORCE_HELP)
@templates_option
def new(kind: str, output: str, force: bool, templates: tuple[Path, ...], config: str | None) -> None:
    from .render.build import kind_names

    folders = [*templates, data_dir("templates")]
    starter = next((f / kind / "starter.yaml" for f in folders if (f / kind / "starter.yaml").is_file()), None)
    if starter is None:
        kinds = "、".join(kind_names(list(templates)))
        raise OutputError(t(f"没有文种「{kind}」的提纲样例（可用的文种：{kinds}）",
                            f"no starter outline for kind {kind!r} (kinds: {kinds})"))
    data = starter.read_bytes()
    if output == "-":
        sys.stdout.buffer.write(data)
    else:
        write_atomic(output, data, force=force)
        _wrote(output)


@cli.command("templates", short_help=t("列出可用的文种和模板", "List the document kinds"),
             help=t("列出可用的文种（内置的和自己的模板），以及每种生成什么。",
                    "List the document kinds, built-in and your own, with what each produces.")
             + _examples("speechkit templates", "speechkit templates --templates 我的模板"))
@templates_option
def templates_command(templates: tuple[Path, ...], config: str | None) -> None:
    from .render.catalog import list_kinds

    kinds = list_kinds(list(templates))
    width = max(len(k.kind) for k in kinds)
    for info in kinds:
        overrides = t("覆盖内置模板；", "overrides built-in; ") if info.overrides else ""
        where = "" if info.builtin else f"  [{overrides}{info.folder}]"
        click.echo(f"{info.kind:<{width}}  {info.description or info.name or t('（无 meta.yaml）', '(no meta.yaml)')}"
                   f"{where}")


@cli.command(
    short_help=t("把提纲写成公文（.docx 等）", "Render an outline into a document"),
    help=t("把提纲（YAML 文件；- 表示从标准输入读）写成文稿：.docx 按 GB/T 9704-2012 排版，也可输出 .txt、.md、"
           ".pdf（.pdf 需要 LibreOffice）。提纲有误时，指出文件、行号和字段。",
           "Render an OUTLINE (YAML, - for stdin) into a document (.docx per GB/T 9704, .txt, .md, .pdf).")
    + _examples("speechkit render 动员讲话.yaml -o 动员讲话.docx", "speechkit render 通知.yaml -o 通知.pdf",
                "speechkit render 通知.yaml -o - --to txt"))
@click.argument("outline", metavar=t("提纲", "OUTLINE"))
@click.option("-o", "--output", required=True, metavar=t("文件", "FILE"),
              help=t("输出文件（.docx、.txt、.md、.pdf），- 表示标准输出。",
                     "Output file (.docx, .txt, .md, .pdf) or - for stdout."))
@click.option("--to", type=click.Choice(FORMATS),
              help=t("输出格式（文件名看不出格式时用）。", "Output format, when the name does not say."))
@click.option("--force", is_flag=True, help=FORCE_HELP)
@templates_option
def render(outline: str, output: str, to: str | None, force: bool, templates: tuple[Path, ...],
           config: str | None) -> None:
    from .render.build import render_file

    if output == "-" and not to:
        to = "docx"
    render_file(outline, output, to=to, force=force, templates=list(templates))
    if output != "-":
        _wrote(output)


@cli.command(
    short_help=t("把提纲或 .docx 转成 PNG 页面图", "Render pages to PNG"),
    help=t("通过 LibreOffice 把提纲（或 .docx）逐页转成 PNG 图片，便于快速查看版面。",
           "Render an outline (or a .docx) to PNG pages through LibreOffice, for a quick look.")
    + _examples("speechkit preview 动员讲话.yaml -o 页面", "speechkit preview 通知.docx -o 页面 --dpi 150"))
@click.argument("source", metavar=t("提纲或DOCX", "SOURCE"))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), metavar=t("文件夹", "DIR"),
              help=t("页面图片的文件夹，图片名为 <文件名>-01.png …（没有则新建）。",
                     "Folder for the pages, <name>-01.png … (created if missing)."))
@click.option("--dpi", type=click.IntRange(30, 600), default=96, show_default=True,
              help=t("图片分辨率。", "Resolution of the pages."))
@click.option("--force", is_flag=True, help=t("覆盖已有的页面图片。", "Overwrite existing page files."))
@templates_option
def preview(source: str, output: Path, dpi: int, force: bool, templates: tuple[Path, ...], config: str | None) -> None:
    from .layout.preview import preview_file

    pages = preview_file(source, output, dpi=dpi, force=force, templates=list(templates))
    click.echo(t(f"已把 {len(pages)} 页写入 {output}",
                 f"wrote {len(pages)} page{'s' if len(pages) != 1 else ''} to {output}"), err=True)


@cli.command(
    short_help=t("按表格每行生成一份文稿", "One document per table row"),
    help=t("按表格（CSV、XLSX、YAML 或 JSON；.xls、.et、.ods 经 LibreOffice 转换）的每一行，"
           "用提纲生成一份文稿；提纲中的文字可用列名作变量"
           "（{{ 部门 }}）。退出状态：0 全部生成，1 有行失败，2 没有运行。",
           "One document per row of TABLE (CSV, XLSX, YAML, JSON; .xls/.et/.ods via LibreOffice) from OUTLINE, "
           "whose strings may use the "
           "columns as Jinja variables ({{ 部门 }}). Exit status: 0 all rows written, 1 some failed, 2 nothing ran.")
    + _examples("speechkit batch 通知.yaml 部门.csv -o 通知",
                "speechkit batch 通知.yaml 部门.xlsx -o 通知 --combined 合订.docx",
                "speechkit batch 通知.yaml 部门.csv -o 通知 --name '{{ 序号 }}-{{ 部门 }}' -j 0"))
@click.argument("outline", metavar=t("提纲", "OUTLINE"))
@click.argument("table", metavar=t("表格", "TABLE"))
@click.option("-o", "--output", "out_dir", required=True, metavar=t("文件夹", "DIR"),
              help=t("文稿写到哪个文件夹（没有则新建）。", "Folder for the documents (created if missing)."))
@click.option("--name", "name", metavar=t("模式", "PATTERN"),
              help=t("文件名模式（Jinja），如 '{{ 序号 }}-{{ 部门 }}'（默认：第一列）。",
                     "Jinja pattern for file names, e.g. '{{ 序号 }}-{{ 部门 }}' (default: the first column)."))
@click.option("--combined", metavar=t("文件", "FILE"),
              help=t("另写一份包含全部文稿的 .docx，每份另起一页、页码从 1 起。",
                     "Also write one .docx holding every document, each from a new page numbered from 1."))
@click.option("--report", metavar=t("文件", "FILE"),
              help=t("逐行记录生成的文件或错误（.csv 或 .json；默认：<文件夹>/batch-report.csv）。",
                     "Where to list each row's file or error (.csv or .json; default: <folder>/batch-report.csv)."))
@click.option("--sheet", metavar=t("工作表", "SHEET"),
              help=t("读取 .xlsx 的哪个工作表（默认：第一个）。", "The .xlsx sheet to read (default: the first)."))
@click.option("-j", "--jobs", type=click.IntRange(0), default=1, show_default=True,
              help=t("并行进程数（0：每个 CPU 一个）。", "Worker processes (0: one per CPU)."))
@click.option("--force", is_flag=True, help=t("覆盖已有的文稿、合并文件和报告。",
                                             "Overwrite existing documents, combined file and report."))
@templates_option
@click.pass_context
def batch(ctx: click.Context, outline: str, table: str, out_dir: str, name: str | None, combined: str | None,
          report: str | None, sheet: str | None, jobs: int, force: bool, templates: tuple[Path, ...],
          config: str | None) -> None:
    from .batch import BatchOptions, run_batch

    options = BatchOptions(outline=outline, table=table, out_dir=out_dir, name=name, combined=combined,
                           report=report, jobs=jobs or os.cpu_count() or 1, force=force, sheet=sheet,
                           templates=tuple(str(t) for t in templates))
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label=t("批量生成", "batch"), file=sys.stderr, show_pos=True)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        result = run_batch(options, progress if sys.stderr.isatty() else None)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for failure in result.failures:
        click.echo(f"speechkit: {failure}", err=True)
    more = result.failed - len(result.failures)
    if more > 0:
        click.echo(t(f"speechkit: ……另有 {more} 行失败（见报告）",
                     f"speechkit: … and {more} more failed rows (see the report)"), err=True)
    if result.aborted:
        click.echo(f"{ERROR}{result.aborted}", err=True)
    where = t(f"；合并文件：{result.combined}", f"; combined: {result.combined}") if result.combined else ""
    click.echo(t(f"{result.summary()}（报告：{result.report}{where}）",
                 f"{result.summary()} (report: {result.report}{where})"), err=True)
    ctx.exit(result.exit_code)


@cli.command(
    "outline", short_help=t("把旧文稿读回提纲", "Read a draft back into an outline"),
    help=t("把旧文稿（.docx、.txt、.md，.doc/.wps/.rtf/.odt 经 LibreOffice 转换；- 表示标准输入）读回成 render "
           "能用的提纲。判断出的文种、每处修补和遗留（附文稿行号）写在标准错误上。",
           "Read a DRAFT (.docx, .txt, .md, - for stdin) back into an outline that render accepts. The kind and "
           "every repair or leftover (with its draft line) are reported on stderr.")
    + _examples("speechkit outline 去年的讲话.docx -o 讲话.yaml",
                "speechkit outline 旧通知.doc -o 通知.yaml --kind notice"))
@click.argument("draft", metavar=t("文稿", "DRAFT"))
@click.option("-o", "--output", required=True, metavar=t("文件", "FILE"),
              help=t("提纲写到哪里（.yaml），- 表示标准输出。", "Where to write the outline (.yaml), or - for stdout."))
@click.option("--kind", metavar=t("文种", "KIND"),
              help=t("文稿的文种（默认：据标题和结构推断，并说明）。",
                     "The draft's kind (default: guessed from the title and structure, and reported)."))
@click.option("--force", is_flag=True, help=FORCE_HELP)
def outline_command(draft: str, output: str, kind: str | None, force: bool) -> None:
    from .readback import outline_file

    result, data = outline_file(draft, output, kind=kind, force=force)
    label = "<stdin>" if draft == "-" else draft
    how = (t(f"推断：{result.guess}；可用 --kind 指定", f"guessed: {result.guess}; use --kind to choose")
           if result.guess else t("指定", "given"))
    click.echo(t(f"speechkit: 文种：{result.kind}（{how}）", f"speechkit: kind: {result.kind} ({how})"), err=True)
    for note in result.notes:
        where = f"{label}:{note.line}" if note.line else label
        click.echo(f"{where}: {t('注意', 'warning')}: {note.message}", err=True)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        _wrote(output)


@cli.command(
    "lint", short_help=t("检查文稿（过时名称、台湾用语、标点、数字…）", "Check drafts"),
    help=t("检查文稿（.docx、.txt、.md；.doc/.wps/.rtf/.odt 经 LibreOffice 转换；文件夹；- 表示标准输入）："
           "过时的机构名称、台湾用语、前后不一致、层次序号、标点、日期和数字、繁体字。"
           "退出状态：0 无问题，1 有问题，2 出错（--fix 之后：0 已无问题，1 仍有问题）。",
           "Check drafts (.docx, .txt, .md, .doc/.wps/.rtf/.odt via LibreOffice; folders; - for stdin): outdated "
           "names, Taiwan-style terms, mixed usage, numbering, punctuation, dates and numbers, traditional characters. "
           "Exit status: 0 clean, 1 findings, 2 error (after --fix: 0 nothing remains, 1 findings remain).")
    + _examples("speechkit lint 通知.docx", "speechkit lint 文稿文件夹 --glob '*.docx'",
                "speechkit lint 通知.docx --fix -o 通知-改.docx", "speechkit lint 通知.docx --fix --track-changes",
                "speechkit lint 通知.docx --annotate 通知-批注.docx",
                "speechkit lint 通知.txt --select T,C --format json"))
@click.argument("paths", nargs=-1, required=True, metavar=t("文稿...", "PATHS..."))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=t("text：路径:行:列: 代码 说明 [规则名]；json：见 speechkit docs lint。",
                     "text: path:line:col: CODE message [name]; json: see speechkit docs lint."))
@click.option("--select", multiple=True, metavar=t("代码", "CODES"),
              help=t("只查这些规则：代码、前缀（T、T1、C101）或名称，逗号分隔；可重复。",
                     "Only these rules: codes, prefixes (T, T1, C101) or names, comma-separated; repeatable."))
@click.option("--ignore", multiple=True, metavar=t("代码", "CODES"),
              help=t("不查这些规则（代码、前缀或名称）。", "Skip these rules (codes, prefixes or names)."))
@click.option("--terms", multiple=True, metavar=t("文件", "FILE"),
              help=t("自己的词条文件（YAML，见 speechkit docs lint）；可重复。",
                     "Your own term file (YAML, see speechkit docs lint); repeatable."))
@click.option("--config", "config", metavar=t("文件", "FILE"),
              help=t("设置文件（默认：当前文件夹或上级文件夹中的 speechkit.yaml 的 lint: 部分）。",
                     "Settings file (default: speechkit.yaml here or in a parent folder, lint: section)."))
@click.option("--fix", is_flag=True, help=t("直接改正可安全自动修正的问题（或写到 -o 指定的文件），再报告其余问题。",
                                           "Apply the safe fixes, in place (or to -o OUT); report what remains."))
@click.option("--unsafe-fixes", is_flag=True, help=t("连同需要人工复核的修正一起改（含 --fix）。",
                                                    "Also apply the fixes that need review (implies --fix)."))
@click.option("--diff", is_flag=True, help=t("不写文件，把修正以统一差异格式打印出来。",
                                            "Print the fixes as a unified diff on stdout instead of writing."))
@click.option("-o", "--output", metavar=t("输出", "OUT"),
              help=t("与 --fix 同用：改好的文稿写到这里（只限一份文稿；- 表示标准输出）。",
                     "With --fix: write the fixed draft here (one draft; - for stdout)."))
@click.option("--annotate", metavar="OUT.docx",
              help=t("另存一份 .docx，把每个问题写成 Word 批注。",
                     "Write a copy of a .docx draft with every finding as a Word review comment."))
@click.option("--track-changes", is_flag=True,
              help=t("与 --fix / --unsafe-fixes 同用：修改写成 Word 修订（可逐条接受或拒绝），只用于 .docx。",
                     "With --fix: write the fixes as Word tracked changes (.docx only)."))
@click.option("--author", default="speechkit", show_default=True,
              help=t("修订和批注的作者名。", "Author of revisions and comments."))
@click.option("--date", metavar="YYYY-MM-DD",
              help=t("修订日期（默认取草稿本身的修改日期，输出可重复）。",
                     "Revision date (default: the draft's own modified date, so output is reproducible)."))
@click.option("--original", "view", flag_value="original",
              help=t("含修订的草稿：检查修订前的原文（默认按接受全部修订后的文字检查）。",
                     "Drafts with revisions: check the original text."))
@click.option("--accepted", "view", flag_value="accepted", default=True,
              help=t("含修订的草稿：按接受全部修订后的文字检查（默认）。",
                     "Drafts with revisions: check the text with all revisions accepted (default)."))
@click.option("--force", is_flag=True,
              help=t("覆盖已有的输出文件或批注文件。", "Overwrite an existing OUT or OUT.docx."))
@click.option("--glob", "globs", multiple=True, metavar=t("模式", "PATTERN"),
              help=t("给出文件夹时，检查其中（含子文件夹）名称与此相符的文件，可重复"
                     "（默认所有文稿格式：*.docx *.txt *.md *.doc *.wps *.rtf *.odt）。",
                     "For folders: lint the files (subfolders included) matching this pattern; repeatable "
                     "(default: every draft format)."))
@click.pass_context
def lint_command(ctx: click.Context, paths: tuple[str, ...], **options) -> None:
    from .lint.commands import lint_command as run
    from .lint.run import LintOptions

    ctx.exit(run(LintOptions(paths=paths, **options), out=sys.stdout, err=sys.stderr, binary_out=sys.stdout.buffer))


@cli.command(
    "rules", short_help=t("列出检查规则，或解释某条规则", "List or explain the lint rules"),
    help=t("列出全部检查规则；给出规则（代码、前缀或名称）时解释这条规则并附正反例。",
           "List every lint rule, or explain CODE (a code, prefix or name) with its examples.")
    + _examples("speechkit rules", "speechkit rules T101", "speechkit rules --verify"))
@click.argument("code", required=False, metavar=t("规则", "CODE"))
@click.option("--terms", multiple=True, metavar=t("文件", "FILE"),
              help=t("连同自己的词条文件；可重复。", "Include your own term file; repeatable."))
@click.option("--config", "config", metavar=t("文件", "FILE"),
              help=t("设置文件（默认：当前文件夹或上级文件夹中的 speechkit.yaml）。",
                     "Settings file (default: speechkit.yaml here or in a parent folder)."))
@click.option("--verify", is_flag=True, help=t("运行各规则的正反例；有不符的，退出状态为 1。",
                                              "Run the rules' examples; exit 1 if any fails."))
@click.pass_context
def rules_command(ctx: click.Context, code: str | None, terms: tuple[str, ...], config: str | None,
                  verify: bool) -> None:
    from .layout.examples import verify_layout_example
    from .lint.explain import rules_report

    status, text = rules_report(code, terms=terms, config=config, verify=verify, check_given=verify_layout_example)
    click.echo(text, nl=False)
    ctx.exit(status)


@cli.command(
    "check-format", short_help=t("检查 .docx 的版式是否符合 GB/T 9704", "Check a .docx against GB/T 9704"),
    help=t("报告 .docx 文稿（- 表示标准输入）与 GB/T 9704 版式的出入：纸张、页边距、字体、行距、标题、层次标题、页码。"
           "退出状态：0 无问题，1 有问题，2 出错。",
           "Report how .docx drafts (- for stdin) depart from the GB/T 9704 layout: page, margins, fonts, line "
           "pitch, title, headings, page numbers. Exit status: 0 clean, 1 findings, 2 error.")
    + _examples("speechkit check-format 通知.docx", "speechkit check-format 通知.docx --format json"))
@click.argument("paths", nargs=-1, required=True, metavar=t("文稿...", "PATHS..."))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=t("text：路径:行:列: 代码 说明 [规则名]；json：与 lint 相同。",
                     "text: path:line:col: CODE message [name]; json: as lint's."))
@click.pass_context
def check_format_command(ctx: click.Context, paths: tuple[str, ...], fmt: str) -> None:
    from .layout.checkformat import run_check_format

    status = run_check_format(paths, fmt=fmt, out=sys.stdout, err=sys.stderr)
    ctx.exit(status)


def _topics() -> dict[str, Path]:
    topics = {p.stem: p for p in sorted(data_dir("docs").glob("*.md"))}
    topics["schema"] = Path(__file__).parent / "schemas" / "lint-output.schema.json"
    return topics


def _title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return t("lint 和 check-format 的 JSON 输出结构（JSON Schema）", "JSON Schema of lint and check-format output")


@cli.command(
    "docs", short_help=t("查看使用说明", "Read the documentation"),
    help=t("不带主题时列出说明文档；给出主题时显示这一篇（装好的 speechkit 自带这些文档，不用联网）。"
           "schema 是 lint --format json 输出的 JSON Schema。",
           "List the documentation topics, or print TOPIC (shipped with speechkit; no network needed). "
           "'schema' is the JSON Schema of lint --format json.")
    + _examples("speechkit docs", "speechkit docs lint", "speechkit docs schema > lint.schema.json"))
@click.argument("topic", required=False, metavar=t("主题", "TOPIC"))
def docs_command(topic: str | None) -> None:
    topics = _topics()
    if topic is None:
        width = max(len(name) for name in topics)
        for name, doc in topics.items():
            click.echo(f"{name:<{width}}  {_title(doc)}")
        return
    path = topics.get(topic.removesuffix(".md"))
    if path is None:
        raise OutputError(t(f"没有说明文档「{topic}」（可选：{'、'.join(topics)}）",
                            f"no documentation topic {topic!r} (topics: {', '.join(topics)})"))
    text = path.read_text(encoding="utf-8")
    if sys.stdout.isatty():
        click.echo_via_pager(text)
    else:
        click.echo(text, nl=False)


@cli.command(
    "completion", short_help=t("输出命令行补全脚本", "Print a shell completion script"),
    help=t("输出 bash、zsh 或 fish 的补全脚本，装好后按 Tab 可补全命令、选项和文件名。",
           "Print the completion script for SHELL (bash, zsh or fish).")
    + _examples("speechkit completion bash >> ~/.bashrc", "speechkit completion zsh > ~/.zfunc/_speechkit",
                "speechkit completion fish > ~/.config/fish/completions/speechkit.fish"))
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]), metavar="SHELL")
def completion_command(shell: str) -> None:
    from click.shell_completion import get_completion_class

    completion = get_completion_class(shell)
    assert completion is not None  # the three shells click ships
    click.echo(completion(cli, {}, "speechkit", "_SPEECHKIT_COMPLETE").source())


def main() -> None:
    import signal

    def terminated(signum, frame):  # SIGTERM: unwind as Ctrl-C does, so that temporary files are removed
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminated)
    # Not click's standalone mode: it turns Ctrl-C into "Aborted!" and exit status 1.
    try:
        code = cli.main(prog_name="speechkit", standalone_mode=False)
    except (click.Abort, KeyboardInterrupt) as exc:
        if isinstance(exc, click.Abort) and not isinstance(exc.__cause__, KeyboardInterrupt):
            click.echo(t("speechkit: 已取消", "Aborted!"), err=True)
            _exit(1)
        click.echo(t("speechkit: 已中断", "speechkit: interrupted"), err=True)
        _exit(130)
    except click.UsageError as exc:
        _usage_error(exc)
    except click.ClickException as exc:
        click.echo(f"{ERROR}{usage_error(exc.format_message())}", err=True)
        _exit(exc.exit_code)
    except SystemExit as exc:
        if exc.code is not None and not isinstance(exc.code, int):
            raise
        _exit(exc.code or 0)
    except Exception as exc:
        # Reached with --debug (the group re-raises), or from outside a command: the exit status keeps
        # its meaning either way, 2 for the user's input and 3 for our bugs.
        if "--debug" not in sys.argv[1:]:
            _internal_error(exc)
        traceback.print_exc()
        _exit(EXIT_ERROR if isinstance(exc, SpeechkitError | OSError) else EXIT_INTERNAL)
    _exit(code if isinstance(code, int) else 0)


def _usage_error(exc: click.UsageError) -> None:
    """click's usage errors, in the chosen language, with where to find help."""
    ctx = exc.ctx
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        name = ctx.command_path
        click.echo(ctx.get_usage(), err=True)
        click.echo(t(f"加 -h 查看帮助和示例：{name} -h", f"Try '{name} -h' for help."), err=True)
    click.echo(f"{ERROR}{usage_error(exc.format_message())}", err=True)
    _exit(exc.exit_code)


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
