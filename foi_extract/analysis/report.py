"""A single static HTML report: summary figures, plots, and a sortable, filterable table of
council systems with the evidence sentence and source of every fact. No server, no network:
plots are inline SVG and the table's script is inline.
"""

from __future__ import annotations

import io
import json
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from foi_extract.analysis.consolidate import TABLE
from foi_extract.store import atomic_write

TEMPLATE = Path(__file__).resolve().parents[1] / "resources" / "report" / "template.html"


def _svg(figure: object) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})  # type: ignore[attr-defined]
    plt.close(figure)  # type: ignore[arg-type]
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _bar(counts: pd.Series, title: str, xlabel: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(7, 0.35 * max(len(counts), 3) + 1))
    if counts.empty:
        axes.text(0.5, 0.5, "no data", ha="center", va="center")
    else:
        counts.sort_values().plot.barh(ax=axes, color="#3b6ea5")
    axes.set_title(title)
    axes.set_xlabel(xlabel)
    return _svg(figure)


def market_share(council_systems: pd.DataFrame) -> pd.Series:
    """Councils per system and service area (e.g. 'Mosaic (adults)': 3)."""
    area = council_systems.service_area.fillna("unknown area")
    labels = council_systems.system + " (" + area + ")"
    return labels.value_counts()


def expiries(council_systems: pd.DataFrame, today: date, months: int = 36) -> pd.Series:
    """Contracts ending in each quarter of the next `months` months."""
    ends = pd.to_datetime(council_systems.contract_end.dropna(), format="mixed", errors="coerce")
    horizon = pd.Timestamp(today) + pd.DateOffset(months=months)
    window = ends[(ends >= pd.Timestamp(today)) & (ends <= horizon)]
    return window.dt.to_period("Q").astype(str).value_counts().sort_index()


def _figures(out_dir: Path, today: date) -> dict[str, str]:
    council_systems = pd.read_parquet(out_dir / TABLE)
    exemptions = pd.read_parquet(out_dir / "exemptions.parquet")
    applied = exemptions[exemptions.applied]
    return {
        "market": _bar(
            market_share(council_systems), "Councils per system and service area", "councils"
        ),
        "expiries": _bar(
            expiries(council_systems, today), "Contracts ending, next 36 months", "contracts"
        ),
        "hosting": _bar(
            council_systems.hosting.fillna("not stated").value_counts(),
            "Hosting",
            "council systems",
        ),
        "exemptions": _bar(applied.provision.value_counts(), "Exemptions applied", "citations"),
    }


def _plain(value: Any) -> Any:
    """JSON-safe: pandas' missing values become null, arrays become lists."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return None if isinstance(value, float) and value != value else value


def _rows(out_dir: Path) -> list[dict[str, Any]]:
    """Table rows: each council system with the evidence and sources of its facts."""
    council_systems = pd.read_parquet(out_dir / TABLE)
    documents = pd.read_parquet(out_dir / "documents.parquet").set_index("doc_id")
    rows = []
    for raw in council_systems.to_dict("records"):
        record = {key: _plain(value) for key, value in raw.items()}
        sources = [
            {
                "path": documents.loc[doc_id].source_path,
                "url": _plain(documents.loc[doc_id].source_url),
            }
            for doc_id in record["doc_ids"]
        ]
        rows.append(
            {
                "council": record["authority_name"],
                "code": record["authority_code"],
                "nation": record["nation"],
                "system": record["system"],
                "area": record["service_area"],
                "supplier": record["supplier"],
                "hosting": record["hosting"],
                "status": record["status"],
                "since": record["in_use_since"],
                "end": record["contract_end"],
                "documents": record["n_documents"],
                "conflict": record["conflict_values"],
                "evidence": record["evidence"],
                "sources": sources,
            }
        )
    return rows


def build_report(out_dir: Path, report_path: Path, today: date | None = None) -> Path:
    """Write the report for the tables in `out_dir` to `report_path` (atomically)."""
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
    figures = _figures(out_dir, today)
    cards = "".join(
        f'<div class="card"><b>{value}</b><span>{escape(name)}</span></div>'
        for name, value in summary.items()
    )
    plots = "".join(f'<figure id="plot-{name}">{svg}</figure>' for name, svg in figures.items())
    data = json.dumps(_rows(out_dir), allow_nan=False).replace("</", "<\\/")
    html = (
        TEMPLATE.read_text(encoding="utf-8")
        .replace("{{generated}}", escape(today.isoformat()))
        .replace("{{cards}}", cards)
        .replace("{{plots}}", plots)
        .replace("{{data}}", data)
    )
    atomic_write(report_path, lambda tmp: Path(tmp).write_text(html, encoding="utf-8"))
    return report_path
