"""Split a document into blocks: questions, answers and headings, each with its service area.

Like medspaCy's sectionizer, headings open sections; here a section is a service area
("Children's Social Care response:") inside the answer to one question. Facts are only read
from answers: a system a requester names in a question is not a council's fact.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Literal

from spacy.tokens import Span

from foi_extract.document import Document, Table
from foi_extract.extract.literals import AnyMatch
from foi_extract.extract.nlp import line_wrap_words
from foi_extract.rules import resource_cache, resource_memo, structure_rules
from foi_extract.structure.tables import RoleCell, question_table_cells

BlockKind = Literal["question", "answer", "heading", "quote", "appendix"]
Area = Literal["children", "adults", "both"]
ANSWERS: tuple[BlockKind, ...] = ("answer", "appendix")
"""Blocks whose sentences state the council's facts: an appendix (a list of systems in "Annex
A") counts too; only its law quotations are kept from being applied exemptions."""

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
FIELD_LINE = re.compile(r"^\s*[A-Z][\w '’&/()-]{0,40}:\s*\S")
"""A key/value line ("Name of system: X", "Service area: Adults", "Cyflenwr / Supplier: Y"):
a field of the record it stands in."""


@dataclass(frozen=True)
class Block:
    """A paragraph (or the answer part of one) with its role in the document."""

    start: int
    end: int
    kind: BlockKind
    service_area: Area | None
    question: Block | None = None
    whole: bool = False  # one unit of meaning never split into sentences: a table row or cell
    area_stated: bool = False  # the area comes from a heading or a column, not from the question
    section: Block | None = None  # the heading it stands under where no question is in force


@resource_cache
def _matchers() -> dict[str, AnyMatch]:
    """Each kind's cues as one pattern, looked for only in texts that hold their words."""
    return {key: AnyMatch(value) for key, value in _cues().items()}


def _cues() -> dict[str, list[str]]:
    rules = structure_rules()
    areas = rules.service_areas
    return {
        "both": areas.both,
        "children": areas.children,
        "adults": areas.adults,
        "children_services": areas.children_services,
        "adults_services": areas.adults_services,
        "both_services": areas.both_services,
        "heading": rules.heading_cues,
        "not_heading": rules.not_heading_cues,
        "question": rules.question_cues,
        "answer": rules.answer_cues,
        "council_voice": rules.council_voice,
        "answer_section": rules.answer_section_cues,
        "request_section": rules.request_section_cues,
        "request_intro": rules.request_intro_cues,
        "request_quote": rules.request_quote_cues,
        "appendix": [rules.appendix_heading],
        "numbered_question": [rules.numbered_prefix + rules.question_openers],
        "numbered_statement": [rules.numbered_prefix + rules.statement_after_number],
        "numbered": [rules.numbered_prefix],
        "question_opener": [r"^\s*" + rules.question_openers],
        "example_list": rules.example_list_cues,
    }


@resource_memo(8192)
def _any(kind: str, text: str) -> bool:
    """Whether `text` holds a cue of `kind`: remembered, as a line is asked this again by each
    reader of the structure (heading, question, answer) and boilerplate lines recur."""
    return _matchers()[kind].search(text)


def service_area_named(text: str) -> Area | None:
    """The service area a piece of text names: both, children, adults or None."""
    if _any("both", text):
        return "both"
    return _area_of(_any("children", text), _any("adults", text))


def service_named(text: str) -> Area | None:
    """The service area of the services a text names that belong to one area by their nature
    ("home care", "fostering"): weaker than `service_area_named`, read where that finds none.
    A service of both areas ("social work", "social services") counts where no service of one
    area is named ("justice social work" is adults')."""
    area = _area_of(_any("children_services", text), _any("adults_services", text))
    if area is None and _any("both_services", text):
        return "both"
    return area


def _area_of(children: bool, adults: bool) -> Area | None:
    """The area of a text that names children's and adults' services, one of them or neither."""
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
    spans = _split_lines(document, paragraphs(text))
    repeats = (
        _repeated_lines(text) if not any(s.style == "bold" for s in document.styles) else set()
    )
    blocks: list[Block] = []
    question: Block | None = None
    heading: Block | None = None
    heading_area: Area | None = None
    outer_area: Area | None = None  # the area of the last heading that is no numbered item
    area_item: str | None = None  # the number of the numbered heading that named the area
    in_appendix = False
    answering = False  # inside a section headed "Response"
    preamble: int | None = None  # where the paragraphs under a "Request" heading begin
    quoting = False  # inside the request the letter quotes back ("You asked: \"...\"")
    for start, end, asks in spans:
        item = _item_number(text[start : min(end, start + ITEM_OPENING)])
        if area_item is not None and item is not None and item != area_item:
            heading_area, area_item = outer_area, None  # the item that named the area ended
        table = _table_at(document, start, end)
        rows = question_table_cells(document, table, service_area_named) if table else None
        if rows is not None and not in_appendix:
            blocks += _question_table_blocks(text, rows, question, heading_area)
            continue
        if table is not None and table.has_header and not in_appendix:
            area = heading_area or (question.service_area if question else None)
            blocks += _table_row_blocks(text, start, end, area, question, heading_area is not None)
            continue
        chunk = text[start:end].strip()
        if quoted_end := _inline_quote_end(text, start, end):  # "You asked: 'Do you use X?'"
            blocks.append(Block(start, quoted_end, "quote", None, question))
            start = quoted_end + len(text[quoted_end:end]) - len(text[quoted_end:end].lstrip())
            if start >= end:
                continue
            chunk = text[start:end].strip()
        introduced = bool(blocks) and _any("request_intro", text[blocks[-1].start : start])
        if (quoting or introduced) and (quoting or chunk[:1] in OPENING_QUOTES):
            quoting = chunk[-1:] not in CLOSING_QUOTES and not chunk.endswith(CLOSING_AFTER_STOP)
            blocks.append(Block(start, end, "quote", None, question))
            continue
        if _any("answer_section", chunk) or _any("request_section", chunk):
            answering = _any("answer_section", chunk)
            preamble = None if answering else len(blocks) + 1
        if answering and not chunk.endswith("?"):
            asks = False  # "2. The name of the system is published...", under "Response"
        repeated = all(_normalise(line) in repeats for line in chunk.splitlines() if line.strip())
        kind = _classify(document, start, end, chunk, repeated or asks)
        if kind == "quote" and _quoted_question(document, start, chunk):
            kind = "question"  # "> Which system do you use for finance?", the answer beneath
            while blocks and _wraps_into(text, blocks[-1], start):
                start = blocks.pop().start  # its first lines, wrapped
            chunk = text[start:end].strip()
        if (
            kind == "heading"
            and _any("appendix", chunk)
            and any(b.kind == "answer" for b in blocks)
        ):
            in_appendix = True  # an appendix follows the answer; a document may open "Annex A"
        if in_appendix:
            kind = "appendix"
        if kind == "question":
            if preamble is not None:  # the request's own words led up to its questions
                blocks[preamble:] = [_as_quote(b) for b in blocks[preamble:]]
                preamble = None
            question = Block(start, end, "question", service_area_named(chunk))
            heading_area = outer_area = area_item = None
            blocks.append(question)
            continue
        section = heading if question is None else None
        if kind == "heading" and (named := service_area_named(chunk)) is not None:
            heading_area, area_item = named, item
            outer_area = named if item is None else outer_area
        if kind == "heading" and FIELD_LINE.match(chunk):
            _record_area(text, blocks, start, heading_area)
        record_area = _area_field_line(chunk) if kind == "answer" else None
        if record_area is not None:  # a record's "Service area: ..." field: its record's area
            _record_area(text, blocks, start, record_area)
        area = record_area or heading_area or (question.service_area if question else None)
        stated = heading_area is not None or record_area is not None
        block = Block(start, end, kind, area, question, area_stated=stated, section=section)
        blocks.append(block)
        if kind == "heading":
            heading = block
    return blocks


def _as_quote(block: Block) -> Block:
    """An answer between a "Request" heading and the request's first question is the
    requester's preamble ("Our understanding is that the council uses Mosaic ... Please
    confirm the following."): a quote. Where no question follows, it stays an answer."""
    return replace(block, kind="quote") if block.kind == "answer" else block


ITEM_OPENING = 16  # the characters a paragraph's number is read from
ITEM_DIGITS = re.compile(r"\d+")


def _item_number(opening: str) -> str | None:
    """The number a numbered paragraph opens with (`opening`: its first characters; "3." and
    "Q3)" give "3", "1a." gives "1"), or None: a numbered heading's area ("2. System used by
    children's services") holds for its item, and ends where a paragraph of another number
    begins ("3. Hosting")."""
    if not _any("numbered", opening):
        return None
    return ITEM_DIGITS.search(opening).group()  # type: ignore[union-attr]


def _wraps_into(text: str, block: Block, start: int) -> bool:
    """`block` is a quoted line that runs on into the line at `start` (no sentence end)."""
    gap = text[block.end : start]
    return (
        block.kind == "quote"
        and not gap.strip()
        and gap.count("\n") <= 1
        and text[block.start : block.end].rstrip()[-1:] not in ".?!:;,"
    )


def _quoted_question(document: Document, start: int, chunk: str) -> bool:
    """A quoted line that asks, in the council's reply (or a message quoted in it): the
    question its answer beneath answers, not a request the requester sent."""
    message = document.message_at(start)
    in_reply = message is None or message.depth > 0 or message.role == "council"
    return in_reply and (chunk.endswith("?") or _starts_question(chunk))


@resource_cache
def area_field() -> re.Pattern[str]:
    """A record's "<area column>: value" field, on a label line or between bars."""
    columns = "|".join(f"(?:{column})" for column in structure_rules().area_columns)
    return re.compile(rf"(?:^|[|\n])[ \t]*(?:{columns}):[ \t]*(?P<value>[^|\n]*)", re.IGNORECASE)


def _area_field_line(chunk: str) -> Area | None:
    """The area a record's "Service area: Children and Families (Early Help)" field names,
    when the paragraph is a record (its lines key/value fields): the record's area."""
    lines = [line for line in chunk.splitlines() if line.strip()]
    if not lines or not all(FIELD_LINE.match(line) for line in lines):
        return None
    for line in lines:
        if (field := area_field().fullmatch(line)) and (area := service_area_named(field["value"])):
            return area
    return None


def _record_area(text: str, blocks: list[Block], start: int, area: Area | None) -> None:
    """A "Service area:" field gives its area to the lines of its record above it too
    ("Name of system: X" first, then the service area): the answers of the same paragraph."""
    index = len(blocks)
    while index > 0 and blocks[index - 1].kind == "answer":
        block = blocks[index - 1]
        if PARAGRAPH_BREAK.search(text, block.end, max(block.end, start)) or block.whole:
            break
        blocks[index - 1] = replace(block, service_area=area, area_stated=True)
        start, index = block.start, index - 1


def _inline_quote_end(text: str, start: int, end: int) -> int | None:
    """Where the quotation ends in a paragraph that opens by quoting the request ("You
    asked: 'Do you use Mosaic?' We do not."), or None for any other paragraph."""
    opener = _matchers()["request_quote"].pattern.match(text, start, end)  # at its start
    if opener is None:
        return None
    quote_at = opener.end()
    closing = re.escape(CLOSING_QUOTES[OPENING_QUOTES.index(text[quote_at])])
    close = re.compile(rf"{closing}(?!\w)").search(text, quote_at + 1, end)  # not "Council's"
    return close.end() if close else end


OPENING_QUOTES = "\"“‘'«"
CLOSING_QUOTES = "\"”’'»"
CLOSING_AFTER_STOP = ('".', "”.", "’.", "'.")


def _table_at(document: Document, start: int, end: int) -> Table | None:
    return next((t for t in document.tables if start <= t.start < end), None)


def _question_table_blocks(
    text: str, rows: list[list[RoleCell]], question: Block | None, heading_area: Area | None
) -> list[Block]:
    """A question per row (its question cell) and an answer per answer cell, in the area its
    column names, else the area of the section or of the row's question."""
    blocks: list[Block] = []
    for row in rows:
        asked = next((cell for cell in row if cell.role == "question"), None)
        row_question = question
        if asked is not None:
            row_question = Block(
                asked.start,
                asked.end,
                "question",
                service_area_named(text[asked.start : asked.end]),
            )
            blocks.append(row_question)
        for cell in row:
            if cell.role == "answer":
                column = service_area_named(cell.header)
                area = (
                    column or heading_area or (row_question.service_area if row_question else None)
                )
                stated = bool(column or heading_area)
                blocks.append(
                    Block(cell.start, cell.end, "answer", area, row_question, area_stated=stated)
                )
    return blocks


def _table_row_blocks(
    text: str, start: int, end: int, area: Area | None, question: Block | None, stated: bool
) -> list[Block]:
    """A table of systems: its header line, then each row as one whole answer (a row's cells
    speak of the system it names, however its cells are punctuated)."""
    blocks = []
    for number, (line_start, line_end) in enumerate(_lines(text, start, end)):
        kind: BlockKind = "heading" if number == 0 else "answer"
        blocks.append(Block(line_start, line_end, kind, area, question, True, stated))
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


Piece = tuple[int, int, bool]
"""A span of a paragraph, and whether line reading found it to be a question."""

SENTENCE_GAP = re.compile(r"(?<=[a-z0-9)][.])[ \t]+(?=[A-Z])")
"""Between two sentences of one line: where an answer in the council's voice may start."""
INLINE_ANSWER = re.compile(r"(?<=\?)[ \t]+(?=\S)|(?<=:)[ \t]+(?=\S)|(?<= [–—-])[ \t]+(?=\S)")
"""Where an answer may start on a question's line: after "?", ":" or a spaced dash ("4. The
annual cost – this information is exempt ...")."""


def _split_lines(document: Document, spans: list[tuple[int, int]]) -> list[Piece]:
    """Split paragraphs at the lines that open a question, a service-area heading or an answer,
    as plain-text replies and PDFs with tight spacing run them together. A paragraph bold
    throughout is one question wrapped over lines, and a table is split by its cells, so both
    stay whole here."""
    text = document.text
    result: list[Piece] = []
    for start, end in spans:
        if document.styled(start, end, "bold") or document.styled(start, end, "table"):
            result.append((start, end, False))
        else:
            result += _line_pieces(text, start, end)
    return result


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, position = [], start
    for line in text[start:end].split("\n"):
        spans.append((position, position + len(line)))
        position += len(line) + 1
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _line_pieces(text: str, start: int, end: int) -> list[Piece]:
    """One paragraph's pieces: a question runs over the lines that wrap it (they start lower
    case) and may end inline ("2. Hosted where? By the supplier."); headings stand alone."""
    pieces: list[Piece] = []
    open_start, asking = start, False
    for line_start, line_end in _lines(text, start, end):
        line = text[line_start:line_end].strip()
        if asking and line[:1].islower():
            continue
        opens_question = _starts_question(line)
        if _is_heading(line) or opens_question or _any("answer", line) or asking:
            if line_start > open_start:
                pieces.append((open_start, line_start - 1, asking))
            open_start, asking = line_start, opens_question
        if _is_heading(line):
            pieces.append((line_start, line_end, False))
            open_start = line_end + 1
        elif opens_question:
            inline = _inline_answer(line)
            if inline is not None:
                offset = line_start + text[line_start:line_end].index(line) + inline
                pieces.append((line_start, offset, True))
                open_start, asking = offset, False
    if open_start < end and text[open_start:end].strip():
        pieces.append((open_start, end, asking))
    return [(s, e, q) for s, e, q in pieces if text[s:e].strip()]


def _starts_question(line: str) -> bool:
    """A line that opens a question: a question's cue, or a number and a request's opening
    words ("4. The current contract end date") that state nothing ("4. The current contract
    expires on ...")."""
    return (_any("question", line) or _any("numbered_question", line)) and not _any(
        "numbered_statement", line
    )


def _inline_answer(line: str) -> int | None:
    """Where the answer starts on a question's own line ("...expire? March 2027", "4. The
    annual cost – exempt under section 43(2)"), if it does.

    Example lists after the question mark ("? e.g. Mosaic") are still the question, and so is
    a numbered question after a label ("Request: 1. Do you use ..."). After a full stop, an
    answer starts only with a sentence in the council's voice ("Q8. Please provide the annual
    cost. The council publishes ...")."""
    asking = ("example_list", "question", "question_opener", "numbered_question")
    gaps = [
        *((match, False) for match in INLINE_ANSWER.finditer(line)),
        *((match, True) for match in SENTENCE_GAP.finditer(line)),  # "... cost. The council"
    ]
    for match, needs_voice in gaps:
        rest = line[match.end() :]
        if needs_voice and not _any("council_voice", rest):
            continue
        if not any(_any(kind, rest) for kind in asking):
            return match.end()
    return None


def _is_heading(chunk: str) -> bool:
    """A short line that opens an appendix or a service-area section (not one that wraps
    into the next: "Adults' services have recorded their casework in LAS since")."""
    return len(chunk) <= structure_rules().heading_max_length and (
        _any("appendix", chunk)
        or (
            service_area_named(chunk) is not None
            and _any("heading", chunk)
            and not chunk.endswith((".", "?"))
            and not _any("not_heading", chunk)
            and not _ends_in_a_wrap_word(chunk)
        )
    )


def _ends_in_a_wrap_word(chunk: str) -> bool:
    words = chunk.split()
    return bool(words) and words[-1].lower() in line_wrap_words()


def _classify(document: Document, start: int, end: int, chunk: str, repeated: bool) -> BlockKind:
    message = document.message_at(start)
    if document.styled(start, end, "quote") or (message and message.role == "requester"):
        return "quote"  # the requester's words are never the council's answer
    if _is_heading(chunk) or document.styled(start, end, "heading"):
        return "heading"
    if _any("answer", chunk):
        return "answer"
    if document.styled(start, end, "bold") and not document.styled(start, end, "table"):
        return "question"
    if (_any("question", chunk) and not _any("numbered_statement", chunk)) or repeated:
        return "question"
    return "answer"


def block_sentences(
    sentences: Iterable[Span], blocks: list[Block], kinds: Collection[BlockKind]
) -> Iterator[tuple[Span, Block]]:
    """Each sentence cut at the edges of the blocks of `kinds` it overlaps, with its block.

    A sentence never runs across two blocks: in a table row, the cell of one service area and
    the cell of the next are read apart, and a question cell never lends its words to an answer.
    A whole block (a table row or cell) is one sentence, whatever its punctuation.
    """
    ordered = list(sentences)
    if not ordered:
        return
    doc = ordered[0].doc
    starts = [sentence.start_char for sentence in ordered]
    for block in blocks:
        if block.kind not in kinds:
            continue
        if block.whole:
            span = doc.char_span(block.start, block.end, alignment_mode="contract")
            if span is not None and span.text.strip():
                yield span, block
            continue
        first = max(bisect.bisect_right(starts, block.start) - 1, 0)
        for sentence in ordered[first:]:
            if sentence.start_char >= block.end:
                break
            if sentence.end_char <= block.start:
                continue
            start, end = max(block.start, sentence.start_char), min(block.end, sentence.end_char)
            if start == sentence.start_char and end == sentence.end_char:
                yield sentence, block
                continue
            clipped = doc.char_span(start, end, alignment_mode="contract")
            if clipped is not None and clipped.text.strip():
                yield clipped, block
