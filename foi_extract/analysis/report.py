"""A single static HTML report: summary figures, plots, and a sortable, filterable table of
council systems with the evidence sentence and source of every fact. No server, no network:
plots are inline SVG and the table's script is inline.

Document text never becomes markup: the table's data is JSON with `<`, `>`, `&`, U+2028 and
U+2029 escaped, the script sets it as text, only http(s) URLs become links, and a
Content-Security-Policy lets no script run but the report's own (by its SHA-256 hash).

The table is also a review form (the review loop, `foi_extract/review.py`): each row can be
marked right or wrong or have its fields corrected, with a note; the edits stay in the
browser's localStorage under the report's `review_key`, and "Export corrections" downloads
them as JSON lines for `foi-extract run --corrections` and `foi-extract eval --gold`.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
from datetime import date
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pandas as pd

from foi_extract.analysis.consolidate import TABLE
from foi_extract.store import atomic_write

TEMPLATE = Path(__file__).resolve().parents[1] / "resources" / "report" / "template.html"
REPORT_MODE = 0o644
"""The report is for reading and sharing, unlike the private temporary file it is written to."""
EXTENSION_SERIES = ("no extension option", "extension option")
LINK_SCHEMES = ("http", "https")
_JSON_ESCAPES = {ord(char): f"\\u{ord(char):04x}" for char in "<>&\u2028\u2029"}
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def _svg(figure: object) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})  # type: ignore[attr-defined]
    plt.close(figure)  # type: ignore[arg-type]
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _pyplot() -> Any:
    """matplotlib's pyplot on the file-only Agg backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _bar(counts: pd.Series, title: str, xlabel: str, ylabel: str) -> str:
    """Horizontal bars, largest on top, with human axis labels (not the column's name)."""
    figure, axes = _pyplot().subplots(figsize=(7, 0.35 * max(len(counts), 3) + 1))
    if counts.empty:
        axes.text(0.5, 0.5, "no data", ha="center", va="center")
    else:
        counts.sort_values().plot.barh(ax=axes, color="#3b6ea5")
    axes.set_title(title)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    return _svg(figure)


def _expiry_chart(counts: pd.DataFrame, title: str) -> str:
    """Stacked bars per quarter in time order: contracts with no extension option in solid
    blue, those that can be extended hatched on top, with a legend."""
    from matplotlib.ticker import MaxNLocator

    figure, axes = _pyplot().subplots(figsize=(7, 3.8))
    positions = list(range(len(counts)))
    fixed, extendable = (counts[name] for name in EXTENSION_SERIES)
    axes.bar(positions, fixed, color="#3b6ea5", label=EXTENSION_SERIES[0])
    axes.bar(
        positions,
        extendable,
        bottom=fixed,
        color="white",
        edgecolor="#3b6ea5",
        hatch="///",
        label=EXTENSION_SERIES[1],
    )
    axes.set_xticks(positions, list(counts.index), rotation=45, ha="right")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0, top=max(int((fixed + extendable).max()), 1) + 0.5)
    axes.set_title(title)
    axes.set_xlabel("Quarter")
    axes.set_ylabel("Contracts ending")
    axes.legend(loc="upper right", frameon=False)
    return _svg(figure)


def market_share(council_systems: pd.DataFrame) -> pd.Series:
    """Councils per system and service area (e.g. 'Mosaic (adults)': 3)."""
    area = council_systems.service_area.fillna("unknown area")
    labels = council_systems.system + " (" + area + ")"
    return labels.value_counts()


def _dates(values: pd.Series) -> pd.Series:
    """Partial ISO dates ('2028', '2028-03', '2028-03-31') as timestamps; NaT where missing."""
    return pd.to_datetime(values, format="mixed", errors="coerce")


def expiries(council_systems: pd.DataFrame, today: date, months: int = 36) -> pd.DataFrame:
    """Contracts ending in each quarter of the next `months` months, one row per quarter
    ('2027 Q1') in time order, quarters where none ends included as zeros, in two columns:
    contracts with no extension option and those the responses say can be extended beyond
    their end (`extension_until` later than `contract_end`)."""
    start = pd.Timestamp(today)
    horizon = start + pd.DateOffset(months=months)
    ends = _dates(council_systems.contract_end)
    extensions = _dates(council_systems.extension_until)
    inside = (ends >= start) & (ends <= horizon)
    extendable = (extensions > ends)[inside]
    series = extendable.map({False: EXTENSION_SERIES[0], True: EXTENSION_SERIES[1]})
    quarters = pd.period_range(start, horizon, freq="Q")
    counts = (
        pd.crosstab(ends[inside].dt.to_period("Q"), series)
        .reindex(index=quarters, columns=list(EXTENSION_SERIES), fill_value=0)
        .astype(int)
    )
    counts.index = pd.Index([f"{quarter.year} Q{quarter.quarter}" for quarter in quarters])
    counts.columns.name = None
    return counts


def _figures(
    council_systems: pd.DataFrame, exemptions: pd.DataFrame, today: date
) -> dict[str, str]:
    applied = exemptions[exemptions.applied]
    return {
        "market": _bar(
            market_share(council_systems),
            "Councils per system and service area",
            "Councils",
            "System (service area)",
        ),
        "expiries": _expiry_chart(
            expiries(council_systems, today), "Contracts ending, next 36 months"
        ),
        "hosting": _bar(
            council_systems.hosting.fillna("not stated").value_counts(),
            "Hosting",
            "Council systems",
            "Hosted by",
        ),
        "exemptions": _bar(
            applied.provision.value_counts(), "Exemptions applied", "Citations", "Provision"
        ),
    }


def _plain(value: Any) -> Any:
    """JSON-safe: pandas' missing values become null, arrays become lists."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return None if isinstance(value, float) and value != value else value


def http_url(url: object) -> str | None:
    """`url` (trimmed) when it is an http or https URL with a host, else None: a document's
    canonical link may be `javascript:`, `data:` or `file:`, which must never become a link."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    parts = urlsplit(url)
    return url if parts.scheme.lower() in LINK_SCHEMES and parts.netloc else None


def _source_file(source_path: str, out_dir: Path) -> Path:
    """The file on disk behind a document's `source_path`: an attachment or archive member
    ('mail.eml!/reply.pdf') is its container's file. A relative path was relative to the
    folder `run` started in, unknown here: the first of the working directory, the output
    folder and the output folder's parent where the file exists (else the working directory)."""
    file = Path(source_path.split("!/", 1)[0])
    if file.is_absolute():
        return file
    bases = (Path.cwd(), out_dir.absolute(), out_dir.absolute().parent)
    candidates = [base / file for base in bases]
    return next((path for path in candidates if path.is_file()), candidates[0])


def local_href(source_path: str, out_dir: Path, report_dir: Path) -> str:
    """A link to the source file relative to the report's folder, percent-encoded (a ':' in a
    file name cannot make it a URL scheme, a '#' or '?' cannot cut it short), so that it still
    works when the report moves together with the documents."""
    relative = os.path.relpath(_source_file(source_path, out_dir), report_dir.absolute())
    return quote(Path(relative).as_posix())


def _source(document: pd.Series, out_dir: Path, report_dir: Path) -> dict[str, str | None]:
    """One source of a row: the link (`href`: the http(s) URL, else the local file), its text,
    and a URL that is not http(s) (`unlinked_url`), shown as text only."""
    raw_url = _plain(document.source_url)
    url = http_url(raw_url)
    return {
        "href": url or local_href(document.source_path, out_dir, report_dir),
        "label": url or document.source_path,
        "unlinked_url": raw_url if raw_url and not url else None,
    }


def _rows(
    council_systems: pd.DataFrame, documents: pd.DataFrame, out_dir: Path, report_dir: Path
) -> list[dict[str, Any]]:
    """Table rows: each council system with the evidence and sources of its facts."""
    by_id = documents.set_index("doc_id")
    rows = []
    for raw in council_systems.to_dict("records"):
        record = {key: _plain(value) for key, value in raw.items()}
        rows.append(
            {
                "council": record["authority_name"],
                "code": record["authority_code"],
                "nation": record["nation"],
                "system": record["system"],
                "area": record["service_area"],
                "purpose": record["purpose"],
                "supplier": record["supplier"],
                "hosting": record["hosting"],
                "host": record["host_organisation"],
                "status": record["status"],
                "since": record["in_use_since"],
                "start": record["contract_start"],
                "end": record["contract_end"],
                "extension": record["extension_until"],
                "documents": record["n_documents"],
                "conflict": record["conflict_values"],
                "evidence": record["evidence"],
                "doc_ids": record["doc_ids"],
                "sources": [
                    _source(by_id.loc[doc_id], out_dir, report_dir) for doc_id in record["doc_ids"]
                ],
            }
        )
    return rows


def review_key(out_dir: Path, rows: list[dict[str, Any]]) -> str:
    """The key under which the page keeps an analyst's edits (in localStorage): the run's
    fingerprint and a hash of the table's data, so that two reports never share edits (file://
    pages share one storage) while the same report, reopened or moved, finds its own."""
    import pyarrow.parquet as pq

    metadata = pq.read_schema(out_dir / TABLE).metadata or {}
    fingerprint = metadata.get(b"foi_extract.fingerprint", b"").decode()
    facts = [{key: value for key, value in row.items() if key != "sources"} for row in rows]
    digest = hashlib.sha256(json.dumps(facts, sort_keys=True).encode("utf-8")).hexdigest()
    return f"{fingerprint or 'unknown'}-{digest[:16]}"


def script_json(value: Any) -> str:
    """`value` as JSON that is inert inside a `<script>` element whatever its strings hold:
    `<`, `>` and `&` (no `</script>`, no `<!--`) and the JS line breaks U+2028/U+2029 become
    `\\uXXXX` escapes, which JSON.parse reads back as the same characters."""
    return json.dumps(value, allow_nan=False).translate(_JSON_ESCAPES)


def script_hash(template: str) -> str:
    """The CSP source (`'sha256-...'`) of the template's one inline script, which must hold no
    placeholder (its text is the same in every report)."""
    scripts = _INLINE_SCRIPT.findall(template)
    if len(scripts) != 1 or _PLACEHOLDER.search(scripts[0]):
        raise ValueError("the report template needs exactly one inline script, without {{...}}")
    digest = hashlib.sha256(scripts[0].encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(template: str) -> str:
    """No fetches, frames, forms or plugins; no script but the template's own. Inline styles
    stay allowed: the page's stylesheet and matplotlib's SVG carry them, and with no markup
    from documents there is nothing to inject them with."""
    return (
        f"default-src 'none'; script-src {script_hash(template)}; style-src 'unsafe-inline'; "
        "base-uri 'none'; form-action 'none'"
    )


def _fill(template: str, values: dict[str, str]) -> str:
    """`template` with each `{{name}}` replaced, in one pass: text put in is never read again
    for placeholders."""
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def _write_report(report_path: Path, html: str) -> None:
    """Write `html` atomically, readable by others (`REPORT_MODE`) before it takes its name."""

    def write(tmp: str) -> None:
        Path(tmp).write_text(html, encoding="utf-8")
        os.chmod(tmp, REPORT_MODE)

    atomic_write(report_path, write)


def build_report(out_dir: Path, report_path: Path, today: date | None = None) -> Path:
    """Write the report for the tables in `out_dir` to `report_path` (atomically, mode 0644)."""
    today = today or date.today()
    documents = pd.read_parquet(out_dir / "documents.parquet")
    systems = pd.read_parquet(out_dir / "systems.parquet")
    council_systems = pd.read_parquet(out_dir / TABLE)
    exemptions = pd.read_parquet(out_dir / "exemptions.parquet")
    summary = {
        "documents": len(documents),
        "councils": documents.authority_code.nunique(),
        "system facts": len(systems),
        "council systems": len(council_systems),
        "exemptions applied": int(exemptions.applied.sum()),
        "documents with errors": int((documents.status == "error").sum()),
    }
    figures = _figures(council_systems, exemptions, today)
    cards = "".join(
        f'<div class="card"><b>{value}</b><span>{escape(name)}</span></div>'
        for name, value in summary.items()
    )
    plots = "".join(f'<figure id="plot-{name}">{svg}</figure>' for name, svg in figures.items())
    rows = _rows(council_systems, documents, out_dir, report_path.parent)
    template = TEMPLATE.read_text(encoding="utf-8")
    html = _fill(
        template,
        {
            "csp": content_security_policy(template),  # fixed text and base64: no quote
            "generated": escape(today.isoformat()),
            "cards": cards,
            "plots": plots,
            "data": script_json(rows),
            "review_key": escape(review_key(out_dir, rows)),
        },
    )
    _write_report(report_path, html)
    return report_path
