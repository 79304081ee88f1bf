"""Generate NER training data for SYSTEM and SUPPLIER without copying any real document.

Sentences come from templates filled with invented product and supplier names (built from
parts) and the gazetteer's real names, plus hard negatives (Microsoft Teams, Excel, council
names, team names, people and titles, legislation). A set of name PARTS is held out entirely:
`heldout.spacy` mentions only names built from held-out parts, never seen in training nor in
the gazetteer. Deterministic (fixed seed). Usage: python pipelines/ner/make_data.py [OUT_DIR]
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

import spacy
from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "foi_extract" / "resources" / "reference"
SEED = 13

PRODUCT_HEADS = [
    "Care",
    "Case",
    "Path",
    "Nexus",
    "Harbour",
    "Beacon",
    "Orbit",
    "Aster",
    "Civic",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Northstar",
    "Quartz",
    "Sentinel",
    "Tapestry",
    "Unity",
    "Vantage",
    "Willow",
    "Zenith",
    "Anchor",
    "Bridge",
    "Compass",
    "Delta",
    "Ember",
    "Fable",
    "Granite",
    "Horizon",
    "Iris",
    "Juno",
    "Keystone",
    "Lattice",
    "Mosaica",
    "Nimbus",
    "Opal",
    "Pioneer",
    "Quill",
    "Rowan",
    "Sable",
    "Tidal",
]
PRODUCT_TAILS = [
    "Hub",
    "Point",
    "Manager",
    "Suite",
    "Connect",
    "Record",
    "Flow",
    "Track",
    "360",
    "Plus",
    "Pro",
    "Cloud",
    "Case",
    "View",
    "Link",
    "Base",
    "Desk",
    "Works",
    "One",
    "Assist",
]
SUPPLIER_ROOTS = [
    "Aldwych",
    "Brightwater",
    "Carrow",
    "Denholm",
    "Elmtree",
    "Fenwick",
    "Greystone",
    "Holloway",
    "Ironbridge",
    "Juniper",
    "Kingsmere",
    "Larkspur",
    "Marlowe",
    "Oakridge",
    "Pennant",
    "Quayside",
    "Redwood",
    "Stirling",
    "Thornbury",
    "Upland",
    "Valemount",
    "Westbrook",
    "Yarrow",
    "Ashdown",
    "Bramley",
    "Cobalt",
    "Drayton",
    "Eastgate",
    "Foxley",
    "Glenmore",
]
SUPPLIER_TAILS = [
    "Systems Ltd",
    "Software",
    "Technologies",
    "Solutions Ltd",
    "Digital",
    "Group",
    "Healthcare",
    "Informatics",
    "Software Ltd",
    "Data Services",
]
HELD_OUT_HEADS = set(PRODUCT_HEADS[-10:])
HELD_OUT_ROOTS = set(SUPPLIER_ROOTS[-8:])

COUNCILS = [
    "Leeds City Council",
    "Kent County Council",
    "London Borough of Camden",
    "Cardiff Council",
    "Glasgow City Council",
    "Norfolk County Council",
]
TEAMS = [
    "Adult Social Care",
    "Children's Services",
    "Information Governance",
    "Early Help",
    "Brokerage Team",
    "Finance Team",
    "ICT Service Desk",
]
PEOPLE = [
    "Jane Smith, Head of Service",
    "Tom Okafor, Systems Manager",
    "Priya Shah, Director of Children's Services",
    "Alan Reed, Information Access Officer",
]
TOOLS = ["Microsoft Teams", "Excel", "Outlook", "SharePoint", "Word", "Zoom"]
AREAS = ["adult", "children's", "early help", "all-age"]

POSITIVE = [
    "We use {S} for {area} social care case management.",
    "{S}, supplied by {V}, has been in use since {year}.",
    "Our finance system is {S} ({V}).",
    "The council's systems are {S}, {S2} and {S3}.",
    "System: {S} | Supplier: {V} | Contract end: 31/03/{year2}",
    "{S} (formerly {S2}) is hosted by {V}.",
    "Payments are made through the {S} module provided by {V}.",
    "{V} supplies {S} under a contract that ends in March {year2}.",
    "We moved from {S2} to {S} in {year}.",
    "The {area} team records casework in {S}; finance uses {S2} from {V}.",
    "Name of system and supplier: {S} - {V}",
    "{S} is our case management system and {V} provides support.",
    "Contract details: {V} for {S}, started {year}, hosted by the supplier.",
    "We procured {S} from {V} in {year} and it went live in {year2}.",
    "{S} and {S2} are both provided by {V}.",
    "Training on {S} is delivered over {tool} by {person}.",
    "{person} manages the {S} contract with {V}.",
    "Records from {S} are exported to {tool} for reporting.",
]
# Sentence shapes kept out of training: the held-out set uses them too, so it tests new names
# in new contexts as well as in familiar ones.
HELD_OUT_TEMPLATES = [
    "The council has licensed {S} from {V} since {year}.",
    "Adults' services run {S}; the contract with {V} is due for renewal in {year2}.",
    "Case records are held in {S}, a product of {V}.",
    "For brokerage we use {S} and for payments {S2}.",
    "Supplier | Product: {V} | {S}",
]
NEGATIVE = [
    "Training is delivered over {tool} and records are exported to {tool2}.",
    "Please contact the {team} team at {council}.",
    "{person}, {council}.",
    "The information is exempt under Section 43(2) of the Freedom of Information Act 2000.",
    "{council} holds the information requested.",
    "Our {team} uses {tool} for meetings.",
    "The {team} works with partners across the county.",
    "We commission a mosaic of services for adults and children.",
]


def product_names(heads: list[str], rng: random.Random) -> list[str]:
    names = []
    for head in heads:
        for tail in rng.sample(PRODUCT_TAILS, 6):
            names.append(rng.choice([f"{head}{tail}", f"{head} {tail}", f"{head} {tail} Pro"]))
    return names


def supplier_names(roots: list[str], rng: random.Random) -> list[str]:
    return [f"{root} {tail}" for root in roots for tail in rng.sample(SUPPLIER_TAILS, 3)]


def gazetteer_names() -> tuple[list[str], list[str]]:
    with (REFERENCE / "systems.csv").open(encoding="utf-8") as handle:
        systems = [row["system"] for row in csv.DictReader(handle)]
    with (REFERENCE / "suppliers.csv").open(encoding="utf-8") as handle:
        suppliers = [row["supplier"] for row in csv.DictReader(handle)]
    return systems, suppliers


def fill(
    template: str, names: dict[str, list[str]], rng: random.Random
) -> tuple[str, list[tuple[int, int, str]]]:
    """Fill a template; return the text and the (start, end, label) of each name placed."""
    text, spans = "", []
    rest = template
    while "{" in rest:
        before, _, after = rest.partition("{")
        key, _, rest = after.partition("}")
        text += before
        if key in ("S", "S2", "S3", "V"):
            value = rng.choice(names["SUPPLIER" if key == "V" else "SYSTEM"])
            spans.append(
                (len(text), len(text) + len(value), "SUPPLIER" if key == "V" else "SYSTEM")
            )
        else:
            value = str(
                rng.choice(
                    {
                        "area": AREAS,
                        "year": range(2008, 2024),
                        "year2": range(2024, 2031),
                        "tool": TOOLS,
                        "tool2": TOOLS,
                        "team": TEAMS,
                        "council": COUNCILS,
                        "person": PEOPLE,
                    }[key]
                )
            )
        text += value
    return text + rest, spans


def make_docs(
    nlp: spacy.Language,
    names: dict[str, list[str]],
    count: int,
    negatives: float,
    rng: random.Random,
    positive: list[str] = POSITIVE,
) -> DocBin:
    docs = DocBin()
    for _ in range(count):
        template = rng.choice(NEGATIVE if rng.random() < negatives else positive)
        text, spans = fill(template, names, rng)
        doc = nlp.make_doc(text)
        entities = [
            doc.char_span(s, e, label=label, alignment_mode="strict") for s, e, label in spans
        ]
        if all(entities):
            doc.ents = [e for e in entities if e is not None]
            docs.add(doc)
    return docs


def weak_labels(nlp: spacy.Language, copies: int = 3) -> DocBin:
    """Every sentence of the project's own invented sample corpus, labelled by the rules.

    These carry what templates lack: letterheads, dates, greetings, references, headings and
    signatures, all of which are not names.
    """
    from foi_extract.extract.mentions import gazetteer_mentions
    from foi_extract.extract.nlp import load_nlp
    from foi_extract.ingest import ingest_path
    from foi_extract.inputs import discover_inputs

    docs = DocBin()
    for path in discover_inputs([ROOT / "data" / "raw" / "sample"]):
        for document in ingest_path(path):
            parsed = load_nlp()(document.text)
            mentions = gazetteer_mentions(parsed, lambda offset: "system software")
            for sentence in parsed.sents:
                text = sentence.text.strip()
                if not text:
                    continue
                start = sentence.start_char + sentence.text.index(text)
                doc = nlp.make_doc(text)
                spans = [
                    doc.char_span(m.start - start, m.end - start, label=m.label)
                    for m in mentions
                    if start <= m.start and m.end <= start + len(text)
                ]
                if all(spans):
                    doc.ents = [span for span in spans if span is not None]
                    for _ in range(copies):
                        docs.add(doc)
    return docs


CORPUS = Path(__file__).resolve().parent / "corpus"


def main(out: Path = CORPUS) -> None:
    rng = random.Random(SEED)
    nlp = spacy.blank("en")
    real_systems, real_suppliers = gazetteer_names()
    train_heads = [h for h in PRODUCT_HEADS if h not in HELD_OUT_HEADS]
    train_roots = [r for r in SUPPLIER_ROOTS if r not in HELD_OUT_ROOTS]
    seen = {
        "SYSTEM": product_names(train_heads, rng) + real_systems,
        "SUPPLIER": supplier_names(train_roots, rng) + real_suppliers,
    }
    unseen = {
        "SYSTEM": product_names(sorted(HELD_OUT_HEADS), rng),
        "SUPPLIER": supplier_names(sorted(HELD_OUT_ROOTS), rng),
    }
    out.mkdir(parents=True, exist_ok=True)
    train = make_docs(nlp, seen, 4000, 0.25, rng)
    train.merge(weak_labels(nlp))
    train.to_disk(out / "train.spacy")
    make_docs(nlp, seen, 400, 0.25, rng).to_disk(out / "dev.spacy")
    make_docs(nlp, unseen, 600, 0.25, rng, POSITIVE + HELD_OUT_TEMPLATES * 3).to_disk(
        out / "heldout.spacy"
    )
    (out / "heldout_names.json").write_text(json.dumps(unseen, indent=1))
    print(
        f"wrote train/dev/heldout to {out}; held-out names: "
        f"{len(unseen['SYSTEM'])} systems, {len(unseen['SUPPLIER'])} suppliers"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
