"""The `foi-extract` command line."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from typer.core import TyperGroup

from foi_extract import __version__
from foi_extract.errors import UserError, user_message
from foi_extract.evaluate.cli import eval_command
from foi_extract.executors import EXECUTORS
from foi_extract.inputs import discover
from foi_extract.model_files import MODEL_BY_DEFAULT
from foi_extract.pipeline import RunInterrupted, RunOptions, RunSummary, run_pipeline
from foi_extract.scrape.cli import app as scrape_app

if TYPE_CHECKING:  # typer vendors click: its group's invoke takes this Context, not typer's
    from typer._click import Context as ClickContext

    from foi_extract.review import Line

USER_ERROR_EXIT = 2
"""Exit code of a user's mistake (as for a usage error); a bug exits 1 with its traceback."""

VERBOSE = "foi_extract.verbose"
"""Key in the click context's meta (shared by all commands of one call): show tracebacks."""


class _Commands(TyperGroup):
    """The top-level group: a user's mistake raised by any command (a missing folder, a file
    given as --out, a misspelt site file) ends as one line on stderr with exit code 2."""

    def invoke(self, ctx: ClickContext) -> object:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            message = user_message(exc)
            if message is None or (ctx.meta.get(VERBOSE) and not isinstance(exc, UserError)):
                raise
            typer.echo(f"foi-extract: error: {message}", err=True)
            raise typer.Exit(code=USER_ERROR_EXIT) from exc


app = typer.Typer(
    cls=_Commands,
    help="Extract social-care software facts from UK council FOI responses into Parquet.",
    no_args_is_help=True,
    add_completion=False,
)


app.add_typer(scrape_app, name="scrape")
app.command("eval")(eval_command)


def _print_version(value: bool) -> None:
    """--version: print it and stop before any command is looked for."""
    if value:
        typer.echo(f"foi-extract {__version__}")
        raise typer.Exit()


def _positive(value: float) -> float:
    """A time limit must be above zero: pebble reads 0 as no limit at all, and a negative one
    times out every file."""
    if value <= 0:
        raise typer.BadParameter(f"must be greater than 0, not {value:g}")
    return value


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """foi-extract: FOI responses in, validated Parquet tables out."""


@app.command()
def run(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (searched recursively).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the Parquet tables.")] = Path(
        "data/processed"
    ),
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = RunOptions.workers,
    timeout: Annotated[
        float,
        typer.Option(
            callback=_positive, help="Seconds one file may take before its worker is killed."
        ),
    ] = RunOptions.timeout_seconds,
    max_memory_mb: Annotated[
        int,
        typer.Option(min=1, help="Memory cap of a worker; a file past it becomes an error row."),
    ] = RunOptions.max_memory_mb,
    resume: Annotated[
        bool, typer.Option(help="Reuse results of files already processed into --out.")
    ] = True,
    strict: Annotated[bool, typer.Option(help="Exit 1 when any document has an error.")] = False,
    model: Annotated[
        bool,
        typer.Option(
            help="Add the names the packaged NER model finds to the rules' (a product nobody "
            "listed); --no-model: rules only."
        ),
    ] = MODEL_BY_DEFAULT,
    executor: Annotated[
        str,
        typer.Option(
            help="Who processes the files: 'local' (a process pool here) or 'dask' (shards of "
            "files as tasks on a Dask cluster; see --scheduler)."
        ),
    ] = RunOptions.executor,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="With --executor dask: the scheduler's address (tcp://host:8786); without it a "
            "LocalCluster is started on this machine."
        ),
    ] = RunOptions.scheduler,
    shard_size: Annotated[
        int, typer.Option(min=1, help="With --executor dask: files per Dask task.")
    ] = RunOptions.shard_size,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="No progress bar: only errors and the summary line."),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Also a status line per document, and a traceback for a file error that "
            "stops the run.",
        ),
    ] = False,
    corrections: Annotated[
        Path | None,
        typer.Option(
            help="A corrections file exported from the report: applied to the systems and "
            "council systems tables once they are written (see README, Review loop).",
        ),
    ] = None,
) -> None:
    """Ingest PATHS, extract facts and write documents/systems/exemptions Parquet into --out."""
    if quiet and verbose:
        raise UserError("give --quiet or --verbose, not both")
    ctx.meta[VERBOSE] = verbose
    missing = [path for path in paths if not path.exists()]
    if missing:
        raise typer.BadParameter(f"no such file or folder: {', '.join(map(str, missing))}")
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out} is a file; give a folder for the tables")
    if executor not in EXECUTORS:
        raise typer.BadParameter(f"--executor must be one of {', '.join(EXECUTORS)}")
    if scheduler is not None and executor != "dask":
        raise typer.BadParameter("--scheduler needs --executor dask")
    reviewed = _read_corrections(corrections)
    options = RunOptions(
        workers=workers,
        timeout_seconds=timeout,
        max_memory_mb=max_memory_mb,
        resume=resume,
        use_model=model,
        executor=executor,
        scheduler=scheduler,
        shard_size=shard_size,
    )
    try:
        if sys.stdout.isatty() and not quiet:
            summary = _run_with_progress(paths, out, options)
        else:
            summary = run_pipeline(paths, out, options)
    except RunInterrupted as stopped:
        typer.echo(f"foi-extract: {stopped}", err=True)
        raise typer.Exit(code=130) from None
    if verbose:
        for line in _document_lines(out):
            typer.echo(line)
    typer.echo(_summary_line(summary, out))
    if reviewed is not None:
        from foi_extract.review import apply_corrections

        typer.echo(str(apply_corrections(out, reviewed)))
    if strict and summary.errors:
        raise typer.Exit(code=1)


@app.command()
def report(
    out_dir: Annotated[Path, typer.Argument(help="Folder with the tables of a run.")] = Path(
        "data/processed"
    ),
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path(
        "report.html"
    ),
) -> None:
    """Write a single static HTML report: figures, plots and the council systems table."""
    from foi_extract.analysis.report import build_report

    if not out_dir.is_dir():
        raise UserError(f"no such folder: {out_dir} (give the --out folder of a run)")
    started = time.perf_counter()
    path = build_report(out_dir, out)
    size = path.stat().st_size / 1024
    typer.echo(f"report written to {path} ({size:.0f} KB in {time.perf_counter() - started:.1f} s)")


@app.command()
def explain(
    file: Annotated[
        Path, typer.Argument(help="One input file (PDF, DOCX, HTML, e-mail, text...).")
    ],
    field: Annotated[
        str | None,
        typer.Option(help="Only this field (hosting, contract_end, system, exemption...)."),
    ] = None,
    html: Annotated[
        Path | None, typer.Option(help="Also write one HTML page with the spans highlighted.")
    ] = None,
    model: Annotated[
        bool, typer.Option(help="Run the trained NER model too (--no-model: rules only).")
    ] = MODEL_BY_DEFAULT,
) -> None:
    """Show every finding in FILE with its rule id, span and sentence: which won, and why the
    others lost (outranked, rejected by a modifier, invalid)."""
    from foi_extract.explain import explain_file, render_html, render_text

    if not file.is_file():
        raise typer.BadParameter(f"no such file: {file}")
    explained = explain_file(file, use_model=model)
    typer.echo(render_text(explained, field))
    if html is not None:
        html.write_text(render_html(explained, field), encoding="utf-8")
        typer.echo(f"HTML written to {html}")


def _read_corrections(path: Path | None) -> list[Line] | None:
    """The corrections file given to `run`, read before the run starts: a bad line stops it
    at once, not after the whole corpus."""
    if path is None:
        return None
    from foi_extract.review import read_corrections

    if not path.is_file():
        raise UserError(f"no corrections file at {path}")
    return read_corrections(path)


def _run_with_progress(paths: list[Path], out: Path, options: RunOptions) -> RunSummary:
    found = discover(paths)
    total = len(found.files) + len(found.refused)
    columns = (*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=Console()) as progress:
        task = progress.add_task("files", total=total)
        return run_pipeline(paths, out, options, on_file_done=lambda _path: progress.advance(task))


def _document_lines(out: Path) -> list[str]:
    """One line per document of the tables in `out`: its status, path and any error."""
    import pyarrow.parquet as pq

    table = pq.read_table(out / "documents.parquet", columns=["status", "source_path", "error"])
    return [
        f"{row['status']:<9} {row['source_path']}" + (f": {row['error']}" if row["error"] else "")
        for row in table.to_pylist()
    ]


def _summary_line(summary: RunSummary, out: Path) -> str:
    statuses = ", ".join(f"{count} {status}" for status, count in sorted(summary.statuses.items()))
    return (
        f"{summary.files} files ({summary.cached} from cache) -> {summary.documents} documents "
        f"({statuses or 'none'}), {summary.systems} system facts, {summary.exemptions} exemptions, "
        f"{summary.council_systems} council systems, "
        f"{summary.errors} errors in {summary.seconds:.1f} s "
        f"({summary.docs_per_second:.1f} docs/s); tables in {out}/"
    )
