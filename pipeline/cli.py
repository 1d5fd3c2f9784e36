"""Command line: `python -m pipeline extract [INPUT ...] --out DIR`."""

from __future__ import annotations

import os
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.cache import sweep
from pipeline.cachedir import default_location
from pipeline.corpus import InputError, check_inputs, count_articles, read_articles
from pipeline.extraction import Summary, extract, write_stats
from pipeline.output_folder import OutputBusy
from pipeline.parallel import SchedulerError
from pipeline.patterns.pack import PackError, build_pack
from pipeline.runner import MAX_CHARS, Options
from pipeline.visible import visible

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn Russian news articles into tables of entities, dates and events.",
)
err = Console(stderr=True)


def say(label: str, message: str) -> None:
    """One line on stderr; the message may hold names from the data, so markup
    and control characters in it are shown as they are (`visible`)."""
    err.print(f"{label} {escape(visible(message))}", highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> None:
    say("[red]error:[/red]", message)
    raise typer.Exit(code)


def warn(message: str) -> None:
    say("[yellow]warning:[/yellow]", message)


class TableFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"


def print_profile(summary: Summary) -> None:
    total = sum(summary.stages.values()) or 1.0
    table = Table(title="Where the time went (all processes)", title_justify="left")
    for column in ("stage", "seconds", "share"):
        table.add_column(column, justify="left" if column == "stage" else "right")
    for name, seconds in sorted(summary.stages.items(), key=lambda item: -item[1]):
        table.add_row(name, f"{seconds:.2f}", f"{seconds / total:.0%}")
    Console(stderr=True).print(table)


FAILED_LINES = 20  # failed articles named on the terminal; documents.csv lists every one


def print_failures(summary: Summary, out: Path) -> None:
    """Failed articles, even with --quiet: a run that lost articles must say so."""
    console = Console(stderr=True)
    for doc_id, error in summary.errors[:FAILED_LINES]:
        console.print(
            f"[yellow]failed[/yellow] {escape(visible(doc_id))}: {escape(visible(error))}",
            highlight=False,
        )
    if len(summary.errors) > FAILED_LINES:
        more = len(summary.errors) - FAILED_LINES
        say("[yellow]failed[/yellow]", f"{more} more: every reason is in {out / 'documents.csv'}")


def print_summary(summary: Summary, out: Path, cache: Path | None) -> None:
    console = Console(stderr=True)
    table = Table(title=f"Extracted into {out}/", show_header=False, box=None)
    skipped = f", {summary.skipped} not articles" if summary.skipped else ""
    cached = f"{summary.cached} from the cache in {cache}" if cache else "no cache"
    table.add_row(
        "documents", escape(f"{summary.documents} ({summary.failed} failed{skipped}, {cached})")
    )
    table.add_row("sentences", str(summary.sentences))
    kinds = [("entities", summary.entities), ("events", summary.events)]
    if summary.relations:
        kinds.append(("relations", summary.relations))
    for kind, counts in kinds:
        detail = ", ".join(f"{name} {counts[name]}" for name in sorted(counts)) or "none"
        table.add_row(kind, escape(f"{sum(counts.values())}: {detail}"))
    table.add_row("speed", f"{summary.docs_per_second:.2f} documents/s ({summary.seconds:.1f} s)")
    console.print(table)


@app.command("extract")
def extract_command(
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Folders (searched recursively for .txt, .jsonl and .csv files), .txt files "
            "(one article each), or .jsonl/.csv files of records with fields id, text and "
            "optional date (YYYY-MM-DD), title.",
            show_default="corpus/articles",
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the CSV tables (created if missing).")
    ] = Path("outputs"),
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="No progress bar and no summary (failed articles are still named).",
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Exit with status 1 if any article failed."),
    ] = False,
    max_chars: Annotated[
        int,
        typer.Option(
            "--max-chars", min=1, help="Refuse (report as failed) articles longer than this."
        ),
    ] = MAX_CHARS,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            min=0,
            help="Parallel processes, each loading the models once; 0: one per core.",
        ),
    ] = 0,
    scheduler: Annotated[
        str,
        typer.Option(
            "--scheduler",
            help="Run on a Dask distributed cluster at this address (tcp://host:8786) "
            "instead of local processes; needs the 'dask' extra.",
        ),
    ] = "",
    table_format: Annotated[
        TableFormat, typer.Option("--format", help="Write the tables as CSV or Parquet.")
    ] = TableFormat.csv,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Neither read nor write the annotation cache."),
    ] = False,
    cache: Annotated[
        Path | None,
        typer.Option(
            "--cache",
            help="Cache folder for annotated documents (also $NEWSFACTS_CACHE).",
            show_default="~/.cache/newsfacts",
        ),
    ] = None,
    profile: Annotated[
        bool, typer.Option("--profile", help="Print where the time went, stage by stage.")
    ] = False,
    stats: Annotated[
        Path | None,
        typer.Option("--stats", help="Write run figures (time, memory, stages) as JSON here."),
    ] = None,
    patterns: Annotated[
        list[str] | None,
        typer.Option(
            "--patterns",
            "-p",
            help="A pattern pack to add: a .toml or .json file, a folder of them, a .py file "
            "or a module name (docs/packs.md). Repeatable.",
        ),
    ] = None,
    patterns_only: Annotated[
        bool,
        typer.Option("--patterns-only", help="Use only the --patterns packs, not the default one."),
    ] = False,
) -> None:
    """Annotate articles and write documents, sentences, tokens, entities, events and
    relations tables."""
    options = Options(
        cache=None if no_cache else cache or default_location(),
        max_chars=max_chars,
        # absolute, so that workers (and Dask workers on a shared filesystem)
        # read the same files whatever their working folder
        patterns=tuple(str(Path(p).resolve()) if Path(p).exists() else p for p in patterns or ()),
        default_patterns=not patterns_only,
    )
    try:
        build_pack(options.patterns, default=options.default_patterns)
    except PackError as error:
        fail(str(error))
    try:
        paths = check_inputs(inputs or [Path("corpus/articles")], out)
    except InputError as error:
        fail(str(error))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(f"{out}: cannot create output folder ({error.strerror})")
    if not out.is_dir() or (problem := write_problem(out)):
        fail(f"{out}: output folder is not writable ({problem or 'not a folder'})")
    if options.cache:
        try:
            options.cache.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            fail(f"{options.cache}: cannot create cache folder ({error.strerror}); {CACHE_HINT}")
        if problem := write_problem(options.cache):
            fail(f"{options.cache}: cache folder is not writable ({problem}); {CACHE_HINT}")
        sweep(options.cache)

    total = count_articles(paths, exclude=[out])
    show = not quiet and total > 1
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not show,
        transient=True,
    ) as progress:
        task = progress.add_task("extracting", total=total)
        try:
            summary = extract(
                read_articles(paths, exclude=[out]),
                out,
                options=options,
                workers=min(workers or os.cpu_count() or 1, max(total, 1)),
                scheduler=scheduler,
                table_format=table_format.value,
                progress=lambda n: progress.advance(task, n),
                owns_process=True,
            )
        except OutputBusy as error:
            fail(str(error))
        except SchedulerError as error:
            fail(f"{error}; the tables in {out} are as they were")
        except OSError as error:
            where = error.filename or out
            fail(
                f"{where}: {error.strerror or error} while writing the tables; "
                f"the tables in {out} are as they were"
            )
    if summary.cache_dropped:
        dropped = summary.cache_dropped
        what = (
            "entry dropped; its article was"
            if dropped == 1
            else "entries dropped; their articles were"
        )
        warn(f"{dropped} damaged cache {what} redone")
    if summary.cache_warning:
        warn(f"{options.cache}: cache entries could not be written ({summary.cache_warning})")
    if summary.replaced_one_by_one:
        warn(
            f"{out}: its file system takes no symbolic links, so the tables were replaced "
            "one by one (a run killed while replacing them leaves old and new side by side)"
        )
    if stats:
        write_stats(summary, stats)
    if not quiet:
        print_summary(summary, out, options.cache)
    print_failures(summary, out)
    if profile:
        print_profile(summary)
    if strict and summary.failed:
        raise typer.Exit(1)


CACHE_HINT = "choose another with --cache DIR or run with --no-cache"


def write_problem(folder: Path) -> str:
    """Why a file cannot be created in `folder` ("" if it can): tried, not guessed
    from permission bits, which say nothing of read-only mounts or root."""
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=".probe-")
    except OSError as error:
        return error.strerror or str(error)
    os.close(handle)
    os.unlink(name)
    return ""


@app.command("evaluate")
def evaluate_command(
    gold: Annotated[
        Path,
        typer.Option("--gold", help="Folder with the gold entities.csv, events.csv or both."),
    ] = Path("corpus/gold"),
    pred: Annotated[
        Path, typer.Option("--pred", help="Folder with the extracted tables to score.")
    ] = Path("outputs"),
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Where to write the score and error tables.", show_default="PRED/eval"
        ),
    ] = None,
) -> None:
    """Score extracted tables against the gold set: entities, linking, events, patterns."""
    from pipeline.evaluate import (  # pandas: load on use
        EvaluationError,
        evaluate,
        score_tables,
        write_evaluation,
    )

    try:
        evaluation = evaluate(gold, pred)
    except EvaluationError as error:
        fail(str(error))
    target = out or pred / "eval"
    write_evaluation(evaluation, target)
    console = Console()
    for title, table in score_tables(evaluation):
        view = Table(title=title, title_justify="left")
        for column in table.columns:
            view.add_column(column, justify="left" if column == "label" else "right")
        for row in table.itertuples(index=False):
            view.add_row(*(escape(cell) for cell in row))
        console.print(view)
    console.print(escape(f"Scores and error lists written to {target}/"), highlight=False)


@app.callback()
def main() -> None:
    """Russian news → structured facts (entities, dates, country–organization events)."""


# Seeing the results. The report modules are imported on use: pandas is slow to load
# and only these commands need it.
FOLDER_ARGUMENT = typer.Argument(
    help="Folder holding the extracted tables (extract's --out).", show_default="outputs"
)
# the name these commands took before the folder became an argument: still accepted
OUT_ALIAS = typer.Option("--out", "-o", hidden=True)


def tables_folder(folder: Path | None, out: Path | None) -> Path:
    return folder or out or Path("outputs")


@app.command("report")
def report_command(
    folder: Annotated[Path | None, FOLDER_ARGUMENT] = None,
    out: Annotated[Path | None, OUT_ALIAS] = None,
) -> None:
    """Write FOLDER/report.html: articles with highlighted entities, events, timeline, scores."""
    from pipeline.report import ReportError, write_report

    try:
        target = write_report(tables_folder(folder, out))
    except ReportError as error:
        fail(str(error))
    Console().print(escape(f"Report written to {target}"), highlight=False)


@app.command("show")
def show_command(
    doc_id: Annotated[str, typer.Argument(help="A doc_id from FOLDER/documents.csv.")],
    folder: Annotated[Path | None, FOLDER_ARGUMENT] = None,
    out: Annotated[Path | None, OUT_ALIAS] = None,
) -> None:
    """Print one article with its entities coloured, then its events."""
    from pipeline.report import ReportError, load
    from pipeline.report.terminal import article_view

    folder = tables_folder(folder, out)
    try:
        results = load(folder)
        if doc_id not in results:
            fail(f"{doc_id}: no such document in {folder / 'documents.csv'}")
        view = article_view(results.article(doc_id))
    except ReportError as error:
        fail(str(error))
    Console().print(view, highlight=False)


@app.command("patterns")
def patterns_command(
    folder: Annotated[Path | None, FOLDER_ARGUMENT] = None,
    out: Annotated[Path | None, OUT_ALIAS] = None,
) -> None:
    """List every pattern of the last run's pack, its triggers and how many rows it made."""
    from pipeline.report import ReportError
    from pipeline.report.data import table_path
    from pipeline.report.terminal import patterns_listing

    folder = tables_folder(folder, out)
    if table_path(folder, "events") is None:
        warn(f"{folder} holds neither events.csv nor events.parquet: every count is 0")
    try:
        listing = patterns_listing(folder)
    except ReportError as error:
        fail(str(error))
    Console().print(listing, highlight=False)


@app.command("export")
def export_command(
    folder: Annotated[Path | None, FOLDER_ARGUMENT] = None,
    out: Annotated[Path | None, OUT_ALIAS] = None,
) -> None:
    """Write FOLDER/tables.xlsx: the tables as sheets whose texts a spreadsheet
    never runs as formulas (docs/tables.md, "Spreadsheets")."""
    from pipeline.export import ExportError, write_xlsx  # XlsxWriter: loaded on use

    try:
        export = write_xlsx(tables_folder(folder, out))
    except ExportError as error:
        fail(str(error))
    for line in export.warnings():
        warn(line)
    Console().print(escape("\n".join(export.lines())), highlight=False)


@app.command("bench-ner")
def bench_ner_command(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="CSV file for the scores (created with its folder).")
    ] = Path("outputs/bench/ner.csv"),
) -> None:
    """Score the pipeline and raw slovnet on factRuEval-2016 dev and NEREL 1.1 dev."""
    from pipeline.bench.ner import run

    try:
        run(out)
    except FileNotFoundError as error:
        fail(str(error))


@app.command("bench-relations")
def bench_relations_command(
    pack: Annotated[
        Path, typer.Option("--patterns", "-p", help="The pattern pack to score.")
    ] = Path("examples/patterns/nerel.toml"),
    out: Annotated[
        Path, typer.Option("--out", "-o", help="CSV file for the scores (created with its folder).")
    ] = Path("outputs/bench/relations.csv"),
) -> None:
    """Score a pattern pack's relations against the R lines of NEREL 1.1 dev."""
    from pipeline.bench.relations import run as bench_relations

    try:
        bench_relations(out, pack)
    except (FileNotFoundError, PackError, ValueError) as error:
        fail(str(error))


def run(args: list[str] | None = None, prog_name: str = "python -m pipeline") -> NoReturn:
    """Run the CLI, then leave without the interpreter's teardown.

    An OSError that reaches here (a read-only folder, a full disk) is one
    line and exit code 2. Freeing every object of a run one by one (vocabulary, gazetteer, models)
    took 0.4 s after the command had finished: a tenth of a re-run after a
    pattern edit. By then every output is written and closed, pools and
    clients are shut down by their context managers, and only the standard
    streams need flushing.
    """
    try:
        app(args=args, prog_name=prog_name)
        code: object = 0
    except SystemExit as finished:
        code = finished.code
    except OSError as error:
        # what the machine refused (a read-only folder, a full disk): the user's to
        # fix, so one line, not a traceback; files are replaced only when complete
        where = f"{error.filename}: " if error.filename else ""
        say("[red]error:[/red]", f"{where}{error.strerror or error}")
        code = 2
    if isinstance(code, str):  # sys.exit("message")
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)
