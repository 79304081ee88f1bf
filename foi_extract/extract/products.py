"""Products the gazetteer does not list: names an answer announces, found wherever repeated.

A council announces a product in a few shapes (rules/products.toml): "Name of system: X",
"X, supplied by Y", "X from Y Ltd", "a contract with Y for X", "the X portal", and (weakly)
"recorded in X". A name such a shape announces in an answer, and that passes the name checks
(no organisation, office tool, month, or purely descriptive words), becomes a product of the
document: every place the document writes it, or its acronym, its former name or its first
word alone, is a mention with `listed = False` and the cleaned name as its `canonical`, so the
fact builder gives it supplier, hosting, area, status and dates as it does a listed name. The
supplier a shape names becomes a supplier mention beside it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from foi_extract.document import Document, in_capitals
from foi_extract.extract.findings import Finding
from foi_extract.extract.literals import PreCheck, fold
from foi_extract.extract.mentions import Mention, has_software_context, software_around
from foi_extract.extract.suppliers import is_supplier_column
from foi_extract.link.gazetteer import LEGAL_FORM, load_gazetteer
from foi_extract.link.register import place_words
from foi_extract.rules import ProductName, any_of, product_rules, resource_cache, rule_ref
from foi_extract.structure.blocks import ANSWERS, Block

REPEATED = rule_ref("products", "repeated")
SUPPLIER = rule_ref("products", "supplier")
SCORES = {"strong": 0.8, "weak": 0.7}
SEP = r"(?:[ \t]+|[ \t]*\n[ \t]*(?![^\n:]{1,40}:))"  # a wrapped line, not the next label
LABEL_AHEAD = r"(?![A-Za-z0-9'’&+-]*:)"  # a word followed by a colon is the next label
# The lookahead follows a word's first character (which it would have read as one of its own)
# so that a pattern opens with a character class: the regex engine then skips to the places
# that may start a match, where it would try the lookahead at every character of the text.
FIRST_WORD = r"[A-Z]" + LABEL_AHEAD + r"[A-Za-z0-9'’&+-]*"
WORD = r"[A-Z0-9]" + LABEL_AHEAD + r"[A-Za-z0-9'’&+-]*"
ACRONYM_AFTER = re.compile(r"[ \t]*\((?P<acronym>[A-Z][A-Za-z]{1,9})\)")
SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n\s*\n")
POSSESSIVE = re.compile(r"['’]s$")


@dataclass
class Product:
    """A product a shape announced: its name, the spellings that stand for it, its supplier."""

    name: str
    rule_id: str
    score: float
    start: int  # where a shape announced it
    spellings: set[str] = field(default_factory=set)
    tails: set[str] = field(default_factory=set)  # spellings that stand for it after "the"
    supplier: tuple[str, int, int] | None = None  # name, start, end
    pending: bool = False  # its shape holds only if another shape announces the same name
    listed_as: str | None = None  # the listed product it is ("the ICS provided by Liquidlogic")
    family: bool = False  # a supplier's name standing for its products (rules `families`)


@dataclass(frozen=True)
class _Shape:
    rule_id: str
    strength: str
    company_required: bool
    family_only: bool
    pattern: re.Pattern[str]
    words: PreCheck  # a text without the words every match holds is not scanned


def _name_body(rules: ProductName) -> str:
    """The regular expression of a name: capitalised words, connectors between them."""
    connector = "|".join(re.escape(word) for word in rules.connectors)
    more = rules.max_words - 1
    return rf"{FIRST_WORD}(?:{SEP}(?:(?:{connector}){SEP})?{WORD}){{0,{more}}}"


def _expand(pattern: str, rules: ProductName) -> str:
    """A shape's pattern with its placeholders filled: NAME is the `name` group, ORG a name
    (in its own group where the shape gives one: `(?P<supplier>ORG)`)."""
    body = _name_body(rules)
    for group in ("former", "supplier", "org", "exp"):
        pattern = pattern.replace(f"(?P<{group}>NAME)", f"(?P<{group}>{body})")
        pattern = pattern.replace(f"(?P<{group}>ORG)", f"(?P<{group}>{body})")
    return pattern.replace("NAME", f"(?P<name>{body})").replace("ORG", f"(?:{body})")


@resource_cache
def _shapes() -> list[_Shape]:
    rules = product_rules()
    shapes = []
    for rule in rules.rule:
        for pattern in rule.patterns:
            compiled = re.compile(_expand(pattern, rules.name))
            shapes.append(
                _Shape(
                    rule_ref("products", rule.id, rule.version),
                    rule.strength,
                    rule.company_required,
                    rule.family_only,
                    compiled,
                    PreCheck.of(compiled),
                )
            )
    return shapes


@resource_cache
def _supplier_labels() -> list[re.Pattern[str]]:
    rules = product_rules()
    return [re.compile(_expand(p, rules.name)) for p in rules.supplier.patterns]


@resource_cache
def _former() -> re.Pattern[str]:
    rules = product_rules().name
    return re.compile(r"[ \t,]*" + _expand(rules.former_name, rules))


@resource_cache
def _known_names() -> frozenset[str]:
    """Every spelling of a listed product or supplier, lower case: the gazetteer's business."""
    gazetteer = load_gazetteer()
    names = {alias.text.lower() for alias in gazetteer.aliases}
    return frozenset(names | {name.lower() for name in gazetteer.suppliers})


def clean_name(raw: str, acronym: bool = False) -> str | None:
    """The product name `raw` stands for, or None when it cannot be one: leading clause words
    dropped; no organisation word, office tool, month or gazetteer name; not only descriptive
    words unless it has its own acronym (`acronym`)."""
    rules = product_rules().name
    words = raw.split()
    while words and (words[0].rstrip(",:") in rules.leading_words or POSSESSIVE.search(words[0])):
        words = words[1:]  # "Yes. The", "the Council's SAP"
    while words and words[-1] in rules.connectors:
        words = words[:-1]
    if words and POSSESSIVE.search(words[-1]):
        return None  # an owner ("Brighton & Hove's own system"), not a name
    name = " ".join(words).strip(" ,:;'’")
    if not name or len(name) < 3 or name.isdigit() or len(words) > rules.max_words:
        return None
    parts = (part for word in words for part in POSSESSIVE.sub("", word).strip("'’,").split("-"))
    if any(part in rules.organisation_words for part in parts):
        return None  # also inside a compound: "Council-owned hardware"
    lowered = name.lower()
    refused = {word.lower() for word in rules.not_products}
    if lowered in refused or any(lowered.startswith(f"{word} ") for word in refused):
        return None
    if lowered in _known_names() or words[0].lower() in _known_names():
        return None
    descriptive = set(rules.generic_words) | set(rules.connectors)
    if not acronym and all(word in descriptive for word in words):
        return None
    return name


def _company(org: str, product: str) -> bool:
    """`org` looks like a company: a company word in it, or the product's first word."""
    rules = product_rules().name
    words = org.split()
    return bool(words) and (
        any(word.rstrip(".,") in rules.company_words for word in words)
        or words[0] == product.split()[0]
    )


def supplier_name(org: str) -> str:
    """A supplier's name without its legal form and line breaks ("Dunlin Data Ltd")."""
    return LEGAL_FORM.sub("", " ".join(org.split())).strip(" ,.")


def _in_answer(answers: list[Block], starts: list[int], start: int) -> bool:
    """`start` lies in one of `answers` (in text order; `starts`: their starts)."""
    index = bisect.bisect_right(starts, start) - 1
    return index >= 0 and start < answers[index].end


def _sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence around [start, end): from the previous sentence end (at
    most 300 characters back) to the next."""
    before = [m.end() for m in SENTENCE_END.finditer(text, max(0, start - 300), start)]
    after = SENTENCE_END.search(text, end)
    return before[-1] if before else max(0, start - 300), after.start() if after else len(text)


WINDOW_SLACK = 300  # characters a shape's match may run past its answer's end


def _windows(answers: list[Block], length: int) -> list[tuple[int, int]]:
    """The stretches of text the answers (in text order) cover, joined where they touch, each
    from the character before it (the line break a shape may open with) to a little past it."""
    windows: list[tuple[int, int]] = []
    for block in answers:
        start, end = max(0, block.start - 1), min(length, block.end + WINDOW_SLACK)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _matches_in(
    shape: _Shape, text: str, windows: list[tuple[int, int, str]]
) -> Iterator[re.Match[str]]:
    """The shape's matches in the answers' windows (start, end, folded text) that hold its
    words: a shape is looked for only where it may match, not from every capital letter of
    the document."""
    if len(windows) == 1:  # the words are in the document: no need to look again
        start, end, _ = windows[0]
        yield from shape.pattern.finditer(text, start, end)
        return
    for start, end, folded in windows:
        if shape.words.holds(folded):
            yield from shape.pattern.finditer(text, start, end)


def announced_products(document: Document, blocks: list[Block]) -> list[Product]:
    """The products the answers of `document` announce, in order of first announcement:
    by the shapes of its text, then by its tables' System and Product cells."""
    text = document.text
    products: dict[str, Product] = {}
    answers = sorted((b for b in blocks if b.kind in ANSWERS), key=lambda b: b.start)
    starts = [block.start for block in answers]
    folded = fold(text)
    windows = [(s, e, folded[s:e]) for s, e in _windows(answers, len(text))]
    found = [
        (match, shape)
        for shape in _shapes()
        if shape.words.holds(folded)
        for match in _matches_in(shape, text, windows)
    ]
    for match, shape in [*found, *_cell_values(document)]:
        if not _in_answer(answers, starts, match.start("name")):
            continue
        product = _product(text, match, shape)
        if product is not None:
            if product.supplier is None and shape.rule_id == _cell_rules()[2].rule_id:
                product.supplier = _row_supplier(document, match.start("name"))
            _add(products, product)
    announced = _merge_short_names([p for p in products.values() if not p.pending])
    _first_words(announced, text)
    _last_words(announced)
    named = _suppliers_named(text) if announced else []
    for product in announced:
        product.listed_as = _listed_as(product) or _short_for_listed(product, named)
    return announced


def _listed_as(product: Product) -> str | None:
    """The listed product a name stands for when its supplier's name before it spells one of
    the gazetteer's aliases: "the Integrated Children's System (ICS) provided by Liquidlogic"
    is "Liquidlogic ICS", Liquidlogic LCS."""
    if product.supplier is None:
        return None
    gazetteer = load_gazetteer()
    supplier = gazetteer.supplier_called(product.supplier[0])
    if supplier is None:
        return None
    found = (gazetteer.product_of(supplier, spelling) for spelling in sorted(product.spellings))
    return next((system for system in found if system), None)


def _short_for_listed(product: Product, named: list[str]) -> str | None:
    """The listed product a name is short for, its supplier's name left off, when the document
    names that supplier (`named`): "the MarketPlace platform ... hosted by Oxford Computer
    Consultants" is OCC MarketPlace, "the ICS database" beside "Capita ICS" is Capita ICS."""
    gazetteer = load_gazetteer()
    for supplier in named:
        for spelling in sorted(product.spellings):
            if listed := gazetteer.product_of(supplier, spelling):
                return listed
    return None


def _suppliers_named(text: str) -> list[str]:
    """The gazetteer's suppliers `text` names by any of their names, in the gazetteer's order."""
    gazetteer = load_gazetteer()
    return [
        supplier
        for supplier in gazetteer.suppliers
        if any(re.search(rf"\b{re.escape(n)}\b", text) for n in gazetteer.names_of(supplier))
    ]


def _add(products: dict[str, Product], product: Product) -> None:
    """Add a product, or merge it into the one that shares a spelling with it."""
    known = next((p for p in products.values() if p.spellings & product.spellings), None)
    if known is None:
        products[product.name] = product
        return
    if known.name in product.spellings and len(product.name) > len(known.name):
        known.name = product.name  # an acronym's expansion is its full name
    known.spellings |= product.spellings
    known.supplier = known.supplier or product.supplier
    known.pending = known.pending and product.pending
    if known.pending is False and known.rule_id != product.rule_id:
        known.score = max(known.score, product.score)


def _cell_values(document: Document) -> list[tuple[re.Match[str], _Shape]]:
    """Table cells that hold a product's name: under a System or Product column, or beside
    a System or Product label cell (a key/value table), each as a name match."""
    label, value, shape = _cell_rules()
    found = []
    for cell in document.cells:  # a key/value table's first row may pass for a header row
        under = not cell.header_row and cell.header and label.fullmatch(cell.header.strip())
        named = cell if under else None
        if named is None and label.fullmatch(document.text[cell.start : cell.end].strip()):
            named = document.cell_beside(cell)
        if named is not None and (match := value.match(document.text, named.start, named.end)):
            found.append((match, shape))
    return found


def _row_supplier(document: Document, start: int) -> tuple[str, int, int] | None:
    """The supplier a table row states for the product whose cell starts at `start`: its
    cell under a Supplier column ("| Costwise | Anvil Lane Software Ltd |")."""
    named = document.cell_at(start)
    if named is None:
        return None
    for cell in document.cells:
        same_row = (cell.table, cell.row) == (named.table, named.row) and cell is not named
        if same_row and cell.header and is_supplier_column(cell.header.strip()):
            return _supplier_found(document.text[cell.start : cell.end].strip(), cell.start)
    return None


@resource_cache
def _cell_rules() -> tuple[re.Pattern[str], re.Pattern[str], _Shape]:
    rules = product_rules()
    label = any_of(rules.cell.labels)
    value = re.compile(_expand(r"\s*NAME", rules.name))
    rule_id = rule_ref("products", rules.cell.id, rules.cell.version)
    return label, value, _Shape(rule_id, "strong", False, False, value, PreCheck.of(value))


def _merge_short_names(products: list[Product]) -> list[Product]:
    """A one-word product that is the first word of exactly one longer product is that one
    ("the Callwarden app" and "the Callwarden Homecare Monitor")."""
    kept = []
    for product in products:
        longer = [
            other
            for other in products
            if other is not product and other.name.split()[0] == product.name and " " in other.name
        ]
        if " " not in product.name and len(longer) == 1:
            longer[0].spellings |= product.spellings
            longer[0].supplier = longer[0].supplier or product.supplier
        else:
            kept.append(product)
    return kept


def _line_at(text: str, offset: int) -> str:
    """The line of `text` that holds `offset`."""
    end = text.find("\n", offset)
    return text[text.rfind("\n", 0, offset) + 1 : end if end >= 0 else len(text)]


def _product(text: str, match: re.Match[str], shape: _Shape) -> Product | None:
    raw, end = match.group("name"), match.end("name")
    if in_capitals(_line_at(text, match.start("name"))):
        return None  # every word is capitalised: the shape cannot tell where a name starts
    family = _family_named(raw)
    if family is not None or shape.family_only:
        return _family_product(text, match, shape, family) if family else None
    acronym = ACRONYM_AFTER.match(text, end)
    expansion = _expansion(text, raw, end)
    name = clean_name(raw, acronym=acronym is not None or expansion is not None)
    if name is None:
        return None
    own_acronym = acronym is not None and initials_fit(acronym.group("acronym"), name)
    if not (_software_by_name(name, own_acronym) or _confirmed(text, match, shape)):
        return None
    product = Product(name, shape.rule_id, SCORES[shape.strength], match.start("name"), {name})
    supplier = match.groupdict().get("supplier")
    product.pending = shape.company_required and not (supplier and _company(supplier, name))
    if acronym and own_acronym:
        product.spellings.add(acronym.group("acronym"))
    if expansion:
        product.spellings.add(expansion)
        product.name = expansion  # the full name, as the council writes it
    former = _former().match(text, acronym.end() if acronym else end)
    if former and (old := clean_name(former.group("former"))):
        product.spellings.add(old)
    product.supplier = _supplier(text, match, name)
    return product


def _software_by_name(name: str, own_acronym: bool) -> bool:
    """A name with its own acronym after it that calls itself software holds a weak shape
    without a software word around it: "recorded in the Compass Family Support Record (CFSR)",
    not "held in the Single Point of Access (SPA)" (a team)."""
    return own_acronym and has_software_context(name)


NEXT_CALLS_IT_SOFTWARE = re.compile(
    r"\s*(?:The|This|It)\s+(?:(?:[a-z]+\s+)?(?:product|system|software|application|tool|platform|"
    r"portal|module)\b|(?:is|was)\s+(?:an?|the|our)\s+(?:[\w-]+\s+){0,4}?(?:product|system|"
    r"software|application|tool|platform|portal|module)\b"
    r"|(?:is|was)\s+(?:supplied|provided|developed|built|written|licensed)\s+(?:to\s+us\s+)?by\b)"
)  # "The product was supplied by ...", "This is a small system built for us ...", "It was
# supplied by ..."


def _confirmed(text: str, match: re.Match[str], shape: _Shape) -> bool:
    """A strong shape holds on its own; a weak one ("recorded in X") only with a software word
    in its sentence, outside the shape, or where the next sentence calls it software ("... in
    RotaHarbour. The product was supplied by ..."; or by its name: `_software_by_name`)."""
    if shape.strength != "weak":
        return True
    first, last = _sentence_at(text, match.start(), match.end())
    if software_around(text[first:last], match.start() - first, match.end() - first):
        return True
    return NEXT_CALLS_IT_SOFTWARE.match(text, last + 1) is not None


def _family_named(raw: str) -> str | None:
    """The family (rules `families`) whose supplier `raw` names ("Liquidlogic Ltd"), or None."""
    supplier = load_gazetteer().supplier_called(" ".join(raw.split()))
    return supplier if supplier in product_rules().families else None


def _family_product(text: str, match: re.Match[str], shape: _Shape, family: str) -> Product | None:
    """The family's product where a shape puts its supplier's name in a product's place."""
    if not _confirmed(text, match, shape):
        return None
    start, end = match.start("name"), match.end("name")
    product = Product(family, shape.rule_id, SCORES[shape.strength], start, {family})
    product.family = True
    product.supplier = (family, start, end)
    return product


@resource_cache
def _acronym_expansion() -> re.Pattern[str]:
    nouns = "|".join(re.escape(noun) for noun in product_rules().name.product_nouns)
    return re.compile(
        _expand(rf"(?:[ \t]+(?:{nouns}))?[ \t]*\((?P<exp>NAME)\)", product_rules().name)
    )


def _expansion(text: str, raw: str, end: int) -> str | None:
    """ "SPAN (Short-break Payments and Allocations Network)": the expansion of an acronym."""
    if not (raw.isupper() and 2 <= len(raw) <= 10):
        return None
    found = _acronym_expansion().match(text, end)
    if found and initials_fit(raw, found.group("exp")):
        return " ".join(found.group("exp").split())
    return None


def initials_fit(acronym: str, name: str) -> bool:
    """The acronym's capitals are the initials of the name's words, in order (connectors and
    inner capitals may be skipped or used: "EHaRT", "CWTCH"; an X stands for a word that opens
    with "ex": "SBX", Sedgefold Brokerage Exchange)."""
    letters = [c.lower() for c in acronym if c.isupper()]
    words = [word.lower() for word in re.split(r"[\s-]+", name) if word]
    initials = [{word[0]} | ({"x"} if word.startswith("ex") else set()) for word in words]
    position = 0
    for letter in letters:
        position = next((i for i in range(position, len(initials)) if letter in initials[i]), -1)
        if position < 0:
            return False
        position += 1
    return len(letters) >= 2 and letters[0] in initials[0]


def _supplier(text: str, match: re.Match[str], name: str) -> tuple[str, int, int] | None:
    """The supplier the shape names, else one a "Supplier:" label gives before the next blank
    line; None when the council built it."""
    rules = product_rules().name
    if "supplier" in match.groupdict() and match.group("supplier"):
        org, start = match.group("supplier"), match.start("supplier")
        before = text[match.start() : start].lower()
        if any(word.lower() in before for word in rules.in_house):
            return None
        return _supplier_found(org, start)
    blank = text.find("\n\n", match.end())
    stop = min(blank if blank >= 0 else len(text), match.end() + 300)
    for label in _supplier_labels():
        found = label.search(text, match.end(), stop)
        if found:
            return _supplier_found(found.group("org"), found.start("org"))
    return None


def _supplier_found(org: str, start: int) -> tuple[str, int, int] | None:
    rules = product_rules().name
    words = org.split()
    incorporated = LEGAL_FORM.search(org) is not None  # "Anvil Lane Software Ltd": a company
    if (
        not words
        or words[0] in rules.leading_words
        or words[0] in rules.not_supplier_words
        or (
            not incorporated
            and any(
                word in rules.organisation_words and word not in rules.company_words
                for word in words
            )
        )
    ):
        return None
    if org.lower().startswith(tuple(word.lower() for word in rules.in_house)):
        return None
    return supplier_name(org), start, start + len(org.rstrip())


def _first_words(products: list[Product], text: str) -> None:
    """A product's first word alone stands for it ("Corvid replaced paper diaries") when no
    other product shares it and it is no descriptive word and no place ("London" is not the
    London Care Record: a word of a council's name in the register is a place)."""
    rules = product_rules().name
    places = place_words()
    firsts: dict[str, list[Product]] = {}
    for product in products:
        words = product.name.split()
        if (
            len(words) > 1
            and words[0] not in rules.generic_words
            and len(words[0]) >= 4
            and words[0].lower() not in places
        ):
            firsts.setdefault(words[0], []).append(product)
    for word, owners in firsts.items():
        if (
            len(owners) == 1
            and clean_name(word)
            and re.search(rf"\b{re.escape(word)}\b(?!\s+[A-Z])", text)
        ):
            owners[0].spellings.add(word)


def _last_words(products: list[Product]) -> None:
    """A product of three or more capitalised words is "the" and its name without the first
    word ("the Provider Hub" for the Provexa Provider Hub) where no other product shares
    those words."""
    tails: dict[str, list[Product]] = {}
    for product in products:
        words = product.name.split()
        if len(words) >= 3 and all(word[:1].isupper() for word in words[1:]):
            tails.setdefault(" ".join(words[1:]), []).append(product)
    for tail, owners in tails.items():
        if len(owners) == 1:
            owners[0].tails.add(tail)


class _Spans:
    """Which characters of a text a mention already covers."""

    def __init__(self, text: str, taken: Iterable[Mention]) -> None:
        self.covered = bytearray(len(text) + 1)
        for mention in taken:
            self.take(mention.start, mention.end)

    def take(self, start: int, end: int) -> bool:
        """Cover [start, end) if nothing covers any of it yet; say whether it was free."""
        if any(self.covered[start:end]):
            return False
        self.covered[start:end] = b"\x01" * (end - start)
        return True


def product_mentions(
    document: Document, blocks: list[Block], taken: Iterable[Mention]
) -> list[Mention]:
    """Mentions of every announced product wherever the text writes it, and of the suppliers
    the announcements name (suppliers first: "Callwarden Technologies" is no "Callwarden");
    none overlapping a mention in `taken`."""
    text = document.text
    spans = _Spans(text, taken)
    taken = list(taken)
    products = [p for p in announced_products(document, blocks) if _stands(p, taken)]
    found = _supplier_mentions(text, [p for p in products if not p.family], spans)
    for product in products:
        found += _spelling_mentions(text, product, spans)
    return sorted(found, key=lambda m: m.start)


def _stands(product: Product, taken: list[Mention]) -> bool:
    """A family's product stands only where the document names none of its listed products."""
    if not product.family:
        return True
    gazetteer = load_gazetteer()
    return not any(
        m.label == "SYSTEM" and gazetteer.supplier_of(m.canonical) == product.name for m in taken
    )


def _supplier_mentions(text: str, products: list[Product], spans: _Spans) -> list[Mention]:
    """Each announced supplier where its shape names it, then wherever the text repeats it
    ("hosted by Shorebird Software")."""
    found = []
    for product in products:
        if product.supplier:
            org, start, end = product.supplier
            if spans.take(start, end):
                mention = Mention.of(
                    start,
                    end,
                    text[start:end],
                    org,
                    "SUPPLIER",
                    SUPPLIER,
                    product.score,
                    listed=False,
                )
                found.append(mention)
    for supplier in sorted({p.supplier[0] for p in products if p.supplier}):
        legal_form = r"(?:[ \t]+(?:Ltd|Limited|plc|PLC|LLP))?"
        name = rf"(?<![\w-]){re.escape(supplier)}{legal_form}(?![\w-])"
        pattern = re.compile(name + r"(?![ \t]+[A-Z])")  # "Ravensworth", not "Ravensworth Audit"
        for match in pattern.finditer(text):
            start, end = match.span()
            if spans.take(start, end):
                found.append(
                    Mention.of(
                        start,
                        end,
                        match.group(0),
                        supplier,
                        "SUPPLIER",
                        REPEATED,
                        0.7,
                        listed=False,
                    )
                )
    return found


AFTER = r"(?![\w-])"  # the end of a spelling: no word goes on
AFTER_ALONE = r"(?![\w-])(?![ \t]+[A-Z])"  # a first word alone: no capitalised word follows


def _after(spelling: str, product: Product) -> str:
    alone = " " not in spelling and spelling != product.name and not spelling.isupper()
    return AFTER_ALONE if alone else AFTER


def _spelling_mentions(text: str, product: Product, spans: _Spans) -> list[Mention]:
    """The product wherever the text writes one of its spellings; its first word alone only
    where no capitalised word follows ("Corvid replaced", not "Corvid Software")."""
    stated = None
    if product.supplier:
        org, start, end = product.supplier
        stated = Finding("supplier", org, start, end, product.rule_id)
    found = []
    patterns = [
        *(
            rf"(?<![\w-]){re.escape(spelling)}{_after(spelling, product)}"
            for spelling in sorted(product.spellings, key=len, reverse=True)
        ),
        *(rf"(?<=\b[Tt]he ){re.escape(tail)}{AFTER}" for tail in product.tails),
    ]
    for pattern in patterns:
        for match in re.finditer(pattern, text):
            start, end = match.span()
            if former := _former().match(text, end):
                end = former.end()  # "X (formerly Y)": Y's "formerly" says nothing of X
            if product.family or spans.take(start, end):  # a family's name is its supplier's too
                rule_id = product.rule_id if start == product.start else REPEATED
                found.append(
                    Mention.of(
                        start,
                        end,
                        text[start:end],
                        product.listed_as or product.name,
                        "SYSTEM",
                        rule_id,
                        product.score,
                        listed=product.listed_as is not None,
                        stated_supplier=stated,
                    )
                )
    return found
