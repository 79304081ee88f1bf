"""The tokenizers (the pipeline's and the NER model's) keep spaCy's cache on: no special case of
a bare line break, tab or space, and the same tokens as with them."""

from __future__ import annotations

import pytest
from spacy.attrs import ORTH
from spacy.tokenizer import Tokenizer

from foi_extract.extract.ner import load_ner
from foi_extract.extract.nlp import keep_cache_on, load_nlp

TEXTS = (
    "Leeds City Council\nCivic Hall\n\nDear Ms Smith,\n\n1. Which system?\tMosaic.\n",
    "We use Liquidlogic LCS  (children's) and\u00a0ContrOCC;\r\nthe contract ends 31/03/2027.",
    "Supplied by System C. \n \n\tHosted on-premises, e.g. in our own data centre.\n\n",
)
BARE_WHITESPACE = ("\n", "\t", " ")


def _tokenizers() -> list[Tokenizer]:
    model = load_ner()
    found = [load_nlp().tokenizer, *([model.tokenizer] if model is not None else [])]
    return [t for t in found if isinstance(t, Tokenizer)]


def _with_whitespace_cases(tokenizer: Tokenizer) -> Tokenizer:
    """A copy of `tokenizer` with spaCy's special cases of bare whitespace put back."""
    rules = {**tokenizer.rules, **{char: [{ORTH: char}] for char in BARE_WHITESPACE}}
    return Tokenizer(
        tokenizer.vocab,
        rules=rules,
        prefix_search=tokenizer.prefix_search,
        suffix_search=tokenizer.suffix_search,
        infix_finditer=tokenizer.infix_finditer,
        token_match=tokenizer.token_match,
        url_match=tokenizer.url_match,
    )


@pytest.mark.parametrize("which", [0, 1], ids=["pipeline", "model"])
def test_no_special_case_of_bare_whitespace(which: int) -> None:
    tokenizers = _tokenizers()
    if which >= len(tokenizers):
        pytest.skip("no NER model in this checkout")
    rules = tokenizers[which].rules
    assert not [char for char in BARE_WHITESPACE if char in rules]
    assert "\u00a0" in rules  # a case that says more than its own text stays


@pytest.mark.parametrize("text", TEXTS)
def test_the_same_tokens_as_with_them(text: str) -> None:
    for tokenizer in _tokenizers():
        spacy_s = _with_whitespace_cases(tokenizer)
        ours = [(t.text, t.whitespace_, t.idx, t.norm_) for t in tokenizer(text)]
        theirs = [(t.text, t.whitespace_, t.idx, t.norm_) for t in spacy_s(text)]
        assert ours == theirs
        assert any("\n" in token[0] for token in ours)


def test_keep_cache_on_drops_only_bare_whitespace() -> None:
    tokenizer = _with_whitespace_cases(load_nlp().tokenizer)  # type: ignore[arg-type]
    before = dict(tokenizer.rules)
    keep_cache_on(tokenizer)
    assert set(before) - set(tokenizer.rules) == set(BARE_WHITESPACE)
