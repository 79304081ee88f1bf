"""The shipped NER model finds names the gazetteer never listed; the training step runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from foi_extract.extract import extract_facts, ner
from foi_extract.extract.mentions import Mention
from foi_extract.extract.ner import CEILING, confidence, find_entities, load_ner, model_mentions
from foi_extract.ingest import ingest_bytes
from foi_extract.link.gazetteer import load_gazetteer
from foi_extract.model_files import DEFAULT_MODEL

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "pipelines" / "ner"))
import make_data  # noqa: E402

SENTENCE = (
    "Adult social care uses Larchfield CaseBook, supplied by Pemberton Informatics Ltd, since 2019."
)


def test_shipped_model_is_small_and_loads_offline() -> None:
    size = sum(p.stat().st_size for p in DEFAULT_MODEL.rglob("*") if p.is_file())
    assert size < 30 * 1024 * 1024
    assert load_ner() is not None


def test_model_finds_an_unseen_product_and_supplier() -> None:
    names = {*load_gazetteer().systems, *load_gazetteer().suppliers}
    found = {(e.text, e.label) for e in find_entities(SENTENCE)}
    assert ("Larchfield CaseBook", "SYSTEM") in found
    assert ("Pemberton Informatics Ltd", "SUPPLIER") in found
    assert not {text for text, _ in found} & names


def test_model_only_name_becomes_a_full_fact_by_default_and_not_without_the_model() -> None:
    # no shape of rules/products.toml announces the product here: only the model reads it,
    # and the document names it twice (a model-only name named once needs a maker or a
    # software word after it: extract/model_gate.py)
    sentence = (
        "Adult social care went live on Larchfield CaseBook in 2019 and it is hosted in Azure.\n"
        "Larchfield CaseBook is used by every adult social care team."
    )
    document = ingest_bytes((sentence + "\n").encode(), "a.txt")[0]
    assert extract_facts(document, use_model=False).systems == []
    (fact,) = extract_facts(document).systems
    assert (fact.system, fact.listed, fact.extractor) == (
        "Larchfield CaseBook",
        False,
        "ner.model@6",
    )
    assert fact.hosting == "cloud" and fact.confidence < 0.9


def _read_by_the_model(monkeypatch: pytest.MonkeyPatch, first: str) -> tuple[list[str], set[str]]:
    """The sentences the model is given when `first` comes before SENTENCE as its own span,
    and the names found."""
    read: list[str] = []
    model = load_ner()
    assert model is not None

    class Recording:
        meta = model.meta

        def pipe(self, texts):  # type: ignore[no-untyped-def]
            texts = list(texts)
            read.extend(texts)
            return model.pipe(texts)

    monkeypatch.setattr(ner, "load_ner", lambda: Recording())
    text = f"{first} {SENTENCE}"
    split = len(first) + 1
    found = model_mentions(text, [(0, split - 1), (split, len(text))], [])
    return read, {m.surface for m in found}


def test_the_model_reads_only_sentences_with_a_software_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a product name the model found without a software word about it would be refused, so
    # such sentences are never given to it (most of a letter's sentences: its cost)
    first = "Thank you for your letter of 3 May to Pemberton House."
    read, found = _read_by_the_model(monkeypatch, first)
    assert read == [SENTENCE]
    assert "Larchfield CaseBook" in found


def test_the_model_reads_no_sentence_without_a_capitalised_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a name the model adds has a capitalised word that is not a stop word: a sentence of the
    # software's story with none ("It went live ... and replaced an in-house database") is
    # not read
    first = "It went live in May 2018 and replaced the old case management database."
    read, found = _read_by_the_model(monkeypatch, first)
    assert read == [SENTENCE]
    assert "Larchfield CaseBook" in found


@pytest.mark.parametrize(
    ("sentence", "may"),
    [
        ("It went live in 2018 and replaced an in-house system.", False),
        ("The IT service supports both systems.", False),  # "IT": a stop word's capitals
        ("We use eLCS for early help.", True),
        ("Lantern is hosted by the supplier.", True),
        ("(The system) is hosted by “Stowmarsh”.", True),
        # words that make no product name on their own (products.toml): a month, descriptive
        # and organisation words, a name no product has ("Freedom of Information")
        ("The system went live in March 2019 for Adults' Social Care.", False),
        ("Its cost is exempt under Section 43 of the Freedom of Information Act.", False),
        ("The Council's Finance Team supports the system.", False),
        ("The Council's Wayfarer Team supports the system.", True),
    ],
)
def test_a_sentence_may_name_something_by_its_capitalised_words(sentence: str, may: bool) -> None:
    assert ner.may_name_something(sentence) is may


def test_a_name_the_rules_found_leaves_the_model_nothing_to_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the sentence's only unexplained capitalised word is in a name the rules took
    sentence = "The system is supplied by Corvell Systems Ltd."
    start = sentence.index("Corvell")
    taken = [Mention.of(start, start + 7, "Corvell", "Corvell", "SUPPLIER", "test", 0.9)]
    assert ner.may_name_something(sentence, 0, taken) is False
    assert ner.may_name_something(sentence, 0, []) is True


def test_a_name_has_a_capitalised_word_that_is_no_stop_word() -> None:
    nlp = spacy.blank("en")
    patterns = [
        {"label": "SYSTEM", "pattern": p} for p in ("case database", "It went", "OrbitDesk")
    ]
    nlp.add_pipe("entity_ruler").add_patterns(patterns)
    sentence = "It went to the case database and OrbitDesk."
    assert [e.text for e in find_entities(sentence, nlp)] == ["OrbitDesk"]


def test_model_tells_an_ict_company_from_a_supplier() -> None:
    sentence = "Larchfield CaseBook is hosted by Stowmarsh Business Services, our ICT company."
    found = {(e.text, e.label) for e in find_entities(sentence)}
    assert ("Stowmarsh Business Services", "HOST_ORG") in found


def test_addresses_are_never_names_whatever_the_model_says() -> None:
    nlp = spacy.blank("en")
    patterns = [{"label": "SYSTEM", "pattern": [{"LIKE_EMAIL": True}]}]
    patterns += [{"label": "SYSTEM", "pattern": "Orbit Desk"}]
    nlp.add_pipe("entity_ruler").add_patterns(patterns)
    sentence = "Orbit Desk requests go to foi@example-council.gov.uk."
    assert [e.text for e in find_entities(sentence, nlp)] == ["Orbit Desk"]


def test_a_name_has_a_letter() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "SYSTEM", "pattern": '"}'}])
    assert find_entities('{"id": "a"}', nlp) == []


def test_missing_model_means_rules_only(tmp_path: Path) -> None:
    assert load_ner(tmp_path) is None


def test_confidence_is_the_held_out_precision_when_below_the_ceiling() -> None:
    nlp = spacy.blank("en")
    nlp.meta["heldout_precision"] = {"SUPPLIER": 0.62}
    assert confidence(nlp, "SUPPLIER") == 0.62


def test_confidence_never_reaches_the_rules() -> None:
    nlp = spacy.blank("en")
    nlp.meta["heldout_precision"] = {"SYSTEM": 0.99}
    assert confidence(nlp, "SYSTEM") == CEILING < 0.75


def test_held_out_names_never_reach_training(tmp_path: Path) -> None:
    make_data.main(tmp_path, documents=5)
    nlp = spacy.blank("en")
    held_out = json.loads((tmp_path / "heldout_names.json").read_text(encoding="utf-8"))
    train = DocBin().from_disk(tmp_path / "train.spacy").get_docs(nlp.vocab)
    trained = {ent.text for doc in train for ent in doc.ents}
    assert trained and not trained & {name for names in held_out.values() for name in names}


@pytest.mark.slow
def test_training_step_runs_on_a_tiny_corpus(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    docs = DocBin()
    for text, start, end in [("We use Nexus Hub daily.", 7, 16), ("Orbit Desk is hosted.", 0, 10)]:
        doc = nlp.make_doc(text)
        doc.ents = [doc.char_span(start, end, label="SYSTEM")]
        docs.add(doc)
    docs.to_disk(tmp_path / "tiny.spacy")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "train",
            str(ROOT / "pipelines" / "ner" / "config.cfg"),
            "--output",
            str(tmp_path / "out"),
            "--paths.train",
            str(tmp_path / "tiny.spacy"),
            "--paths.dev",
            str(tmp_path / "tiny.spacy"),
            "--training.max_steps",
            "4",
            "--training.eval_frequency",
            "2",
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    assert (tmp_path / "out" / "model-last" / "config.cfg").exists()


def test_the_shipped_model_has_spacy_package_meta() -> None:
    from foi_extract import __version__  # noqa: F401  (the package the model ships in)
    from foi_extract.model_files import model_path

    meta = json.loads((model_path() / "meta.json").read_text(encoding="utf-8"))
    assert (meta["name"], meta["license"]) == ("foi_ner", "MIT")
    assert meta["version"].split(".")[0] == "3" and meta["description"]
    assert meta["spacy_version"].startswith(">=3.8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the model reads only sentences where the rules found no system: the name it found
        # is found wherever else an answer writes it (`ner.repeated`)
        (
            "Adult social care went live on Larchfield CaseBook in 2019 and it is used by every "
            "adult social care team.\n\nMosaic and Larchfield CaseBook are both cloud services.\n",
            {"Larchfield CaseBook": ("hosting", "cloud"), "Mosaic": ("hosting", "cloud")},
        ),
        # ... and by its first word alone
        (
            "Adult social care went live on Larchfield CaseBook in 2019.\nLarchfield CaseBook is "
            "used by every adult social care team.\n\nMosaic is hosted on Council servers. "
            "Larchfield is hosted by its supplier.\n",
            {"Larchfield CaseBook": ("hosting", "supplier"), "Mosaic": ("hosting", "council")},
        ),
        # ... and by the acronym in brackets after it
        (
            "To award a contract for an early help case recording system to Calloway Systems Ltd "
            "for the Tandem Early Help Record (TEHR), for three years from 1 March 2024.\n\n"
            "Early help plans have been recorded in the Liquidlogic Early Help Module since 2017. "
            "TEHR is hosted by Calloway Systems in UK data centres.\n",
            {
                "Tandem Early Help Record": ("hosting", "supplier"),
                "Liquidlogic EHM": ("hosting", None),
            },
        ),
    ],
)
def test_a_name_the_model_found_is_found_where_else_the_answer_writes_it(
    text: str, expected: dict[str, tuple[str, str | None]]
) -> None:
    document = ingest_bytes(text.encode(), "a.txt")[0]
    found = {fact.system: fact for fact in extract_facts(document).systems}
    assert {
        name: (field, getattr(found[name], field)) for name, (field, _) in expected.items()
    } == expected
