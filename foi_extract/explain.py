"""`foi-extract explain`: every finding of a document, which won and why the others lost.

For a rule developer: run the declared stages on one file (and its child documents) and show,
for each fact, the rule (`rule_id@version`) behind every value; then every finding the readers
made, with its span, its sentence and its outcome: won, outranked (by which), rejected (by which
modifier, or because it stands outside the answers) or invalid (why). `render_html` draws the
same as one page with the spans highlighted over the text, the way displaCy shows entities.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from foi_extract.document import Document
from foi_extract.extract.findings import Decision
from foi_extract.model_files import MODEL_BY_DEFAULT
from foi_extract.records import ExemptionFact, SystemFact
from foi_extract.rules import rule_ref

GAZETTEER_SUPPLIER = rule_ref("gazetteer", "canonical_supplier")
"""The rule behind `gazetteer_supplier`: the product's maker in reference/systems.csv."""
VALUE_COLUMNS = (
    "system",
    "supplier",
    "gazetteer_supplier",
    "service_area",
    "purpose",
    "hosting",
    "host_organisation",
    "status",
    "in_use_since",
    "contract_start",
    "contract_end",
    "extension_until",
)
OUTCOME_ORDER = {"won": 0, "outranked": 1, "rejected": 2, "invalid": 3}


@dataclass
class Explanation:
    """One document's facts and the decisions behind them."""

    document: Document
    systems: list[SystemFact] = field(default_factory=list)
    exemptions: list[ExemptionFact] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    metadata: dict[str, str | None] = field(default_factory=dict)


def explain_file(path: Path, use_model: bool = MODEL_BY_DEFAULT) -> list[Explanation]:
    """Ingest `path` and run the declared stages on each of its documents, keeping every
    decision."""
    from foi_extract.ingest import ingest_path
    from foi_extract.stages import run_stages

    explained = []
    for document in ingest_path(path):
        if document.status != "ok":
            explained.append(Explanation(document))
            continue
        context = run_stages(document, use_model)
        authority = context.authority
        metadata = {
            "council": f"{authority.name} ({authority.code})" if authority else None,
            "council evidence": authority.evidence if authority else None,
            "reference": context.reference,
            "response date": context.response_date,
        }
        explained.append(
            Explanation(
                document, context.systems, context.exemptions, list(context.decisions), metadata
            )
        )
    return explained


def value_rules(fact: SystemFact) -> dict[str, tuple[str, str]]:
    """Every value of a system fact with the rule that gave it: column -> (value, rule)."""
    evidence = {item.field: item.extractor for item in fact.field_evidence}
    rules: dict[str, tuple[str, str]] = {}
    for column in VALUE_COLUMNS:
        value = getattr(fact, column)
        if value is None:
            continue
        if column == "system":
            rule = fact.extractor
        elif column == "gazetteer_supplier":
            rule = GAZETTEER_SUPPLIER
        else:
            rule = evidence.get(column, "?")
        rules[column] = (str(value), rule)
    return rules


def _selected(decisions: Iterable[Decision], field_name: str | None) -> list[Decision]:
    chosen = [d for d in decisions if field_name is None or d.finding.field == field_name]
    return sorted(
        chosen, key=lambda d: (d.finding.start, OUTCOME_ORDER[d.outcome], d.finding.field)
    )


def _quote(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def render_text(explanations: list[Explanation], field_name: str | None = None) -> str:
    """The explanation as plain text for a terminal."""
    lines: list[str] = []
    for explained in explanations:
        document = explained.document
        lines.append(f"== {document.source_path} ({document.media_type}, {document.status})")
        if document.error:
            lines.append(f"   error: {document.error}")
        for name, value in explained.metadata.items():
            if value:
                lines.append(f"   {name}: {value}")
        for fact in explained.systems:
            values = [
                f"   {column:18} {value:28} {rule}"
                for column, (value, rule) in value_rules(fact).items()
                if field_name in (None, column)
            ]
            if values or field_name is None:
                lines.append(f"-- fact: {fact.system or fact.surface_form} ({fact.service_area})")
                lines += values
        for exemption in explained.exemptions:
            if field_name in (None, "exemption"):
                how = "applied" if exemption.applied else "not applied"
                lines.append(f"-- exemption: {exemption.provision} ({how}) {exemption.extractor}")
        decisions = _selected(explained.decisions, field_name)
        lines.append(f"-- findings ({len(decisions)})")
        for decision in decisions:
            found = decision.finding
            target = f" -> {decision.target}" if decision.target else ""
            lines.append(
                f"   {decision.outcome.upper():9} {found.field:17} {found.value!r:30} "
                f"{found.rule_id} [{found.start}:{found.end}]{target}"
            )
            lines.append(f"             {decision.reason}")
            if found.sentence:
                lines.append(f"             «{_quote(found.sentence)}»")
    return "\n".join(lines)


STYLE = """
body { font: 15px/1.6 system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; }
pre.text { white-space: pre-wrap; background: #fafafa; padding: 1em; border: 1px solid #ddd; }
mark { padding: 0 .15em; border-radius: .25em; }
mark.won { background: #b7e4c7; } mark.outranked { background: #ffe8a1; }
mark.rejected { background: #f4b6b6; } mark.invalid { background: #d6c7f0; }
table { border-collapse: collapse; margin: 1em 0; } td, th { border: 1px solid #ccc;
padding: .2em .5em; text-align: left; vertical-align: top; font-size: 13px; }
.legend mark { margin-right: .5em; }
"""


def _highlighted(text: str, decisions: list[Decision]) -> str:
    """`text` with every finding's span marked; where spans overlap, the segment shows the
    strongest outcome and lists every finding in its title."""
    bounds = sorted(
        {0, len(text)} | {d.finding.start for d in decisions} | {d.finding.end for d in decisions}
    )
    parts = []
    for start, end in itertools.pairwise(bounds):
        covering = [d for d in decisions if d.finding.start <= start and end <= d.finding.end]
        segment = html.escape(text[start:end])
        if not covering or start == end:
            parts.append(segment)
            continue
        best = min(covering, key=lambda d: OUTCOME_ORDER[d.outcome])
        title = "\n".join(
            f"{d.outcome}: {d.finding.field}={d.finding.value} {d.finding.rule_id} ({d.reason})"
            for d in covering
        )
        parts.append(f'<mark class="{best.outcome}" title="{html.escape(title)}">{segment}</mark>')
    return "".join(parts)


def render_html(explanations: list[Explanation], field_name: str | None = None) -> str:
    """The explanation as one self-contained HTML page (no script, no network)."""
    body = [
        "<h1>foi-extract explain</h1>",
        '<p class="legend">'
        + "".join(f'<mark class="{o}">{o}</mark>' for o in OUTCOME_ORDER)
        + "</p>",
    ]
    for explained in explanations:
        document = explained.document
        decisions = _selected(explained.decisions, field_name)
        body.append(f"<h2>{html.escape(document.source_path)}</h2>")
        body.append(f"<p>{html.escape(document.media_type)}, {document.status}</p>")
        for name, value in explained.metadata.items():
            if value:
                body.append(f"<p><b>{html.escape(name)}</b>: {html.escape(value)}</p>")
        rows = [
            f"<tr><td>{html.escape(fact.system or fact.surface_form)}</td>"
            f"<td>{html.escape(column)}</td><td>{html.escape(value)}</td>"
            f"<td><code>{html.escape(rule)}</code></td></tr>"
            for fact in explained.systems
            for column, (value, rule) in value_rules(fact).items()
            if field_name in (None, column)
        ]
        if rows:
            body.append("<table><tr><th>fact</th><th>column</th><th>value</th><th>rule</th></tr>")
            body += [*rows, "</table>"]
        body.append(f'<pre class="text">{_highlighted(document.text, decisions)}</pre>')
        body.append(
            "<table><tr><th>outcome</th><th>field</th><th>value</th><th>rule</th>"
            "<th>span</th><th>fact</th><th>why</th></tr>"
        )
        body += [
            f'<tr><td><mark class="{d.outcome}">{d.outcome}</mark></td>'
            f"<td>{html.escape(d.finding.field)}</td><td>{html.escape(str(d.finding.value))}</td>"
            f"<td><code>{html.escape(d.finding.rule_id)}</code></td>"
            f"<td>{d.finding.start}-{d.finding.end}</td><td>{html.escape(d.target or '')}</td>"
            f"<td>{html.escape(d.reason)}</td></tr>"
            for d in decisions
        ]
        body.append("</table>")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>foi-extract explain</title><style>{STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )
