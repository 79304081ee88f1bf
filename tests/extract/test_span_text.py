"""`span_text` is `Span.text`, cut from the Doc's text instead of joined from its tokens."""

from __future__ import annotations

from foi_extract.extract.nlp import in_windows, load_nlp, parse, span_text

TEXT = (
    "Dear Council,\n\nWhich system do you use?  \n\nWe use Mosaic, hosted on premises.\n"
    "Contract ends 31/03/2027 (option to extend +1+1).\t Supplied by System C. \n\n  End.  "
)


def test_span_text_is_the_span_s_text() -> None:
    for doc in (parse(TEXT), in_windows(load_nlp(), TEXT, size=20)):
        spans = [*doc.sents, *(doc[i:j] for i in range(len(doc)) for j in range(i, len(doc)))]
        for span in spans:
            assert span_text(span) == span.text
