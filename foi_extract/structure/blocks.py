"""Split a document into blocks: questions, answers and headings, each with its service area.

Like medspaCy's sectionizer, headings open sections; here a section is a service area
("Children's Social Care response:") inside the answer to one question. Facts are only read
from answers: a system a requester names in a question is not a council's fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from foi_extract.document import Document
from foi_extract.rules import resource_cache, structure_rules

BlockKind = Literal["question", "answer", "heading", "quote", "appendix"]
Area = Literal["children", "adults", "both"]

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Block:
    """A paragraph (or the answer part of one) with its role in the document."""

    start: int
    end: int
    kind: BlockKind
    service_area: Area | None
    question: Block | None = None


@resource_cache
def _patterns() -> dict[str, list[re.Pattern[str]]]:
    rules = structure_rules()
    areas = rules.service_areas
    compiled = {
        "both": areas.both,
        "children": areas.children,
        "adults": areas.adults,
        "heading": rules.heading_cues,
        "question": rules.question_cues,
        "answer": rules.answer_cues,
        "appendix": [rules.appendix_heading],
    }
    return {key: [re.compile(p, re.IGNORECASE) for p in value] for key, value in compiled.items()}


def _any(kind: str, text: str) -> bool:
    return any(pattern.search(text) for pattern in _patterns()[kind])


def service_area_named(text: str) -> Area | None:
    """The service area a piece of text names: both, children, adults or None."""
    if _any("both", text):
        return "both"
    children, adults = _any("children", text), _any("adults", text)
    if children and adults:
        return "both"
    return "children" if children else "adults" if adults else None


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank paragraphs of `text`."""
    spans = []
    start = 0
    for match in PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def segment(document: Document) -> list[Block]:
    """Classify every paragraph of `document` and give each its question and service area."""
    text = document.text
    spans = _split_question_lines(document, paragraphs(text))
    repeats = (
        _repeated_lines(text) if not any(s.style == "bold" for s in document.styles) else set()
    )
    blocks: list[Block] = []
    question: Block | None = None
    heading_area: Area | None = None
    in_appendix = False
    for start, end in spans:
        chunk = text[start:end].strip()
        repeated = all(_normalise(line) in repeats for line in chunk.splitlines() if line.strip())
        kind = _classify(document, start, end, chunk, repeated)
        if kind == "heading" and _any("appendix", chunk):
            in_appendix = True
        if in_appendix:
            kind = "appendix"
        if kind == "question":
            question = Block(start, end, "question", service_area_named(chunk))
            heading_area = None
            blocks.append(question)
            continue
        if kind == "heading":
            heading_area = service_area_named(chunk) or heading_area
        area = heading_area or (question.service_area if question else None)
        blocks.append(Block(start, end, kind, area, question))
    return blocks


def _repeated_lines(text: str) -> set[str]:
    """Lines that stand twice or more: a disclosure log quoting the request back line by line.

    Only used for documents without bold text; where questions are bold, styles decide.
    """
    counts: dict[str, int] = {}
    for line in text.splitlines():
        key = _normalise(line)
        if len(key) > 20:
            counts[key] = counts.get(key, 0) + 1
    return {key for key, count in counts.items() if count > 1}


def _split_question_lines(
    document: Document, spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Split a paragraph whose first line is a question or a heading from the lines after it,
    as plain-text replies and PDFs with tight spacing run them together. A paragraph bold
    throughout is one question wrapped over lines, and stays whole."""
    text = document.text
    result = []
    for start, end in spans:
        if document.styled(start, end, "bold"):
            result.append((start, end))
            continue
        first_end = text.find("\n", start, end)
        first = text[start:first_end].strip() if first_end != -1 else ""
        if first and (_any("question", first) or _is_heading(first)):
            result.extend([(start, first_end), (first_end + 1, end)])
        else:
            result.append((start, end))
    return result


def _is_heading(chunk: str) -> bool:
    """A short line that opens an appendix or a service-area section."""
    return len(chunk) <= structure_rules().heading_max_length and (
        _any("appendix", chunk)
        or (
            service_area_named(chunk) is not None
            and _any("heading", chunk)
            and not chunk.endswith((".", "?"))
        )
    )


def _classify(document: Document, start: int, end: int, chunk: str, repeated: bool) -> BlockKind:
    if document.styled(start, end, "quote"):
        return "quote"
    if _is_heading(chunk) or document.styled(start, end, "heading"):
        return "heading"
    if _any("answer", chunk):
        return "answer"
    if document.styled(start, end, "bold") and not document.styled(start, end, "table"):
        return "question"
    if _any("question", chunk) or repeated:
        return "question"
    return "answer"
