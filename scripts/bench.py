"""One benchmark run: every throughput, scaling, caching and memory ratio of the pipeline, each
against an anchor measured in the same run, printed as a Markdown table.

The corpora are generated into a temporary folder from `tests/support/fixtures.py`: one-page
council letters (varied council, reference, date, systems, suppliers, hosting, contract end and
exemption, so no two files share a checkpoint) and text PDFs whose every page holds a few such
paragraphs. Each row is printed as soon as it is measured.

Throughput rows run `run_pipeline` in this process after a small warm-up run; its workers are
forked from this process, so the anchors (spaCy + PhraseMatcher, pdfplumber) run in fresh child
processes and their imports never reach the pipeline's workers. The cost-per-page and memory
rows run in a fresh child process too (`--pages-child`, `--memory-child`).

Usage: python scripts/bench.py [--quick] [--memory-docs N]
Internal: --memory-child OUT INPUT, --pages-child PAGES=FOLDER,... TMP,
--anchor-child texts|pdfs INPUT
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.support

from foi_extract.pipeline import RunOptions, RunSummary, run_pipeline  # noqa: E402
from tests.support.fixtures import PAGE_BREAK, Block, Response, a, q, to_pdf, to_text  # noqa: E402

COUNCILS = (
    ("Leeds City Council", "Civic Hall, Leeds", "leeds.gov.uk"),
    ("Sheffield City Council", "Town Hall, Sheffield", "sheffield.gov.uk"),
    ("London Borough of Camden", "5 Pancras Square, London", "camden.gov.uk"),
    ("Bristol City Council", "City Hall, Bristol", "bristol.gov.uk"),
    ("Manchester City Council", "Town Hall, Manchester", "manchester.gov.uk"),
    ("Hull City Council", "Guildhall, Hull", "hullcc.gov.uk"),
    ("Kent County Council", "Sessions House, Maidstone", "kent.gov.uk"),
    ("Derbyshire County Council", "County Hall, Matlock", "derbyshire.gov.uk"),
    ("Norfolk County Council", "County Hall, Norwich", "norfolk.gov.uk"),
    ("Birmingham City Council", "Council House, Birmingham", "birmingham.gov.uk"),
)
SYSTEMS = (  # (surface name, supplier, service area)
    ("Liquidlogic LCS", "Liquidlogic", "children's social care"),
    ("Liquidlogic LAS", "Liquidlogic", "adult social care"),
    ("Mosaic", "Servelec", "adult social care"),
    ("Mosaic", "The Access Group", "children's social care"),
    ("ContrOCC", "Oxford Computer Consultants", "social care finance"),
    ("CareFirst", "OLM Systems", "adult social care"),
    ("Eclipse", "OLM Systems", "children's social care"),
    ("CareDirector", "CareWorks", "adult social care"),
    ("Liquidlogic EHM", "Liquidlogic", "early help"),
)
HOSTING = (
    "{system} is hosted by the supplier.",
    "{system} is hosted on premise in our own data centre.",
    "{system} is hosted in Microsoft Azure under the supplier's managed service.",
    "{system} runs on council servers.",
)
EXEMPTIONS = (
    "The annual cost is withheld under Section 43(2) of the Freedom of Information Act 2000 as "
    "its release would prejudice commercial interests.",
    "The contract is published on our transparency pages, so we have applied Section 21 of the "
    "Freedom of Information Act.",
    "We hold this information but it is exempt under Section 43(2) of the Act.",
)
PAGE_GROUPS = 4  # groups of three paragraphs on a PDF page: a full page, still one page
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "September")


def _systems(rng: random.Random) -> list[tuple[str, str, str]]:
    """Two different systems for one letter."""
    first, second = rng.sample(range(len(SYSTEMS)), 2)
    return [SYSTEMS[first], SYSTEMS[second]]


def _month_year(rng: random.Random) -> str:
    """A month and year such as "March 2016"."""
    return f"{rng.choice(MONTHS)} 20{rng.randint(10, 22)}"


def one_page_response(seed: int) -> Response:
    """A council letter answering four questions about two systems; distinct for every seed."""
    rng = random.Random(seed)
    council, address, domain = COUNCILS[seed % len(COUNCILS)]
    reference = f"FOI/{2020 + seed % 5}/{seed:06d}"
    (s1, sup1, area1), (s2, sup2, area2) = _systems(rng)
    end = (
        f"{rng.randint(1, 28):02d}/{rng.choice(('03', '06', '09', '12'))}/{rng.randint(2025, 2031)}"
    )
    blocks = (
        q(f"1. Which case management system do you use for {area1}?"),
        a(f"For {area1} we use {s1}, supplied by {sup1}, since {_month_year(rng)}."),
        q("2. Which other systems support these services?"),
        a(f"{s2} from {sup2} is used for {area2}."),
        q("3. How are the systems hosted and when do the contracts end?"),
        a(f"{rng.choice(HOSTING).format(system=s1)} The contract for {s1} expires on {end}."),
        q("4. What is the annual cost of each system?"),
        a(rng.choice(EXEMPTIONS)),
    )
    return Response(
        title=f"{reference} Social care systems",
        letterhead=(
            council,
            address,
            f"Our reference: {reference}",
            f"Date: {rng.randint(1, 28)} {rng.choice(MONTHS)} {2020 + seed % 5}",
            "Dear requester,",
        ),
        blocks=blocks,
        signature=("Yours sincerely,", "Information Governance Team", council, f"foi@{domain}"),
    )


def answer_paragraphs(rng: random.Random) -> list[Block]:
    """Three answer paragraphs about two systems: supplier, go-live, hosting, contract end."""
    (s1, sup1, area1), (s2, sup2, area2) = _systems(rng)
    return [
        a(
            f"For {area1} the council uses {s1}, supplied by {sup1}. It went live in "
            f"{_month_year(rng)} and replaced an in-house database. "
            f"{rng.choice(HOSTING).format(system=s1)} The contract for {s1} expires on "
            f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2025, 2031)}."
        ),
        a(
            f"{s2} from {sup2} supports {area2}, including payments to providers and the "
            "reconciliation of invoices. Both systems exchange data nightly and are supported "
            "by the council's ICT service under a separate maintenance agreement."
        ),
        a(rng.choice(EXEMPTIONS)),
    ]


def page_blocks(rng: random.Random, number: int) -> list[Block]:
    """One full A4 page of text (about 2,500 characters): a question and twelve paragraphs."""
    area = rng.choice(SYSTEMS)[2]
    blocks = [q(f"{number}. Which systems do you use for {area}, and who supplies them?")]
    for _ in range(PAGE_GROUPS):
        blocks += answer_paragraphs(rng)
    return blocks


def text_pdf(seed: int, pages: int) -> bytes:
    """A PDF of `pages` full text pages (see `page_blocks`; no tables)."""
    rng = random.Random(seed)
    letter = one_page_response(seed)
    blocks: list[Block] = []
    for number in range(1, pages + 1):
        if number > 1:
            blocks.append(PAGE_BREAK)
        blocks += page_blocks(rng, number)
    return to_pdf(Response(letter.title, letter.letterhead, tuple(blocks), letter.signature))


def write_texts(folder: Path, count: int, start: int = 0) -> list[Path]:
    """`count` distinct one-page letters as .txt files in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(start, start + count):
        path = folder / f"letter_{seed:06d}.txt"
        path.write_text(to_text(one_page_response(seed)), encoding="utf-8")
        paths.append(path)
    return paths


def write_pdfs(folder: Path, count: int, pages: int, start: int = 0) -> list[Path]:
    """`count` distinct text PDFs of `pages` pages each in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(start, start + count):
        path = folder / f"response_{seed:04d}_{pages}p.pdf"
        path.write_bytes(text_pdf(seed, pages))
        paths.append(path)
    return paths


def write_long_text(folder: Path, chars: int) -> Path:
    """One text file of at least `chars` characters: many letters' answers in one response."""
    folder.mkdir(parents=True, exist_ok=True)
    first = one_page_response(0)
    parts = [to_text(Response(first.title, first.letterhead, (), ()))]
    size, seed = len(parts[0]), 1
    while size < chars:
        letter = one_page_response(seed)
        body = to_text(Response(letter.title, (), letter.blocks, ()))
        parts.append(body)
        size, seed = size + len(body) + 1, seed + 1
    parts.append("\n".join(first.signature) + "\n")
    path = folder / f"long_{chars}.txt"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


# --- measuring -----------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the result table."""

    what: str
    pipeline: str
    anchor: str
    ratio: str
    target: str


def print_row(row: Row) -> None:
    """Print one Markdown table row at once."""
    print(
        f"| {row.what} | {row.pipeline} | {row.anchor} | {row.ratio} | {row.target} |", flush=True
    )


def note(text: str) -> None:
    """A line of context under the table (flushed)."""
    print(f"  note: {text}", flush=True)


def timed_run(
    inputs: Path, out: Path, workers: int, resume: bool = False
) -> tuple[RunSummary, float]:
    """Run the pipeline; return its summary and wall-clock seconds."""
    started = time.perf_counter()
    summary = run_pipeline([inputs], out, RunOptions(workers=workers, resume=resume))
    return summary, time.perf_counter() - started


def cpu_seconds() -> float:
    """User + system CPU of this process and of its reaped children (the pipeline's workers).

    The pool's workers are joined when `run_pipeline` returns, so RUSAGE_CHILDREN deltas around
    a run include all of their CPU; RUSAGE_SELF adds the parent's share (discovery, hashing,
    checkpoints, Parquet)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def anchor_docs_per_second(paths: list[Path]) -> float:
    """docs/s of a bare spaCy tokenizer plus a PhraseMatcher of every gazetteer alias."""
    import spacy
    from spacy.matcher import PhraseMatcher

    from foi_extract.link.gazetteer import load_gazetteer

    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    aliases = sorted({alias.text for alias in load_gazetteer().aliases})
    matcher.add("ALIAS", list(nlp.tokenizer.pipe(aliases)))
    started = time.perf_counter()
    texts = (path.read_text(encoding="utf-8") for path in paths)
    found = sum(len(matcher(doc)) for doc in nlp.pipe(texts))
    seconds = time.perf_counter() - started
    assert found, "the anchor matched no alias: the corpus is not realistic"
    return len(paths) / seconds


def plumber_pages_per_second(paths: list[Path]) -> tuple[float, int]:
    """(pages/s, pages) of pdfplumber's `page.extract_text()` over every page of `paths`."""
    import pdfplumber

    pages, chars = 0, 0
    started = time.perf_counter()
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                chars += len(page.extract_text() or "")
                page.close()
                pages += 1
    seconds = time.perf_counter() - started
    assert chars, "pdfplumber found no text: the PDFs are not text PDFs"
    return pages / seconds, pages


def ratio(value: float, anchor: float) -> str:
    """value / anchor, to two decimals ('n/a' without an anchor)."""
    return f"{value / anchor:.2f}" if anchor else "n/a"


def run_child(args: list[str]) -> dict[str, float]:
    """Run this script in a fresh interpreter with `args`; return the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"child {args[0]} failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def memory_child(inputs: Path, out: Path) -> dict[str, float]:
    """One pipeline run in this fresh process, default workers: the peak RSS of this process
    only (RUSAGE_SELF: the workers are excluded), and CPU seconds of this process plus its
    workers (RUSAGE_SELF + RUSAGE_CHILDREN deltas, see `cpu_seconds`)."""
    before = cpu_seconds()
    summary, seconds = timed_run(inputs, out, RunOptions().workers)
    return {
        "cpu": cpu_seconds() - before,
        "wall": seconds,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "documents": summary.documents,
        "errors": summary.errors,
    }


def anchor_child(kind: str, inputs: Path) -> dict[str, float]:
    """An anchor's rate over the files in `inputs`, measured in a fresh process so that its
    imports (spaCy, pdfplumber) do not leak into the pipeline workers forked by the parent."""
    if kind == "texts":
        return {"rate": anchor_docs_per_second(sorted(inputs.glob("*.txt")))}
    rate, pages = plumber_pages_per_second(sorted(inputs.glob("*.pdf")))
    return {"rate": rate, "pages": pages}


def pages_child(folders: str, _: Path) -> dict[str, float]:
    """{pages: least process CPU of `process_file`} for the one PDF in each folder of
    `folders` ("1=/tmp/a,16=/tmp/b"), with the pipeline loaded first (`prepare`)."""
    from foi_extract.process import prepare, process_file

    prepare()
    found: dict[str, float] = {}
    for item in folders.split(","):
        pages, folder = item.split("=", 1)
        (path,) = sorted(Path(folder).glob("*.pdf"))
        times = []
        for _repeat in range(CPU_REPEATS):
            started = time.process_time()
            process_file(path)
            times.append(time.process_time() - started)
        found[pages] = min(times)
    return found


CHILDREN: dict[str, Callable[[str, Path], dict[str, float]]] = {
    "--memory-child": lambda out, inputs: memory_child(inputs, Path(out)),
    "--anchor-child": anchor_child,
    "--pages-child": pages_child,
}


# --- rows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    """Corpus sizes of one benchmark run."""

    texts: int
    pdfs: int
    pdf_pages: int
    small_pdf: int
    big_pdf: int
    memory_small: int
    memory_big: int
    long_chars: int
    long_pdf_pages: int  # 0: no long PDF


# Quick: the memory row keeps the table's 20x ratio at 25 vs 500 documents.
QUICK = Sizes(200, 8, 4, 16, 48, 25, 500, 300_000, 0)
FULL = Sizes(1_000, 60, 8, 16, 96, 1_000, 20_000, 1_200_000, 500)
WARM_ATTEMPTS = 3
CPU_REPEATS = 3  # the least CPU of three fresh-process runs, against noise from a busy machine


def row_texts(tmp: Path, texts: list[Path], workers: int) -> tuple[Row, float]:
    """One-page letters: pipeline docs/s (default workers) ÷ bare spaCy + PhraseMatcher docs/s.

    Returns the row and the cold run's wall clock, reused by the warm-rerun row."""
    summary, seconds = timed_run(texts[0].parent, tmp / "out_texts", workers)
    pipeline = summary.documents / seconds
    anchor = float(run_child(["--anchor-child", "texts", str(texts[0].parent)])["rate"])
    row = Row(
        f"one-page text responses ({len(texts)}, {workers} workers): docs/s",
        f"{pipeline:.1f}",
        f"{anchor:.0f}",
        ratio(pipeline, anchor),
        ">= 0.5",
    )
    if summary.errors or summary.documents != len(texts):
        note(f"texts: {summary.documents} documents, {summary.errors} errors")
    return row, seconds


def row_warm(tmp: Path, inputs: Path, cold_seconds: float, workers: int) -> Row:
    """Immediately rerun the corpus into the same out folder with resume: cold ÷ warm wall.

    The checkpoint fingerprint hashes the package's code, so an edit under foi_extract/ between
    the two runs makes the rerun cold: that rerun then counts as the cold run and is repeated."""
    for _ in range(WARM_ATTEMPTS):
        summary, seconds = timed_run(inputs, tmp / "out_texts", workers, resume=True)
        if summary.cached == summary.files:
            break
        note(
            f"warm rerun reused {summary.cached} of {summary.files} files: the code fingerprint "
            "changed (someone edited foi_extract/); counting it as the cold run and rerunning"
        )
        cold_seconds = seconds
    return Row(
        f"warm rerun ({summary.files} unchanged files, {summary.cached} cached) vs cold: wall",
        f"{seconds:.2f} s",
        f"{cold_seconds:.1f} s cold",
        f"{cold_seconds / seconds:.0f}x",
        ">= 50",
    )


def row_workers(tmp: Path, inputs: Path, two_seconds: float, documents: int) -> Row:
    """2 workers ÷ 1 worker, wall-clock docs/s on the same corpus: the best of two runs each,
    alternating (1, 2, 1; the first 2-worker run is the one-page row's cold run), so a burst of
    load from elsewhere does not land on one side only."""
    rates: dict[int, list[float]] = {2: [documents / two_seconds], 1: []}
    for n, workers in enumerate((1, 2, 1)):
        summary, seconds = timed_run(inputs, tmp / f"out_workers_{n}", workers)
        rates[workers].append(summary.documents / seconds)
    one, two = max(rates[1]), max(rates[2])
    runs = ", ".join(f"{w}w " + "/".join(f"{r:.1f}" for r in rates[w]) for w in (2, 1))
    note(f"workers: docs/s per run: {runs}")
    return Row(
        f"2 workers vs 1 worker ({documents} one-page texts): docs/s",
        f"{two:.1f}",
        f"{one:.1f}",
        ratio(two, one),
        ">= 1.7 (idle machine)",
    )


def row_pdfs(tmp: Path, pdfs: list[Path], workers: int) -> Row:
    """Text PDFs: pipeline pages/s ÷ pdfplumber `extract_text()` pages/s."""
    summary, seconds = timed_run(pdfs[0].parent, tmp / "out_pdfs", workers)
    plumber = run_child(["--anchor-child", "pdfs", str(pdfs[0].parent)])
    anchor, pages = float(plumber["rate"]), int(plumber["pages"])
    pipeline = pages / seconds
    if summary.errors:
        note(f"text PDFs: {summary.errors} errors")
    return Row(
        f"text PDFs ({len(pdfs)} x {pages // len(pdfs)} pages, {workers} workers): pages/s",
        f"{pipeline:.1f}",
        f"{anchor:.1f}",
        ratio(pipeline, anchor),
        ">= 10",
    )


def row_cost_per_page(tmp: Path, small: int, big: int) -> Row:
    """CPU s/page of a `big`-page PDF ÷ that of a `small`-page PDF.

    Measured in one fresh process with the pipeline loaded (`pages_child`): each file's
    `process_file` CPU, the least of `CPU_REPEATS` runs. The ratio is of the marginal cost per
    page, (cpu(N) - cpu(1)) / (N - 1), so a per-file cost cannot hide a per-page cost that grows
    with the document; and no process start (interpreter, imports, worker, tables: about 4 s,
    whose run-to-run noise once outweighed the 16-page file's whole marginal cost) is in it."""
    folders = []
    for pages in (1, small, big):
        folder = tmp / f"cost_{pages}"
        write_pdfs(folder, 1, pages, start=7)
        folders.append(f"{pages}={folder}")
    cpu = {int(k): v for k, v in run_child(["--pages-child", ",".join(folders), str(tmp)]).items()}
    per_small = (cpu[small] - cpu[1]) / (small - 1)
    per_big = (cpu[big] - cpu[1]) / (big - 1)
    note(
        f"CPU s (process_file, least of {CPU_REPEATS}): 1 page {cpu[1]:.3f}, {small} pages "
        f"{cpu[small]:.3f}, {big} pages {cpu[big]:.3f}; whole-file s/page ratio "
        f"{cpu[big] / big / (cpu[small] / small):.2f}"
    )
    return Row(
        f"cost per page, {big}-page ÷ {small}-page text PDF: marginal CPU s/page",
        f"{per_big * 1000:.1f} ms",
        f"{per_small * 1000:.1f} ms",
        ratio(per_big, per_small),
        "<= 1.3",
    )


def row_memory(tmp: Path, small: int, big: int) -> Row:
    """Parent peak RSS with `big` ÷ `small` one-page documents, each run in a fresh process."""
    rss = {}
    for count in (small, big):
        folder = tmp / f"memory_{count}"
        write_texts(folder, count, start=100_000)
        result = run_child(["--memory-child", str(tmp / f"out_memory_{count}"), str(folder)])
        rss[count] = float(result["maxrss_mb"])
        note(
            f"memory run, {count} docs: {result['wall']:.0f} s, {result['documents']} documents, "
            f"{result['errors']} errors, parent peak {rss[count]:.0f} MB"
        )
    if (small, big) != (1_000, 20_000):
        note(
            f"memory row: {small} vs {big} documents ({big // small}x) instead of the table's "
            "1,000 vs 20,000 (20x), to fit the time budget; --memory-docs 20000 for the full size"
        )
    return Row(
        f"parent peak RSS, {big} ÷ {small} one-page docs",
        f"{rss[big]:.0f} MB",
        f"{rss[small]:.0f} MB",
        ratio(rss[big], rss[small]),
        "<= 1.2",
    )


def row_long(tmp: Path, path: Path, workers: int) -> Row:
    """One very long document: processed, with facts found (and the error if any)."""
    import pyarrow.parquet as pq

    out = tmp / f"out_{path.stem}"
    summary, seconds = timed_run(path.parent, out, workers)
    documents = pq.read_table(out / "documents.parquet").to_pylist()
    errors = "; ".join(f"{d['status']}: {d['error']}" for d in documents if d["error"]) or "none"
    chars = sum(d["n_chars"] for d in documents)
    found = "yes" if summary.systems else "no"
    return Row(
        f"long document {path.name} ({path.stat().st_size / 1e6:.1f} MB file, {chars:,} chars)",
        f"facts found: {found}, {summary.systems} system facts, {seconds:.0f} s; error: {errors}",
        "-",
        "-",
        "facts found",
    )


@contextmanager
def section(label: str) -> Iterator[None]:
    """Say on stderr what is being built or measured, and how long it took."""
    started = time.perf_counter()
    print(f"[{label}...]", file=sys.stderr, flush=True)
    yield
    print(f"[{label}: {time.perf_counter() - started:.0f} s]", file=sys.stderr, flush=True)


def measure(step: Callable[[], Row], label: str) -> Row | None:
    """Measure one row and print it; a row that raises prints its error instead."""
    try:
        with section(label):
            row = step()
    except Exception as exc:
        row = Row(label, f"ERROR {type(exc).__name__}: {exc}", "-", "-", "-")
    print_row(row)
    return row


def bench(sizes: Sizes, memory_docs: int) -> None:
    """Build the corpora and print every row."""
    workers = RunOptions().workers
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load} (1, 5, 15 min)", flush=True)
    print(f"pipeline default workers: {workers}; sizes: {sizes}\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="foi-bench-") as name:
        tmp = Path(name)
        with section("building corpora"):
            texts = write_texts(tmp / "texts", sizes.texts)
            pdfs = write_pdfs(tmp / "pdfs", sizes.pdfs, sizes.pdf_pages)
            write_texts(tmp / "warmup", 3, start=900_000)
        timed_run(tmp / "warmup", tmp / "out_warmup", workers)  # parent imports, first-use caches
        print("| what | pipeline | anchor | ratio | target |\n| --- | --- | --- | --- | --- |")
        cold: dict[str, float] = {}

        def texts_row() -> Row:
            row, cold["seconds"] = row_texts(tmp, texts, workers)
            return row

        measure(texts_row, "one-page texts")
        if "seconds" in cold:
            measure(lambda: row_warm(tmp, texts[0].parent, cold["seconds"], workers), "warm rerun")
            measure(
                lambda: row_workers(tmp, texts[0].parent, cold["seconds"], len(texts)), "workers"
            )
        measure(lambda: row_pdfs(tmp, pdfs, workers), "text PDFs")
        measure(lambda: row_cost_per_page(tmp, sizes.small_pdf, sizes.big_pdf), "cost per page")
        big = memory_docs or sizes.memory_big
        small = max(big // 20, 1) if memory_docs else sizes.memory_small
        measure(lambda: row_memory(tmp, small, big), "memory")
        measure(
            lambda: row_long(tmp, write_long_text(tmp / "long_text", sizes.long_chars), workers),
            "long text",
        )
        if sizes.long_pdf_pages:
            pages = sizes.long_pdf_pages
            measure(
                lambda: row_long(tmp, write_pdfs(tmp / "long_pdf", 1, pages, start=3)[0], workers),
                "long PDF",
            )
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"\nload average at the end: {load}", flush=True)


def main() -> None:
    """Parse the command line; run the benchmark or one child measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument(
        "--memory-docs", type=int, default=0, help="documents of the big memory run (small: /20)"
    )
    for child in CHILDREN:
        parser.add_argument(child, nargs=2, metavar=("ARG", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    for child, run in CHILDREN.items():
        chosen = getattr(args, child.lstrip("-").replace("-", "_"))
        if chosen:
            print(json.dumps(run(chosen[0], Path(chosen[1]))))
            return
    bench(QUICK if args.quick else FULL, args.memory_docs)


if __name__ == "__main__":
    main()
