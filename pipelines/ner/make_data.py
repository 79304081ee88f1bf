"""Generate NER training data for SYSTEM, SUPPLIER and HOST_ORG without copying real documents.

Whole FOI-response-shaped documents (letterhead, questions, answers, exemption paragraphs,
flattened tables, sign-off) come from the grammar in `grammar.json`, filled with invented
product, supplier and hosting-company names built from parts, the gazetteer's real names and
aliases, and hard negatives (Microsoft Teams, Excel, council names and acronyms, team names,
people and titles, legislation, exemption phrases, headings). Every sentence of the project's
own invented sample corpus, labelled by the rules, is added as weak labels, and the
hand-checked sentences of `hand_checked.jsonl` five times each.

Every sentence of the development gold sets (`GOLD_SETS`: invented responses in real layouts and
the real pages of ../shared/corpus when present) is added twice, labelled from the gold: each
product's name and aliases (a listed product's gazetteer spellings) as SYSTEM, each supplier's
(with its legal form) as SUPPLIER, and every other word, the addresses, people, councils,
teams and headings of real layouts, as no name. Held-out gold sets never reach training.

Name PARTS listed as held out in the grammar never reach training: `heldout.spacy` holds whole
documents that mention only names built from them (never in training, never in the gazetteer),
partly in sentence shapes training never saw. Deterministic (fixed seed).
Usage: python pipelines/ner/make_data.py [OUT_DIR]
"""

from __future__ import annotations

import csv
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy.tokens import Doc, DocBin

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
REFERENCE = ROOT / "foi_extract" / "resources" / "reference"
CORPUS = HERE / "corpus"
SEED = 13
NAME_SLOTS = {"S": "SYSTEM", "S2": "SYSTEM", "S3": "SYSTEM", "V": "SUPPLIER", "H": "HOST_ORG"}
Spans = list[tuple[int, int, str]]


@dataclass(frozen=True)
class Grammar:
    """The grammar file plus the reference lists it is filled with."""

    words: dict[str, Any]
    councils: list[str]
    council_acronyms: list[str]

    def pick(self, slot: str, rng: random.Random) -> str:
        """A value for a non-name slot such as {team} or {year2}."""
        words = self.words
        choices: dict[str, list[str] | range] = {
            "area": words["areas"],
            "year": range(2005, 2024),
            "year2": range(2024, 2032),
            "month": words["months"],
            "day": range(1, 29),
            "mm": [f"{m:02d}" for m in range(1, 13)],
            "num": range(1000, 99999),
            "k": range(1, 9),
            "tool": words["tools"],
            "tool2": words["tools"],
            "team": words["teams"],
            "council": self.councils,
            "first": words["first_names"],
            "last": words["last_names"],
            "title": words["job_titles"],
            "legislation": words["legislation"],
            "legal": words["legal_phrases"],
            "legal2": words["legal_phrases"],
            "heading": words["headings"],
            "acronym": words["acronym_negatives"] + self.council_acronyms,
            "acronym2": words["acronym_negatives"],
            "purpose": words["purposes"],
            "host_lead": words["host_lead"],
            "hosting": words["hosting_values"],
            "opener": words["openers"],
            "council_acronym": [self.council_with_acronym(rng)],
            "legislation_acronym": words["legislation_with_acronym"],
            "url": [self.url(rng)],
            "email": [f"{rng.choice(words['first_names']).lower()}@{self.slug(rng)}.gov.uk"],
            "noun": words["capitalised_nouns"],
            "noun2": [w.lower() for w in words["capitalised_nouns"]],
            "noun3": [w.lower() for w in words["capitalised_nouns"]],
        }
        return str(rng.choice(choices[slot]))

    def council_with_acronym(self, rng: random.Random) -> str:
        """'Kent County Council (KCC)': a council and the initials it goes by."""
        council = rng.choice(self.councils)
        return f"{council} ({''.join(w[0] for w in council.split() if w[0].isupper())})"

    def slug(self, rng: random.Random) -> str:
        return "".join(c for c in rng.choice(self.councils).lower() if c.isalnum())[:18]

    def url(self, rng: random.Random) -> str:
        shape = rng.choice(self.words["url_hosts"])
        return shape.format(slug=self.slug(rng), num=rng.randint(1000, 99999))


def load_grammar() -> Grammar:
    words = json.loads((HERE / "grammar.json").read_text(encoding="utf-8"))
    with (REFERENCE / "uk_local_authorities.csv").open(encoding="utf-8") as handle:
        councils = [row["official-name"] for row in csv.DictReader(handle)]
    acronyms = sorted({"".join(w[0] for w in c.split() if w[0].isupper()) for c in councils})
    return Grammar(words, councils, [a for a in acronyms if len(a) >= 3])


def coined_words(words: dict[str, Any], rng: random.Random) -> list[str]:
    """Made-up words ("Kelnova") so that the model learns shapes and contexts, not a word list;
    none equals a held-out part."""
    held_out = {w.lower() for w in words["held_out_heads"] + words["held_out_roots"]}
    coined: set[str] = set()
    while len(coined) < words["coined_per_list"]:
        word = "".join(rng.sample(words["syllables"], rng.randint(2, 3))).capitalize()
        if word.lower() not in held_out:
            coined.add(word)
    return sorted(coined)


def invented_names(
    words: dict[str, Any], held_out: bool, rng: random.Random
) -> dict[str, list[str]]:
    """Product, supplier and hosting-company names from the seen or the held-out parts."""
    if held_out:
        heads, roots = words["held_out_heads"], words["held_out_roots"]
    else:
        heads = words["product_heads"] + coined_words(words, rng)
        roots = words["supplier_roots"] + coined_words(words, rng)
    tails = words["product_tails"] + (words["held_out_tails"] if held_out else [])
    supplier_tails = words["supplier_tails"] + (
        words["held_out_supplier_tails"] if held_out else []
    )
    systems = {
        rng.choice(words["product_shapes"]).format(
            H=head, T=rng.choice(tails), X=rng.choice(words["product_suffixes"])
        )
        for head in heads
        for _ in range(8)
    }
    suppliers = {
        rng.choice(words["supplier_shapes"]).format(R=root, T=rng.choice(supplier_tails))
        for root in roots
        for _ in range(5)
    }
    hosts = {f"{root} {tail}" for root in roots for tail in rng.sample(words["host_tails"], 2)}
    return {"SYSTEM": sorted(systems), "SUPPLIER": sorted(suppliers), "HOST_ORG": sorted(hosts)}


def gazetteer_names() -> dict[str, list[str]]:
    """Every real product and supplier name and alias in the gazetteer."""
    names: dict[str, list[str]] = {"SYSTEM": [], "SUPPLIER": []}
    for file, label, key in (
        ("systems", "SYSTEM", "system"),
        ("suppliers", "SUPPLIER", "supplier"),
    ):
        with (REFERENCE / f"{file}.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                names[label] += [row[key], *filter(None, row["aliases"].split("|"))]
    return names


def with_acronym(name: str) -> tuple[str, Spans]:
    """'Kelnova Case Manager (KCM)': a product and its initials, both SYSTEM."""
    initials = "".join(word[0] for word in name.split() if word[0].isalpha()).upper()
    if len(initials) < 2:
        return name, [(0, len(name), "SYSTEM")]
    text = f"{name} ({initials})"
    return text, [(0, len(name), "SYSTEM"), (len(name) + 2, len(text) - 1, "SYSTEM")]


def fill(
    template: str, names: dict[str, list[str]], grammar: Grammar, rng: random.Random
) -> tuple[str, Spans]:
    """Fill a template; return the text and the (start, end, label) of each name placed."""
    text, spans, rest = "", [], template
    while "{" in rest:
        before, _, after = rest.partition("{")
        slot, _, rest = after.partition("}")
        text += before
        if slot in NAME_SLOTS:
            value = rng.choice(names[NAME_SLOTS[slot]])
            spans.append((len(text), len(text) + len(value), NAME_SLOTS[slot]))
        elif slot == "S_ACRONYM":
            value, acronym_spans = with_acronym(rng.choice(names["SYSTEM"]))
            spans += [(len(text) + s, len(text) + e, label) for s, e, label in acronym_spans]
        else:
            value = grammar.pick(slot, rng)
        text += value
    return text + rest, spans


def document(
    names: dict[str, list[str]], grammar: Grammar, rng: random.Random, answers: list[str]
) -> list[tuple[str, Spans]]:
    """The lines of one invented FOI response."""
    words = grammar.words

    def line(template: str) -> tuple[str, Spans]:
        """A filled template, some behind an opener ("However, ...") that is not a name."""
        text, spans = fill(template, names, grammar, rng)
        if rng.random() > 0.2 or not text or (spans and spans[0][0] == 0):
            return text, spans
        opener = rng.choice(words["openers"]) + ", "
        shift = len(opener)
        return opener + text[0].lower() + text[1:], [
            (s + shift, e + shift, label) for s, e, label in spans
        ]

    def negatives(count: int) -> list[tuple[str, Spans]]:
        return [line(rng.choice(words["negatives"])) for _ in range(count)]

    lines = [line("{council}"), line("{team}"), line("Reference: {acronym} {num}")]
    lines += [line("Dear Requester,"), *negatives(rng.randint(1, 3))]
    for number in range(1, rng.randint(2, 6)):
        lines.append(line(f"{number}. " + rng.choice(words["questions"])))
        lines += [line(rng.choice(answers)) for _ in range(rng.randint(1, 3))]
        lines += negatives(rng.randint(0, 2))
    if rng.random() < 0.4:
        lines.append(line(rng.choice(["{heading}", "Appendix 1"])))
        lines.append(line(rng.choice(words["table_headers"])))
        lines += [line(rng.choice(words["table_rows"])) for _ in range(rng.randint(1, 4))]
    lines += negatives(rng.randint(2, 5))
    lines += [line("Yours sincerely,"), line("{first} {last}"), line("{title}")]
    return lines


def as_doc(nlp: spacy.Language, text: str, spans: Spans) -> Doc | None:
    """A labelled Doc, or None when names overlap. A name grows to whole tokens: the tokenizer
    keeps "Ltd." at a sentence end as one token, and so will the model."""
    doc = nlp.make_doc(text)
    entities = [doc.char_span(s, e, label=label, alignment_mode="expand") for s, e, label in spans]
    if not all(entities):
        return None
    doc.ents = [entity for entity in entities if entity is not None]
    return doc


def joined(lines: list[tuple[str, Spans]]) -> tuple[str, Spans]:
    """Lines as one text, one line per row, with the name offsets moved along."""
    text, spans = "", []
    for line, line_spans in lines:
        spans += [(len(text) + s, len(text) + e, label) for s, e, label in line_spans]
        text += line + "\n"
    return text, spans


def chunk_docs(
    nlp: spacy.Language, names: dict[str, list[str]], grammar: Grammar, count: int, seed: int
) -> DocBin:
    """`count` documents cut into runs of one to five lines: the pipeline gives the model single
    sentences, `find_entities` whole texts."""
    rng = random.Random(seed)
    docs = DocBin()
    for _ in range(count):
        lines = document(names, grammar, rng, grammar.words["answers"])
        while lines:
            size = rng.randint(1, 5)
            doc = as_doc(nlp, *joined(lines[:size]))
            if doc is not None:
                docs.add(doc)
            lines = lines[size:]
    return docs


def whole_docs(
    nlp: spacy.Language, names: dict[str, list[str]], grammar: Grammar, count: int, seed: int
) -> DocBin:
    """Whole documents, partly in sentence shapes training never saw."""
    rng = random.Random(seed)
    answers = grammar.words["answers"] + grammar.words["held_out_answers"] * 4
    docs = DocBin()
    for _ in range(count):
        doc = as_doc(nlp, *joined(document(names, grammar, rng, answers)))
        if doc is not None:
            docs.add(doc)
    return docs


def weak_labels(nlp: spacy.Language, copies: int = 3) -> DocBin:
    """Every sentence of the project's own invented sample corpus, labelled by the rules.

    These carry real-looking letterheads, dates, references and signatures, none of them names.
    """
    from foi_extract.extract.mentions import gazetteer_mentions
    from foi_extract.extract.nlp import load_nlp
    from foi_extract.ingest import ingest_path
    from foi_extract.inputs import discover_inputs

    docs = DocBin()
    for path in discover_inputs([ROOT / "data" / "raw" / "sample"]):
        for parsed_document in ingest_path(path):
            parsed = load_nlp()(parsed_document.text)
            mentions = gazetteer_mentions(parsed, lambda offset: "system software")
            for sentence in parsed.sents:
                text = sentence.text.strip()
                if not text:
                    continue
                start = sentence.start_char + sentence.text.index(text)
                spans = [
                    (m.start - start, m.end - start, m.label)
                    for m in mentions
                    if start <= m.start and m.end <= start + len(text)
                ]
                doc = as_doc(nlp, text, spans)
                if doc is not None:
                    for _ in range(copies):
                        docs.add(doc)
    return docs


def hand_checked(nlp: spacy.Language, copies: int = 5) -> DocBin:
    """The hand-written, hand-checked sentences of `hand_checked.jsonl` (tricky shapes and
    negatives); each entity is given as its text, in order of appearance."""
    docs = DocBin()
    for row in (HERE / "hand_checked.jsonl").read_text(encoding="utf-8").splitlines():
        example = json.loads(row)
        text, spans, start = example["text"], [], 0
        for name, label in example["entities"]:
            start = text.index(name, start)
            spans.append((start, start + len(name), label))
            start += len(name)
        doc = as_doc(nlp, text, spans)
        if doc is None:
            raise ValueError(f"hand-checked example does not align: {text!r}")
        for _ in range(copies):
            docs.add(doc)
    return docs


GOLD_SETS = (
    ROOT / "data" / "gold" / "gold.jsonl",
    ROOT / "data" / "gold_shapes" / "gold.jsonl",
    ROOT / "data" / "gold_unlisted" / "gold.jsonl",
    ROOT / "data" / "gold_names" / "gold.jsonl",  # hard negatives: names that are no products
    ROOT.parent / "shared" / "corpus" / "dev" / "gold.jsonl",
    ROOT.parent / "shared" / "corpus" / "real" / "gold.jsonl",
)
LEGAL_FORM = r"(?:[ \t]+(?:Ltd|Limited|plc|PLC|LLP)\.?)?"


def gold_names(document: dict[str, Any]) -> list[tuple[str, str]]:
    """(spelling, label) of every name a gold document's labels stand for, longest first."""
    from foi_extract.link.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    names: set[tuple[str, str]] = set()
    for system in document["systems"]:
        spellings = [system["name"], *(system.get("aliases") or [])]
        if system.get("listed", True):
            spellings += gazetteer.names_of(system["name"])
        names |= {(spelling, "SYSTEM") for spelling in spellings}
        if supplier := system.get("supplier"):
            names.add((supplier, "SUPPLIER"))
            names |= {(a.text, "SUPPLIER") for a in gazetteer.aliases
                      if a.canonical == supplier and a.label == "SUPPLIER"}  # fmt: skip
    return sorted(names, key=lambda name: -len(name[0]))


def name_spans(text: str, names: list[tuple[str, str]]) -> Spans:
    """Where `names` stand in `text` (whole words; a supplier with its legal form)."""
    import re

    spans: Spans = []
    for spelling, label in names:
        suffix = LEGAL_FORM if label == "SUPPLIER" else ""
        pattern = re.compile(rf"(?<![\w-]){re.escape(spelling)}{suffix}(?![\w-])")
        for match in pattern.finditer(text):
            start, end = match.span()
            if not any(s < end and start < e for s, e, _ in spans):
                spans.append((start, end, label))
    return sorted(spans)


def gold_key(gold: Path, file: str) -> str:
    """A gold document's name across sets: its set's folder and its file ("gold_shapes/x.txt")."""
    return f"{gold.parent.name}/{file}"


def gold_sentences(
    nlp: spacy.Language, copies: int = 2, leave_out: frozenset[str] = frozenset()
) -> DocBin:
    """Every sentence of the development gold sets, names labelled from the gold; documents
    whose `gold_key` is in `leave_out` are left out (pipelines/ner/crossval.py)."""
    from foi_extract.extract.nlp import load_nlp
    from foi_extract.ingest import ingest_path

    docs = DocBin()
    for gold in GOLD_SETS:
        if not gold.exists():
            continue
        for line in gold.read_text(encoding="utf-8").splitlines():
            document = json.loads(line)
            if gold_key(gold, document["file"]) in leave_out:
                continue
            names = gold_names(document)
            for parsed_document in ingest_path(gold.parent / document["file"]):
                text = parsed_document.text
                spans = name_spans(text, names)
                for sentence in load_nlp()(text).sents:
                    start, end = sentence.start_char, sentence.end_char
                    if not text[start:end].strip():
                        continue
                    inside = [(s - start, e - start, label) for s, e, label in spans
                              if start <= s and e <= end]  # fmt: skip
                    doc = as_doc(nlp, text[start:end], inside)
                    if doc is not None:
                        for _ in range(copies):
                            docs.add(doc)
    return docs


def training_names(grammar: Grammar, rng: random.Random) -> dict[str, list[str]]:
    """Seen invented names plus the gazetteer's, real ones about a third of the time."""
    invented = invented_names(grammar.words, held_out=False, rng=rng)
    real = gazetteer_names()
    return {
        "SYSTEM": invented["SYSTEM"] + real["SYSTEM"] * 3,
        "SUPPLIER": invented["SUPPLIER"] + real["SUPPLIER"] * 3,
        "HOST_ORG": invented["HOST_ORG"],
    }


def main(out: Path = CORPUS, documents: int = 700, leave_out: frozenset[str] = frozenset()) -> None:
    grammar = load_grammar()
    rng = random.Random(SEED)
    nlp = spacy.blank("en")
    seen = training_names(grammar, rng)
    unseen = invented_names(grammar.words, held_out=True, rng=rng)
    out.mkdir(parents=True, exist_ok=True)
    train = chunk_docs(nlp, seen, grammar, documents, SEED + 1)
    train.merge(weak_labels(nlp))
    train.merge(hand_checked(nlp))
    train.merge(gold_sentences(nlp, leave_out=leave_out))
    train.to_disk(out / "train.spacy")
    chunk_docs(nlp, seen, grammar, max(documents // 10, 1), SEED + 2).to_disk(out / "dev.spacy")
    whole_docs(nlp, unseen, grammar, max(documents // 5, 1), SEED + 3).to_disk(
        out / "heldout.spacy"
    )
    (out / "heldout_names.json").write_text(json.dumps(unseen, indent=1), encoding="utf-8")
    print(
        f"wrote {len(train)} training texts to {out}; held-out names: "
        + ", ".join(f"{len(v)} {k}" for k, v in unseen.items())
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
